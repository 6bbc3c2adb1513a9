"""Timelines and claims of a story: newstrace.link.timeline, `newstrace timeline ID`, `newstrace claims`.

The story is invented for this test: a union leader says dock workers will strike on Thursday (t1),
another outlet re-reports that "according to the Harbor Ledger" (t2), and on Thursday a wire says
the strike happened (t3). The first title carries rich markup, which must be printed as written."""

from __future__ import annotations

import json

import pytest
from _store_records import stored
from click.testing import CliRunner

from newstrace.analysis import analyze
from newstrace.cli import main
from newstrace.cli.common import EXIT_NOTHING, EXIT_OK
from newstrace.link.timeline import EventMention, group, matches, status_change, timeline
from newstrace.store import Store

ARTICLES = [
    {
        "id": "t1",
        "outlet": "Harbor Ledger",
        "published": "2026-03-02T09:00:00Z",
        "title": "Velmora dockers [bold]to strike[/bold] on Thursday",
        "text": "Dock workers at the port of Velmora will strike on Thursday, union leader Anna Kovic "
        "said on Monday. The Velmora Dockworkers Union is demanding a 12 percent pay rise from the "
        "port authority.",
    },
    {
        "id": "t2",
        "outlet": "Meridian News",
        "published": "2026-03-02T15:00:00Z",
        "title": "Velmora port strike looms",
        "text": "Dock workers at the port of Velmora will strike on Thursday, according to the Harbor "
        "Ledger. Shipping companies said they were preparing to divert cargo from Velmora to other ports.",
    },
    {
        "id": "t3",
        "outlet": "Coastal Wire",
        "published": "2026-03-05T18:00:00Z",
        "title": "Velmora dockers walk out",
        "text": "Thousands of dock workers at the port of Velmora went on strike on Thursday, the union "
        "said. Dozens of ships were left waiting outside the Velmora harbour as cranes stood idle.",
    },
]


@pytest.fixture(scope="module")
def records(nlp):
    return [analyze(a, nlp) for a in ARTICLES]


@pytest.fixture(scope="module")
def db(records, tmp_path_factory):
    return stored(tmp_path_factory.mktemp("timeline") / "s.db", records, link=True)


@pytest.fixture(scope="module")
def story_id(db):
    with Store(db, readonly=True) as store:
        rows = store.conn.execute("SELECT DISTINCT story_id FROM story_articles").fetchall()
    assert len(rows) == 1, rows  # the three articles are one story
    return rows[0][0]


def run(*args: str, columns: int = 80):
    return CliRunner().invoke(main, list(args), env={"COLUMNS": str(columns)})


def _strike(rows: list[dict]) -> dict:
    return next(r for r in rows if r["category"] == "PROTEST" and "strike" in r["trigger"].lower())


def test_story_records_in_published_order(db, story_id):
    with Store(db, readonly=True) as store:
        assert [r.article.id for r in store.story_records(story_id)] == ["t1", "t2", "t3"]
        with pytest.raises(KeyError):
            store.story_records("no-such-story")


def test_timeline_json_has_the_strike_planned_then_occurred(db, story_id):
    result = run("timeline", story_id, "--db", str(db), "--format", "json")
    assert result.exit_code == EXIT_OK, result.output
    rows = json.loads(result.output)
    strike = _strike(rows)
    assert [s["article_id"] for s in strike["status_history"]] == ["t1", "t2", "t3"]
    assert [s["status"] for s in strike["status_history"]] == ["planned", "planned", "occurred"]
    assert strike["status_change"] == "planned -> occurred"
    assert strike["status"] == "occurred"
    assert strike["date"] == "2026-03-05" and strike["date_source"] == "event"
    assert strike["outlets"] == ["Harbor Ledger", "Meridian News", "Coastal Wire"]
    assert strike["first_reported"] == "2026-03-02T09:00:00Z"
    # one row per event: the strike is not repeated
    assert sum(r["category"] == "PROTEST" for r in rows) == 1
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates)


def test_claims_json_has_the_echo(db, story_id):
    result = run("claims", "--story", story_id, "--db", str(db), "--format", "json")
    assert result.exit_code == EXIT_OK, result.output
    found = json.loads(result.output)
    claim = next(c for c in found if any(m["kind"] == "echo" for m in c["mentions"]))
    kinds = {(m["article_id"], m["kind"]) for m in claim["mentions"]}
    assert ("t1", "original") in kinds and ("t2", "echo") in kinds
    echo = next(m for m in claim["mentions"] if m["kind"] == "echo")
    assert echo["echo_of"] == "t1" and echo["cited_outlet"] == "Harbor Ledger"
    # the echo does not count: the union leader (t1) and the union (t3, if grouped) are the sources
    independent = {m["article_id"] for m in claim["mentions"] if m["kind"] in ("original", "independent")}
    assert claim["independent_sources"] == len(independent) >= 1
    assert "t2" not in independent
    assert claim["first_reported_by"] == "t1"


def test_text_tables(db, story_id):
    for columns in (80, 200):  # readable in a narrow terminal too (no lines cut off)
        claims = run("claims", "--story", story_id, "--db", str(db), columns=columns)
        shown = run("timeline", story_id, "--db", str(db), columns=columns)
        assert claims.exit_code == EXIT_OK == shown.exit_code, claims.output + shown.output
        widths = {len(line) for line in (claims.output + shown.output).splitlines()[1:]}
        assert max(widths) <= columns
    assert "sourcing" in claims.output and "Harbor Ledger -> Meridian News (echo)" in claims.output
    assert "via Harbor Ledger" in claims.output and "echo" in claims.output
    assert "Counts of independent sources are a floor" in " ".join(claims.output.split())
    assert "Dock workers at the port of Velmora will strike on Thursday" in claims.output
    assert "status history" in shown.output and "planned -> occurred" in shown.output
    assert "2026-03-05 Coastal Wire: occurred" in shown.output


