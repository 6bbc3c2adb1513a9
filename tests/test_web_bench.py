"""The web benchmark's pure parts (benchmarks/web.py): building articles from a pool record, drawing
URLs from a store, percentiles, wrk's report and the table. No server, no wrk, no timing."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest
from _bench import load_benchmark

from newstrace.record import Record
from newstrace.store import CopyMeta, Store

bench = load_benchmark("web")

SLOTS = {
    "F1": "Doria",
    "L1": "Kestrel",
    "F2": "Amira",
    "L2": "Solbeki",
    "PLACE": "Velmoria",
    "BODY": "Vaskor",
    "N1": "340",
    "N2": "12",
}
TEXT = (
    "Doria Kestrel, the mayor, said 340 people left Velmoria on Monday.\n\nThe Vaskor Council met 12 times."
)


def _span(text: str, part: str) -> dict:
    start = text.index(part)
    return {"start": start, "end": start + len(part), "text": part}


def pool_record() -> dict:
    """A hand-made analysed pool article carrying the slot values above."""
    return {
        "newstrace_version": "test",
        "article": {"id": "pool-0", "title": "340 left Velmoria", "published": "2026-03-04", "text": TEXT},
        "attributions": [
            {
                "id": "a1",
                "kind": "indirect",
                "cue": _span(TEXT, "said"),
                "source": _span(TEXT, "Doria Kestrel"),
                "source_id": "s1",
                "content": [_span(TEXT, "340 people left Velmoria on Monday")],
            },
        ],
        "sources": [
            {
                "id": "s1",
                "type": "person",
                "name": "Doria Kestrel",
                "normalized_name": "doria kestrel",
                "role": "mayor",
                "mentions": [_span(TEXT, "Doria Kestrel")],
            },
        ],
        "events": [
            {
                "id": "e1",
                "trigger": _span(TEXT, "left"),
                "category": "AID",
                "status": "occurred",
                "location": {"span": _span(TEXT, "Velmoria"), "name": "Velmoria"},
                "time": {"span": _span(TEXT, "Monday"), "value": "2026-03-02"},
                "attributed_to": "a1",
            },
        ],
    }


def pool() -> list[tuple[dict, dict[str, str], int]]:
    Record.model_validate(pool_record())  # the hand-made record is a valid record
    return [(pool_record(), SLOTS, 0)]


def spans_of(record: Record) -> list:
    spans = [record.attributions[0].cue, record.attributions[0].source, *record.attributions[0].content]
    spans += record.sources[0].mentions
    event = record.events[0]
    return [*spans, event.trigger, event.location.span, event.time.span]


def test_invented_words_and_slot_values_have_the_slot_lengths():
    rng = random.Random(1)
    for _ in range(20):
        values = bench.slot_values(rng)
        assert {slot: len(value) for slot, value in values.items()} == bench.SLOT_LENGTHS
        assert len(set(values.values())) == len(values)


def test_pool_articles_carry_their_slot_values():
    article, slots, kind = bench.pool_article(5, seed=3)
    assert kind == 5 % bench.KINDS
    assert slots["PLACE"] in article["text"] or slots["PLACE"] in article["title"]
    assert bench.pool_article(5, seed=3)[0] == article  # reproducible


def test_materialise_swaps_the_story_tokens_and_keeps_every_span_valid():
    story = {
        "F1": "Brian",
        "L1": "Trolsek",
        "F2": "Mirel",
        "L2": "Gastoni",
        "PLACE": "Drenhoun",
        "BODY": "Kalmar",
        "N1": "777",
        "N2": "45",
    }
    planned = bench.Planned(story=0, pool_index=0, published=bench.date(2025, 6, 10), outlet="Harbor Post")
    record = Record.model_validate(bench.materialise(42, planned, pool(), [story]))
    text = record.article.text
    for span in spans_of(record):
        assert text[span.start : span.end] == span.text
    assert "Brian Trolsek" in text and "777" in text and "Drenhoun" in text and "Kalmar" in text
    assert "Kestrel" not in text and "Velmoria" not in record.article.title
    assert record.sources[0].normalized_name == "brian trolsek"
    assert record.events[0].location.name == "Drenhoun"
    assert record.article.id == "web-42" and record.article.outlet == "Harbor Post"
    assert record.article.published == "2025-06-10"
    # the time moves with the publication date: 2026-03-04 -> 2025-06-10, Monday 2026-03-02 -> 2025-06-08
    assert record.events[0].time.value == "2025-06-08"


def test_story_sizes_sum_to_the_count_within_the_cap():
    sizes = bench.story_sizes(5000, random.Random(2), cap=50)
    assert sum(sizes) == 5000
    assert max(sizes) <= 50 and min(sizes) >= 1


def test_plan_orders_by_date_and_keeps_a_story_on_one_kind():
    kinds = [0, 1, 0, 1]
    planned, stories = bench.plan(300, kinds, seed=4)
    assert len(planned) == 300
    assert [p.published for p in planned] == sorted(p.published for p in planned)
    for story in range(len(stories)):
        assert len({kinds[p.pool_index] for p in planned if p.story == story}) <= 1


@pytest.fixture(scope="module")
def tiny_store(tmp_path_factory) -> Path:
    """40 articles from the hand-made pool record, linked into stories."""
    from newstrace.link.runner import link_store

    db = tmp_path_factory.mktemp("web-bench") / "tiny.db"
    planned, stories = bench.plan(40, [0], seed=5)
    with Store(db) as store:
        for number, item in enumerate(planned):
            record = Record.model_validate(bench.materialise(number, item, pool(), stories))
            store.add_record(record, CopyMeta.from_record(record, "test"))
        link_store(store)
    return db


def test_draw_ids_and_urls_come_from_the_store(tiny_store):
    with sqlite3.connect(tiny_store) as conn:
        ids = bench.draw_ids(conn, 30, random.Random(0))
        stories = {sid for (sid,) in conn.execute("SELECT id FROM stories")}
        articles = {aid for (aid,) in conn.execute("SELECT id FROM articles")}
    assert all(len(values) == 30 for values in ids.values())
    assert set(ids["story"]) <= stories and set(ids["article"]) <= articles
    assert len(set(ids["article"])) > 1  # many URLs, not one
    by_name = {t.name: t for t in bench.TARGETS}
    claims = bench.target_urls(by_name["api claims"], ids)
    assert claims[0] == f"/api/stories/{ids['story'][0]}/claims"
    search = bench.target_urls(by_name["search page"], {"word": ["a b/c"]})
    assert search == ["/?q=a%20b%2Fc"]


def test_the_urls_are_served_by_the_api(tiny_store):
    from fastapi.testclient import TestClient

    from newstrace.web import create_app

    with sqlite3.connect(tiny_store) as conn:
        ids = bench.draw_ids(conn, 4, random.Random(1))
    with TestClient(create_app(tiny_store)) as client:
        for target in bench.TARGETS:
            if target.kind == "api":
                for url in bench.target_urls(target, ids):
                    assert client.get(url).status_code == 200, url


def test_percentile_interpolates_like_numpy():
    values = [5.0, 1.0, 3.0, 2.0, 4.0]
    assert bench.percentile(values, 50) == 3.0
    assert bench.percentile(values, 95) == pytest.approx(4.8)
    assert bench.percentile([7.0], 95) == 7.0
    with pytest.raises(ValueError):
        bench.percentile([], 50)


def test_results_from_wrk_and_the_table():
    report = {
        "requests": 200,
        "duration_us": 10_000_000,
        "p50_us": 12_500,
        "p95_us": 80_000,
        "p99_us": 90_000,
        "max_us": 99_000,
        "connect": 0,
        "read": 0,
        "write": 0,
        "status": 3,
        "timeout": 1,
    }
    result = bench.result_from_wrk("api story", 20, report)
    assert (result.median_ms, result.p95_ms, result.errors) == (12.5, 80.0, 4)
    assert result.error_kinds == {"status": 3, "timeout": 1}
    assert result.per_second == 20.0
    table = bench.format_table([result, bench.Result("story page", 1, note="not served (404)")])
    lines = table.splitlines()
    assert lines[0].startswith("| target | clients | requests |")
    assert lines[2] == "| api story | 20 | 200 | 20.0 | 12.5 | 80.0 | 4 (status 3, timeout 1) |"
    few = bench.result_from_wrk("api claims", 20, {**report, "requests": 0})
    assert few.median_ms is None and "| 0 (few) | 0.0 | - | - |" in bench.format_table([few])
    assert "not served (404)" in lines[3]


def test_not_served_only_when_every_probe_is_a_404():
    assert bench.not_served({"404": 10})
    assert not bench.not_served({"404": 9, "200": 1})
    assert not bench.not_served({})
