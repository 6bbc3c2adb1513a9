"""The reporting/opinion passage gold set (benchmarks/gold/passages) is well-formed, and the
benchmark's scoring (benchmarks/passages.py) gives the right numbers on hand-made cases."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from _bench import gold_rows, load_benchmark

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "benchmarks" / "gold" / "passages"
FILES = ("dev.jsonl", "test.jsonl", "test2.jsonl")

bench = load_benchmark("passages")


ROWS = gold_rows("passages", *FILES)
ALL_ROWS = [(name, row) for name in FILES for row in ROWS[name]]


@pytest.mark.parametrize(("name", "row"), ALL_ROWS, ids=lambda x: x["id"] if isinstance(x, dict) else x)
def test_gold_line_is_well_formed(name, row):
    assert set(row) == {"id", "kind", "label", "text"}
    assert row["id"].startswith(name.split(".")[0] + "-")
    assert row["label"] in bench.LABELS
    assert row["kind"] in ("news", "analysis", "opinion")
    assert "\n" not in row["text"], "one paragraph a line"
    assert len(row["text"].split()) >= 5


def test_gold_has_at_least_150_paragraphs_with_every_label():
    assert sum(len(rows) for rows in ROWS.values()) >= 150
    for rows in ROWS.values():
        counts = Counter(row["label"] for row in rows)
        assert min(counts[label] for label in bench.LABELS) >= 10


def test_ids_and_texts_are_unique():
    ids = [row["id"] for _, row in ALL_ROWS]
    texts = [row["text"] for _, row in ALL_ROWS]
    assert len(set(ids)) == len(ids)
    assert len(set(texts)) == len(texts)


def test_scores_on_hand_made_labels():
    gold = ["reporting", "reporting", "opinion", "mixed"]
    predicted = ["reporting", "opinion", "opinion", "mixed"]
    table = bench.scores(gold, predicted)
    assert table["reporting"]["P"] == 1.0
    assert table["reporting"]["R"] == 0.5
    assert table["opinion"]["P"] == 0.5
    assert table["mixed"]["F1"] == 1.0
    r_f1 = 2 * 1.0 * 0.5 / 1.5
    o_f1 = 2 * 0.5 * 1.0 / 1.5
    assert table["macro"]["F1"] == pytest.approx((r_f1 + o_f1 + 1.0) / 3)