def test_unknown_story_is_one_line_and_exit_nothing(db):
    for args in (("timeline", "nope"), ("claims", "--story", "nope")):
        result = run(*args, "--db", str(db))
        assert result.exit_code == EXIT_NOTHING
        assert result.output.strip().count("\n") == 0 and "no story 'nope'" in result.output


def test_markup_in_titles_is_printed_as_written(db, story_id):
    with Store(db) as store:  # make the label the marked-up title, whatever the linker chose
        store.conn.execute(
            "UPDATE stories SET label = ? WHERE id = ?", ("Dockers [bold]to strike[/bold] [red]", story_id)
        )
        store.conn.commit()
    result = run("timeline", story_id, "--db", str(db))
    assert result.exit_code == EXIT_OK, result.output
    assert "Dockers [bold]to strike[/bold] [red]" in result.output


def _mention(**kw) -> EventMention:
    base = dict(
        article_id="a",
        outlet="X",
        title=None,
        published="2026-03-02",
        event_id="e1",
        trigger="strike",
        category="PROTEST",
        mode="strike",
        status="planned",
        factuality=None,
        date="2026-03-05",
        end=None,
        date_source="event",
    )
    return EventMention(**{**base, **kw})


def test_matching_rules():
    a = _mention(actors=["Dock workers"])
    assert matches(a, _mention(actors=["thousands of dock workers"], trigger="walkout"))
    assert matches(a, _mention(trigger="strikes", date="2026-03-06", date_source="reported"))
    assert not matches(a, _mention(trigger="strike", date="2026-03-09"))  # two event dates apart
    assert not matches(a, _mention(category="ASSAULT", mode=None))
    assert not matches(a, _mention(trigger="march", actors=["teachers"]))
    assert not matches(a, _mention(date="2026-03-20", date_source="reported"))  # outside the window
    # a shared participant alone is not enough: the other trigger must share a stem, or both dates be
    # the events' own (resolved) dates
    assert not matches(a, _mention(actors=["dock workers"], trigger="walkout", date_source="reported"))
    assert not matches(a, _mention(actors=["dock workers"], trigger="walkout", date=None, date_source=None))
    assert matches(a, _mention(trigger="striking", actors=["teachers"], date=None, date_source=None))
    # one word's forms share a stem: a deal 'agreed' on Monday and 'the agreement' on Tuesday
    deal = _mention(category="AGREE", mode=None, trigger="agreed", actors=[])
    assert matches(deal, _mention(category="AGREE", mode=None, trigger="agreement", actors=[]))
    assert matches(deal, _mention(category="AGREE", mode=None, trigger="agree", actors=[]))


def test_two_events_sharing_a_participant_are_two_rows():
    police = dict(category="COERCE", mode=None, actors=["police"], date="2026-03-02", date_source="reported")
    rows = group(
        [
            _mention(event_id="e1", trigger="arrested", targets=["Anna Kovic"], **police),
            _mention(event_id="e2", trigger="searched", targets=["the union office"], **police),
            _mention(article_id="b", event_id="e1", trigger="arrest", **police),
        ]
    )
    assert [[m.trigger for m in row] for row in rows] == [["arrested", "arrest"], ["searched"]]


def test_planned_then_occurred_is_one_row_and_a_later_strike_another():
    planned = _mention(article_id="t1", published="2026-03-02T09:00:00Z", actors=["dock workers"])
    occurred = _mention(
        article_id="t3", published="2026-03-05T18:00:00Z", trigger="went on strike", status="occurred"
    )
    walkout = _mention(
        article_id="t4", published="2026-03-05T19:00:00Z", trigger="walkout", status="occurred"
    )
    walkout.actors = ["thousands of dock workers"]  # same participant, same resolved day: the same strike
    later = _mention(
        article_id="t9", published="2026-04-20", trigger="strike", date="2026-04-22", status="planned"
    )
    rows = group([planned, occurred, walkout, later])
    assert [[m.article_id for m in row] for row in rows] == [["t1", "t3", "t4"], ["t9"]]


def test_a_mention_joins_the_row_it_matches_most():
    # 'attack' matches the first row by its one 'attack', the second by both of its mentions
    first = _mention(event_id="e1", trigger="attack", category="ASSAULT", mode=None, date="2026-03-01")
    second = [
        _mention(event_id=f"e{i}", trigger="attacks", category="ASSAULT", mode=None, date="2026-03-04")
        for i in (2, 3)
    ]
    bridge = _mention(
        event_id="e4", trigger="attack", category="ASSAULT", mode=None, date=None, date_source=None
    )
    rows = group([first, *second, bridge])
    assert [[m.event_id for m in row] for row in rows] == [["e1"], ["e2", "e3", "e4"]]


def test_status_change_and_empty():
    assert status_change(["planned", "unknown", "planned", "occurred"]) == "planned -> occurred"
    assert status_change(["occurred", "occurred"]) is None
    assert timeline([]) == []


def test_timeline_rows_read_back_from_their_dicts(db, story_id):
    from newstrace.link.timeline import TimelineEvent, timeline

    with Store(db, readonly=True) as store:
        rows = timeline(store.story_records(story_id), story_id=story_id)
    assert rows and [TimelineEvent.from_dict(r.to_dict()).to_dict() for r in rows] == [
        r.to_dict() for r in rows
    ]
