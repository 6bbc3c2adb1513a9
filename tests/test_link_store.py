"""Stories over the store: `newstrace link`, `stories`, `story`, and the incremental runner."""

from __future__ import annotations

import json

import pytest
from _store_records import example_records, stored
from click.testing import CliRunner

from newstrace.cli import main
from newstrace.cli.common import EXIT_NOTHING, EXIT_OK
from newstrace.link.runner import link_store
from newstrace.store import Store


@pytest.fixture(scope="module")
def records(nlp):
    return example_records(nlp)


def story_of(store: Store, records) -> dict[str, str]:
    """the example's number ("01".."18", the file order of examples/) -> story id"""
    rows = dict(store.conn.execute("SELECT article_id, story_id FROM story_articles").fetchall())
    return {f"{n:02d}": rows[r.article.id] for n, r in enumerate(records, 1) if r.article.id in rows}


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_examples_fall_into_their_stories(tmp_path, records):
    db = tmp_path / "s.db"
    stored(db, records)
    with Store(db) as store:
        summary = link_store(store)
        assert summary.linked == 18
        stories = story_of(store, records)
        assert store.check() == []
    # The Oakland port strike, the Tabasco floods and the Chile-Vietnam deal are each one story.
    assert stories["09"] == stories["10"] == stories["11"]
    assert stories["12"] == stories["13"]
    assert stories["14"] == stories["15"]
    assert len({stories["09"], stories["12"], stories["14"], stories["01"]}) == 4
    # A recipe and a kettle manual are not news about any of them.
    assert stories["16"] not in {stories["01"], stories["09"], stories["12"], stories["14"]}


def test_linking_is_incremental_and_keeps_earlier_assignments(tmp_path, records):
    whole, split = tmp_path / "whole.db", tmp_path / "split.db"
    stored(whole, records)
    with Store(whole) as store:
        link_store(store)
        expected = story_of(store, records)
    stored(split, records[:9])
    with Store(split) as store:
        first = link_store(store)
        before = story_of(store, records)
        assert first.linked == 9
    stored(split, records[9:])
    with Store(split) as store:  # a new process: the index is reloaded from the store
        second = link_store(store)
        after = story_of(store, records)
        again = link_store(store)
    assert second.linked == 9 and again.linked == 0
    assert {k: after[k] for k in before} == before
    assert after == expected  # stopping and reloading changes nothing


def test_cli_link_then_list_and_show(tmp_path, records):
    db = tmp_path / "s.db"
    stored(db, records)
    result = run("link", "--db", str(db))
    assert result.exit_code == EXIT_OK, result.output
    assert "linked 18 articles" in result.stderr
    listed = run("stories", "--db", str(db), "--format", "json")
    rows = json.loads(listed.stdout)
    assert sum(r["n_articles"] for r in rows) == 18
    assert rows == sorted(rows, key=lambda r: r["last_seen"] or "", reverse=True)
    biggest = max(rows, key=lambda r: r["n_articles"])
    shown = json.loads(run("story", biggest["id"], "--db", str(db), "--format", "json").stdout)
    assert len(shown["articles"]) == biggest["n_articles"] and shown["label"] == biggest["label"]
    assert set(shown["outlets"]) == {a["outlet"] for a in shown["articles"] if a["outlet"]}
    text = run("story", biggest["id"], "--db", str(db))
    assert text.exit_code == EXIT_OK and biggest["label"][:20] in text.stdout
    table = run("stories", "--db", str(db))
    assert table.exit_code == EXIT_OK and biggest["id"] in table.stdout
    # read in 80 columns (the runner's width): times whole and in UTC, the label's words whole, the
    # article ids whole (wrapped, not cut) so they can be passed on
    assert "2026-11-09 22:15" in table.stdout and "…" not in table.stdout
    assert all(word in table.stdout for word in biggest["label"].split())
    assert "2026-11-09 22:15" in text.stdout and "…" not in text.stdout
    article_column = "".join(line.split("│")[-2].strip() for line in text.stdout.splitlines() if "│" in line)
    assert all(a["id"] in article_column for a in shown["articles"])


def test_cli_unknown_story_and_empty_store(tmp_path):
    db = tmp_path / "s.db"
    with Store(db):
        pass
    assert run("stories", "--db", str(db)).exit_code == EXIT_NOTHING
    missing = run("story", "s999", "--db", str(db))
    assert missing.exit_code == EXIT_NOTHING and "no story 's999'" in missing.stderr


def test_story_labels_are_not_read_as_markup(tmp_path, records):
    record = records[8].model_copy(deep=True)
    record.article.title = "[bold]Strike[/bold] [link=javascript:alert(1)]x[/link]"
    db = tmp_path / "s.db"
    stored(db, [record])
    run("link", "--db", str(db))
    out = run("stories", "--db", str(db)).stdout + run("story", "s1", "--db", str(db)).stdout
    assert "[bold]Strike[/bold]" in out


def test_ingest_links_what_it_stored(tmp_path):
    from pathlib import Path

    examples = Path(__file__).resolve().parent.parent / "examples"
    db = tmp_path / "s.db"
    first = run("ingest", str(examples), "--db", str(db))
    assert first.exit_code == EXIT_OK, first.stderr
    assert "linked 18 articles" in first.stderr
    again = run("ingest", str(examples), "--db", str(db))
    assert "linked 18" not in again.stderr and "articles: " not in again.stderr  # nothing new to link
    with Store(db, readonly=True) as store:
        assert store.conn.execute("SELECT count(*) FROM story_articles").fetchone()[0] == 18


def test_stories_list_latest_activity_first_then_newest_story(tmp_path):
    with Store(tmp_path / "s.db") as store:
        rows = [(f"s{n}", f"story {n}", None, None, 1, "[]", "{}") for n in range(1, 12)]
        rows.append(("s12", "dated", "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", 2, "[]", "{}"))
        store.conn.executemany("INSERT INTO stories VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        store.conn.commit()
        listed = [s["id"] for s in store.stories(limit=20)]
    assert listed == ["s12", *(f"s{n}" for n in range(11, 0, -1))]


def test_a_link_run_that_another_run_overtook_reloads_and_links_each_article_once(
    tmp_path, records, monkeypatch
):
    from newstrace.link import runner

    db = tmp_path / "race.db"
    stored(db, records[:9])
    with Store(db) as store:
        link_store(store)
    stored(db, records[9:])
    real_load = runner.load_index
    overtaken = []

    def load_then_lose_the_race(store):
        loaded = real_load(store)
        if not overtaken:  # another ingest links everything while this run is still at work
            overtaken.append(True)
            with Store(db) as other:
                assert runner.link_store(other).linked == 9
        return loaded

    monkeypatch.setattr(runner, "load_index", load_then_lose_the_race)
    with Store(db) as store:
        summary = runner.link_store(store)
        linked = store.conn.execute(
            "SELECT count(*), count(DISTINCT article_id) FROM story_articles"
        ).fetchone()
    assert summary.linked == 0 and linked == (len(records), len(records))
    with Store(db) as store:
        # the stale counters are refused: nothing written
        state = store.load_story_state()
        assert not store.save_story_state(state, [], [], before={"stale": True})
