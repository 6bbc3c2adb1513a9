"""The event-status gold set (benchmarks/gold/status) is well-formed, and the benchmark's alignment
and scoring (benchmarks/status.py) give the right numbers on hand-made cases."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from _bench import gold_rows, load_benchmark

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "benchmarks" / "gold" / "status"
FILES = ("dev.jsonl", "test.jsonl")

bench = load_benchmark("status")


ROWS = gold_rows("status", *FILES)
ALL_ROWS = [(name, row) for name in FILES for row in ROWS[name]]


# -- the gold files -------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "row"), ALL_ROWS, ids=lambda x: x["id"] if isinstance(x, dict) else x)
def test_gold_line_is_well_formed(name, row):
    assert set(row) == {"id", "text", "published", "events"}
    assert row["id"][0] == name[0]  # d... in dev, t... in test
    assert row["events"], "a line without events"
    assert len(row["published"]) == 10 and row["published"][4] == "-"
    for ev in row["events"]:
        assert set(ev) == {"trigger", "occurrence", "status"}
        assert ev["status"] in bench.STATUSES
        assert isinstance(ev["occurrence"], int) and ev["occurrence"] >= 1
        start = bench.find_trigger(row["text"], ev["trigger"], ev["occurrence"])
        assert start >= 0, f"{ev['trigger']!r} #{ev['occurrence']} is not in the text"
        assert row["text"][start : start + len(ev["trigger"])] == ev["trigger"]
    spans = [(e["trigger"], e["occurrence"]) for e in row["events"]]
    assert len(spans) == len(set(spans)), "an event annotated twice"


def test_ids_are_unique_and_files_are_disjoint():
    ids = [row["id"] for _, row in ALL_ROWS]
    assert len(ids) == len(set(ids))
    dev_texts = {row["text"] for row in ROWS["dev.jsonl"]}
    assert not dev_texts & {row["text"] for row in ROWS["test.jsonl"]}


def test_gold_sizes_and_status_coverage():
    counts = {name: Counter(e["status"] for row in ROWS[name] for e in row["events"]) for name in FILES}
    dev, test = sum(counts["dev.jsonl"].values()), sum(counts["test.jsonl"].values())
    assert dev + test >= 260
    assert 0.3 <= dev / (dev + test) <= 0.6  # dev was extended with hard constructions (d113-d228)
    for status in bench.STATUSES:
        minimum = {"unknown": 8, "ongoing": 15}.get(status, 20)
        assert counts["test.jsonl"][status] >= minimum, status
        assert counts["dev.jsonl"][status] >= 4, status


# -- trigger lookup and alignment -------------------------------------------------------------


def test_find_trigger_counts_whole_words_from_one():
    text = "The strikes followed a strike; another strike and an airstrike came later."
    assert bench.find_trigger(text, "strike", 1) == text.index("strike;")
    assert bench.find_trigger(text, "strike", 2) == text.index("strike and")
    assert bench.find_trigger(text, "strike", 3) == -1  # "airstrike" is not a whole-word "strike"
    assert bench.find_trigger(text, "strikes", 1) == 4
    assert bench.find_trigger(text, "strike", 0) == -1


def test_align_needs_a_covering_span():
    gold = bench.GoldEvent("x", "strike", 1, 10, 16, "planned")
    covering = bench.PredEvent(8, 18, "a strike", "ASSAULT", "occurred")
    exact = bench.PredEvent(10, 16, "strike", "ASSAULT", "planned")
    partial = bench.PredEvent(12, 20, "ike on", "ASSAULT", "possible")
    assert bench.align(gold, [partial]) is None
    assert bench.align(gold, [covering, partial]) is covering
    assert bench.align(gold, [covering, exact]) is exact  # the shortest covering span


def test_gold_events_reject_bad_lines():
    row = {"id": "x1", "text": "The navy struck.", "events": [{"trigger": "strike", "occurrence": 1}]}
    row["events"][0]["status"] = "occurred"
    with pytest.raises(ValueError, match="not in the text"):
        bench.gold_events(row)
    row["events"][0].update(trigger="struck", status="happened")
    with pytest.raises(ValueError, match="unknown status"):
        bench.gold_events(row)
    row["events"][0]["status"] = "occurred"
    (g,) = bench.gold_events(row)
    assert (g.start, g.end, g.status) == (9, 15, "occurred")


# -- scoring --------------------------------------------------------------------------------

PAIRS = [
    ("occurred", "occurred"),
    ("occurred", "planned"),
    ("planned", "planned"),
    ("negated", None),  # not detected: predicted "missed"
    ("negated", "negated"),
    ("possible", "occurred"),
]


def test_per_status_precision_recall_f1():
    scores = bench.score(PAIRS)
    rows = {r.status: r for r in scores.per_status}
    assert (rows["occurred"].precision, rows["occurred"].recall, rows["occurred"].f1) == (0.5, 0.5, 0.5)
    assert (rows["planned"].precision, rows["planned"].recall) == (0.5, 1.0)
    assert rows["planned"].f1 == pytest.approx(2 / 3)
    assert (rows["negated"].precision, rows["negated"].recall) == (1.0, 0.5)
    assert rows["negated"].f1 == pytest.approx(2 / 3)
    assert (rows["possible"].precision, rows["possible"].recall, rows["possible"].f1) == (0.0, 0.0, 0.0)
    assert (rows["possible"].support, rows["possible"].predicted) == (1, 0)
    assert rows["threatened"].support == 0


def test_macro_f1_accuracy_and_detection():
    scores = bench.score(PAIRS)
    assert (scores.n, scores.detected) == (6, 5)
    # over the four statuses present in the gold; absent ones do not count
    assert scores.macro_f1 == pytest.approx((0.5 + 2 / 3 + 2 / 3 + 0.0) / 4)
    # detected only: negated is then 1/1 right
    assert scores.macro_f1_detected == pytest.approx((0.5 + 2 / 3 + 1.0 + 0.0) / 4)
    assert scores.accuracy == pytest.approx(3 / 6)
    assert scores.accuracy_detected == pytest.approx(3 / 5)
    assert scores.confusion[("negated", bench.MISSED)] == 1
    assert scores.confusion[("possible", "occurred")] == 1


def test_perfect_predictions_score_one():
    pairs = [(s, s) for s in bench.STATUSES]
    scores = bench.score(pairs)
    assert scores.macro_f1 == scores.macro_f1_detected == scores.accuracy == 1.0


# -- end to end -----------------------------------------------------------------------------


def test_main_end_to_end(tmp_path, capsys):
    rows = [
        {
            "id": "e1",
            "text": "The navy struck two boats on Tuesday.",
            "published": "2026-03-10",
            "events": [{"trigger": "struck", "occurrence": 1, "status": "occurred"}],
        },
        {
            "id": "e2",
            "text": "The rebels threatened to seize the port.",
            "published": "2026-03-10",
            "events": [{"trigger": "seize", "occurrence": 1, "status": "threatened"}],
        },
        {
            "id": "e3",
            "text": "The army did not attack the village.",
            "published": "2026-03-10",
            "events": [{"trigger": "attack", "occurrence": 1, "status": "negated"}],
        },
    ]
    data = tmp_path / "tiny.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    pred_out = tmp_path / "pred.jsonl"
    assert bench.main(["--data", str(data), "--pred-out", str(pred_out)]) == 0
    out = capsys.readouterr().out
    assert "gold: 3 event mentions in 3 sentences" in out
    assert "detected as events: 3/3 (100.0%)" in out
    table: dict[str, list[str]] = {}
    for line in out.splitlines():  # the first line per status is the P/R/F1 table, not the confusion
        words = line.split()
        if words:
            table.setdefault(words[0], words[1:])
    for status in ("occurred", "threatened", "negated"):
        assert table[status][:5] == ["1.000", "1.000", "1.000", "1", "1"], status
    assert table["planned"][3] == "0"  # no support
    assert "macro-F1 (all gold events, misses wrong): 1.000" in out
    preds = [json.loads(line) for line in pred_out.read_text(encoding="utf-8").splitlines()]
    assert [p["gold_events"][0]["predicted"] for p in preds] == ["occurred", "threatened", "negated"]
    assert any(e["trigger"] == "threatened" for e in preds[1]["system_events"])
