"""The article extraction benchmark's shingle metric (benchmarks/extraction.py) on hand-made strings."""

from __future__ import annotations

import pytest
from _bench import load_benchmark

bench = load_benchmark("extraction")


def test_shingles_are_four_word_tokens_with_multiplicity():
    assert bench.shingles("a b c d a b c d") == {
        ("a", "b", "c", "d"): 2,
        ("b", "c", "d", "a"): 1,
        ("c", "d", "a", "b"): 1,
        ("d", "a", "b", "c"): 1,
    }
    # \w+ tokens: punctuation and spacing do not count, an apostrophe splits a word.
    assert bench.shingles("Hello,  world!\n\nIt's") == {("Hello", "world", "It", "s"): 1}
    # Fewer than four tokens make one short shingle; no tokens make none.
    assert bench.shingles("a b") == {("a", "b"): 1}
    assert bench.shingles(" ... ") == {}


@pytest.mark.parametrize(
    ("true", "pred", "expected"),
    [
        ("a b c d e", "a b c d e", (1.0, 0.0, 0.0)),
        ("a b c d e", "a b c d x", (1 / 3, 1 / 3, 1 / 3)),  # abcd matches; bcde missed, bcdx extra
        ("a b c d a b c d", "a b c d", (0.2, 0.0, 0.8)),  # abcd twice in the truth, once predicted
        ("a b c d", "a b c d a b c d", (0.2, 0.8, 0.0)),
        ("a b c d", "", (0.0, 0.0, 1.0)),
        ("", "a b c d", (0.0, 1.0, 0.0)),
        ("", "", (0.0, 0.0, 0.0)),
    ],
)
def test_page_counts_are_normalised_to_sum_to_one(true, pred, expected):
    assert bench.shingle_counts(true, pred) == pytest.approx(expected)


def test_score_averages_precision_and_recall_over_pages_then_takes_f1():
    pages = [(1 / 3, 1 / 3, 1 / 3), (0.2, 0.0, 0.8)]
    # precision (0.5 + 1.0) / 2, recall (0.5 + 0.2) / 2
    assert bench.score(pages) == pytest.approx({"precision": 0.75, "recall": 0.35, "f1": 0.525 / 1.1})


def test_an_empty_prediction_costs_recall_not_precision():
    pages = [(1 / 3, 1 / 3, 1 / 3), (0.2, 0.0, 0.8), bench.shingle_counts("a b c d e", "")]
    assert bench.score(pages) == pytest.approx(
        {"precision": 0.75, "recall": 0.7 / 3, "f1": 2 * 0.75 * (0.7 / 3) / (0.75 + 0.7 / 3)}
    )
