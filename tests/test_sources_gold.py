"""The sources gold set (benchmarks/gold/sources) is well-formed, and the benchmark's alignment and
scoring (benchmarks/sources.py) are right on a small hand-made case."""

from __future__ import annotations

import json
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import get_args

import pytest
from _bench import load_benchmark

from newstrace.analysis import prepare
from newstrace.ingest.files import read_inputs
from newstrace.record import SourceType

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "benchmarks" / "gold" / "sources"
GOLD = GOLD_DIR / "gold.jsonl"

bench = load_benchmark("sources")

KEYS = {
    "article",
    "mention",
    "occurrence",
    "type",
    "name",
    "anonymous",
    "count",
    "affiliation",
    "role",
    "includes",
    "refers_to",
}
ROWS = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


@cache
def article_text(path: str) -> str:
    """The text newstrace analyses for an article file."""
    (item,) = list(read_inputs([str(ROOT / path)]))
    return prepare(item).text


def _text_value_ok(value) -> bool:
    if isinstance(value, list):
        return bool(value) and all(v is None or (isinstance(v, str) and v.strip()) for v in value)
    return value is None or (isinstance(value, str) and bool(value.strip()))


# -- the gold file --------------------------------------------------------------------------


def test_gold_is_large_enough_and_covers_new_articles():
    assert len(ROWS) >= 150
    new_articles = sorted((GOLD_DIR / "articles").glob("*.txt"))
    assert len(new_articles) >= 8
    annotated = {r["article"] for r in ROWS}
    for path in new_articles:
        assert str(path.relative_to(ROOT)) in annotated, path.name
    assert any(a.startswith("examples/") for a in annotated)


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{Path(r['article']).stem}:{r['mention'][:30]}")
def test_gold_row_is_well_formed(row):
    assert set(row) == KEYS
    text = article_text(row["article"])
    assert isinstance(row["occurrence"], int) and row["occurrence"] >= 0
    assert text.count(row["mention"]) >= 1
    start = bench.nth_occurrence(text, row["mention"], row["occurrence"])
    assert start >= 0, "the mention does not occur occurrence+1 times"
    assert row["type"] in get_args(SourceType)
    assert row["anonymous"] is (row["type"] == "anonymous")
    assert row["count"] is None or (type(row["count"]) is int and row["count"] >= 1)
    for key in ("name", "affiliation", "role"):
        assert _text_value_ok(row[key]), key
    assert isinstance(row["includes"], list)
    for group in row["includes"]:
        assert set(group) == {"text", "count"}
        assert group["text"] in text
        assert group["count"] is None or type(group["count"]) is int
    if row["refers_to"] is not None:
        assert text.rfind(row["refers_to"], 0, start) >= 0, "refers_to must occur before the mention"


def test_gold_rows_are_in_text_order_and_distinct():
    offsets = defaultdict(list)
    for row in ROWS:
        text = article_text(row["article"])
        offsets[row["article"]].append(bench.nth_occurrence(text, row["mention"], row["occurrence"]))
    for article, starts in offsets.items():
        assert starts == sorted(starts), article
        assert len(set(starts)) == len(starts), article


# -- alignment and scoring on a hand-made case ----------------------------------------------

TEXT = (
    "Navy spokesman Ana Ruiz said the ships had left. A senior official said a deal was close. "
    "She added that talks would resume. The official said the date was not set."
)


def _row(mention: str, type_: str, refers_to: str | None = None, occurrence: int = 0, **fields) -> dict:
    return {
        "article": "a.txt",
        "mention": mention,
        "occurrence": occurrence,
        "type": type_,
        "name": fields.get("name"),
        "anonymous": type_ == "anonymous",
        "count": fields.get("count"),
        "affiliation": fields.get("affiliation"),
        "role": fields.get("role"),
        "includes": fields.get("includes", []),
        "refers_to": refers_to,
    }


RUIZ = {"name": "Ana Ruiz", "affiliation": "Navy", "role": "spokesman"}
OFFICIAL = {"count": 1, "role": ["official", "senior official"]}
GOLD_ROWS = [
    _row("Navy spokesman Ana Ruiz", "person", **RUIZ),
    _row("A senior official", "anonymous", **OFFICIAL),
    _row("She", "person", "Navy spokesman Ana Ruiz", **RUIZ),
    _row("The official", "anonymous", "A senior official", **OFFICIAL),
]


def _span(text: str, occurrence: int = 0) -> tuple[int, int]:
    start = bench.nth_occurrence(TEXT, text, occurrence)
    return start, start + len(text)


def _gold():
    gold = [bench.gold_mention(r, TEXT) for r in GOLD_ROWS]
    bench.assign_entities(gold, TEXT)
    return gold


