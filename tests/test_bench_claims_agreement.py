"""benchmarks/claims_agreement.py: a second annotation scored against the gold as the linker is."""

from __future__ import annotations

import pytest
from _bench import load_benchmark

agreement_bench = load_benchmark("claims_agreement")

TEXTS = {"a1": "Troops seized the post. The army said nothing.", "a2": "Soldiers took the post on Monday."}


def _claim(claim: str, count: int, first: str, *mentions: tuple[str, str]) -> dict:
    return {
        "claim": claim,
        "story": "s01",
        "mentions": [{"article": a, "text": t} for a, t in mentions],
        "independent_sources": count,
        "first_reported_by": first,
    }


GOLD = [_claim("s01-c1", 2, "a1", ("a1", "Troops seized the post"), ("a2", "Soldiers took the post"))]


def test_the_same_annotation_agrees_wholly():
    scores = agreement_bench.agreement(GOLD, GOLD, TEXTS)
    assert scores["f1"] == 1.0 and scores["independent_exact"] == 1.0 and scores["first_reported_by"] == 1.0


def test_a_split_claim_loses_recall_and_its_count():
    other = [
        _claim("s01-c1", 1, "a1", ("a1", "Troops seized the post.")),  # a longer span still overlaps
        _claim("s01-c2", 1, "a2", ("a2", "Soldiers took the post on Monday")),
    ]
    scores = agreement_bench.agreement(GOLD, other, TEXTS)
    assert scores["precision"] == 1.0 and scores["recall"] == pytest.approx(0.5)
    assert scores["independent_exact"] == 0.0 and scores["first_reported_by"] == 1.0


def test_a_mention_the_other_annotation_lacks_is_a_singleton():
    other = [_claim("s01-c1", 2, "a1", ("a1", "Troops seized the post"))]
    scores = agreement_bench.agreement(GOLD, other, TEXTS)
    assert scores["recall"] == pytest.approx(0.5) and scores["independent_exact"] == 1.0


def test_the_bundled_second_annotations_cover_twelve_dev_stories(capsys):
    assert agreement_bench.main([]) == 0
    header = capsys.readouterr().out.split("\n")[0].split()
    assert header[:2] == ["12", "stories:"]
    # dev stories only: the held-out ones are never annotated or read
    assert set(header[2:]) <= load_benchmark("claims").DEV_STORIES
