"""The PLOVER dev set (benchmarks/gold/plover_dev) is well-formed, and benchmarks/plover_dev.py scores
it with benchmarks/plover.py's own functions."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from _bench import gold_rows, load_benchmark

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "benchmarks" / "gold" / "plover_dev"
FILES = {"dev.jsonl": "v", "check.jsonl": "c"}  # file -> id prefix
FIELDS = {"id", "text", "category", "mode", "actor", "target", "trigger"}

dev = load_benchmark("plover_dev")


ROWS = gold_rows("plover_dev", *FILES)
ALL_ROWS = [(name, row) for name in FILES for row in ROWS[name]]
LABELS = (*dev.bench.CATEGORIES, "OTHER")


@pytest.mark.parametrize(("name", "row"), ALL_ROWS, ids=lambda x: x["id"] if isinstance(x, dict) else x)
def test_line_is_well_formed(name: str, row: dict) -> None:
    assert set(row) == FIELDS
    assert row["id"].startswith(FILES[name]) and row["id"][1:].isdigit()
    assert row["category"] in LABELS
    text = row["text"]
    assert text == text.strip() and len(text.split()) >= 4
    for key in ("actor", "target", "trigger"):
        value = row[key]
        assert value is None or (isinstance(value, str) and value and value in text), key
    if row["category"] == "OTHER":
        assert row["mode"] is None and row["trigger"] is None  # no PLOVER event, so nothing to point at
    else:
        assert row["trigger"] is not None and " " not in row["trigger"]  # one word: verb or event noun
    allowed = dev.MANUAL_MODES.get(row["category"], frozenset())
    assert row["mode"] is None or row["mode"] in allowed, row["mode"]


def test_ids_are_unique_and_files_are_disjoint() -> None:
    ids = [row["id"] for _, row in ALL_ROWS]
    assert len(ids) == len(set(ids))
    texts = [row["text"] for _, row in ALL_ROWS]
    assert len(texts) == len(set(texts))


def test_sizes_and_category_coverage() -> None:
    counts = Counter(row["category"] for row in ROWS["dev.jsonl"])
    assert sum(counts.values()) >= 240
    assert all(counts[c] >= 15 for c in dev.bench.CATEGORIES), counts
    assert counts["OTHER"] >= 20
    check = Counter(row["category"] for row in ROWS["check.jsonl"])
    assert sum(check.values()) >= 100 and all(check[c] >= 5 for c in LABELS), check


def test_modes_cover_the_categories_that_have_them() -> None:
    moded = Counter(row["category"] for row in ROWS["dev.jsonl"] if row["mode"] is not None)
    assert all(moded[c] >= 5 for c in dev.MANUAL_MODES), moded


def test_readme_counts_match_the_files() -> None:
    readme = (GOLD_DIR / "README.md").read_text(encoding="utf-8")
    for name, rows in ROWS.items():
        assert f"| `{name}` | {len(rows)} |" in readme


def test_load_dev_and_label() -> None:
    items = dev.load_dev(GOLD_DIR / "dev.jsonl")
    assert len(items) == len(ROWS["dev.jsonl"]) and items[0].id == "v001"
    assert dev.dev_label(None) == "OTHER"  # no event at all: no PLOVER event
    pred = dev.bench.Pred(category="ASSAULT", trigger="shelled", depth=0, start=1)
    assert dev.dev_label(pred) == "ASSAULT"


def test_scoring_is_plover_benchmark_scoring() -> None:
    s = dev.bench.score(["ASSAULT", "OTHER", "AID"], ["ASSAULT", "OTHER", "OTHER"])
    assert s.accuracy == pytest.approx(2 / 3)
    assert s.per_category["OTHER"][:2] == (1, 2)