def test_gold_entities_follow_refers_to():
    gold = _gold()
    assert [g.entity for g in gold] == [0, 1, 0, 1]
    assert [g.kind for g in gold] == ["name", "descriptive", "pronoun", "descriptive"]
    assert gold[2].antecedents == [_span("Navy spokesman Ana Ruiz")]


def test_align_needs_half_the_gold_characters_and_takes_the_best_overlap():
    gold = _span("Navy spokesman Ana Ruiz")  # 23 characters
    short = bench.PredMention(*_span("Ruiz"), source=0)  # 4 of 23: not enough
    assert bench.align(gold, [short]) is None
    name = bench.PredMention(*_span("Ana Ruiz"), source=1)  # 8 of 23: not enough either
    assert bench.align(gold, [name]) is None
    long = bench.PredMention(gold[0] + 5, gold[1] + 10, source=2)  # 18 of 23, runs past the end
    assert bench.align(gold, [short, long, name]) == long
    # On a tie the tighter mention wins.
    tight = bench.PredMention(gold[0] + 5, gold[1], source=3)
    assert bench.align(gold, [long, tight]) == tight


def test_normalized_comparison():
    assert bench.field_matches("name", "Navy", "the Navy.")
    assert bench.field_matches("name", "Delcy Rodríguez", "delcy rodriguez")
    assert bench.field_matches("affiliation", "Vietnam", "Vietnam’s")
    assert bench.field_matches("role", "senator", "Sen.")
    assert bench.field_matches("role", "official", "officials")
    assert bench.field_matches("role", ["union president", "president"], "President")
    assert bench.field_matches("affiliation", [None, "union"], None)
    assert not bench.field_matches("affiliation", "Navy", None)
    assert not bench.field_matches("role", "spokesman", "spokesman Lt. Cmdr.")
    assert not bench.field_matches("count", 1, None)
    assert bench.field_matches(
        "includes", [{"text": "two U.S. officials", "count": 2}], [{"text": "two U.S. officials", "count": 2}]
    )
    assert not bench.field_matches("includes", [{"text": "two U.S. officials", "count": 2}], [])


def _prediction(she_source: int) -> bench.ArticlePrediction:
    """Ruiz right; the official detected with a wrong count; "She" resolved to source
    `she_source`; "The official" missed."""
    sources = [
        bench.PredSource("person", name="Ana Ruiz", affiliation="Navy", role="spokesman"),
        bench.PredSource("anonymous", anonymous=True, count=None, role="official"),
    ]
    mentions = [
        bench.PredMention(*_span("Navy spokesman Ana Ruiz"), source=0),
        bench.PredMention(*_span("A senior official"), source=1),
        bench.PredMention(*_span("She"), source=she_source),
        bench.PredMention(*_span("the ships"), source=1),  # a spurious attribution source
    ]
    # Here every mention is an attribution's source.
    return bench.ArticlePrediction(TEXT, sources, attributed=list(mentions), mentions=list(mentions))


def test_scoring_counts_misses_as_wrong_only_over_all_mentions():
    outcomes = bench.score_article(_gold(), _prediction(she_source=0))
    assert [o.pred is not None for o in outcomes] == [True, True, True, False]
    rows = {r.label: r for r in bench.summarize(outcomes)}
    # type: right for the three detected mentions; the missed one is wrong over all mentions.
    assert (rows["type"].right_all, rows["type"].total_all) == (3, 4)
    assert (rows["type"].right_detected, rows["type"].total_detected) == (3, 3)
    # count: the detected official has none (gold 1); the missed one is wrong too.
    assert (rows["count"].right_all, rows["count"].right_detected, rows["count"].total_detected) == (2, 2, 3)
    # role: alternatives accepted for the official.
    assert (rows["role"].right_all, rows["role"].right_detected) == (3, 3)
    # links: "She" is right; "The official" was missed.
    link = rows[bench.LINK_PRONOUN]
    assert (link.right_all, link.total_all, link.right_detected, link.total_detected) == (1, 2, 1, 1)
    assert rows[bench.LINK_NAME].total_all == 0
    # The attribution source "the ships" overlaps no gold mention.
    assert bench.unmatched_attribution_sources(_gold(), _prediction(0)) == [_span("the ships")]


def test_a_pronoun_resolved_to_the_wrong_source_is_a_wrong_link_and_wrong_fields():
    outcomes = bench.score_article(_gold(), _prediction(she_source=1))
    she = outcomes[2]
    assert she.results[bench.LINK_PRONOUN] is False
    assert she.results["name"] is False and she.results["type"] is False


def test_a_link_into_a_source_that_also_holds_another_gold_source_is_wrong():
    # Everything merged into one predicted source: "She" has an earlier mention of Ruiz in its
    # source, but also one of the official.
    pred = _prediction(she_source=0)
    pred.mentions[1] = pred.attributed[1] = bench.PredMention(*_span("A senior official"), source=0)
    she = bench.score_article(_gold(), pred)[2]
    assert she.results[bench.LINK_PRONOUN] is False
