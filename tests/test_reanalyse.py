"""`newstrace reanalyse`: stored articles analysed again with the current pipeline, replaced in place.

The store is built from four short invented articles (three about one bridge closure, one about a
bread festival); an "old analysis" is simulated by storing records as an older newstrace made them
(another version string, an attribution or a participant missing)."""

from __future__ import annotations

import json

import pytest
from _store_records import meta
from click.testing import CliRunner

import newstrace.reanalyse as reanalyse_module
from newstrace import __version__
from newstrace.analysis import analyze_batch
from newstrace.cli import main
from newstrace.cli.common import EXIT_ENVIRONMENT, EXIT_NOTHING, EXIT_OK, EXIT_SKIPPED, EXIT_USAGE
from newstrace.ingest.files import article_from_object
from newstrace.link.canonical import article_entities
from newstrace.link.runner import link_store
from newstrace.record import Record
from newstrace.store import Store

ARTICLES = [
    {
        "id": "bridge-1",
        "outlet": "Valemont Courier",
        "url": "https://courier.example/harlow-bridge",
        "published": "2031-04-07",
        "title": "Harlow Bridge closed after cracks found",
        "text": "Harlow Bridge closed after cracks found\n\nThe city of Valemont closed the Harlow Bridge on "
        'Monday after inspectors found cracks in two of its steel girders, officials said.\n\n"We will not '
        'reopen it until every girder has been checked," said Mayor Irene Castell. Two engineers familiar '
        "with the inspection said the damage was worse than the city admitted.\n\nThe transport department "
        "said repairs would begin next week.",
    },
    {
        "id": "bridge-2",
        "outlet": "Northgate Post",
        "url": "https://post.example/valemont-shuts-bridge",
        "published": "2031-04-08",
        "title": "Valemont shuts Harlow Bridge over girder cracks",
        "text": "Valemont shuts Harlow Bridge over girder cracks\n\nValemont closed the Harlow Bridge after "
        "inspectors found cracks in its steel girders, Mayor Irene Castell said on Monday.\n\nCastell told "
        "reporters the bridge would stay closed until every girder was checked. Ferry operators said they "
        "expected crowds on Tuesday.\n\nUnion leader Tomas Reyes warned that workers would strike if the "
        "repairs were rushed.",
    },
    {
        "id": "bridge-3",
        "outlet": "Coastal Wire",
        "published": "2031-04-09",
        "title": "Harlow Bridge repairs to start next week",
        "text": "Harlow Bridge repairs to start next week\n\nRepairs to the cracked Harlow Bridge in "
        "Valemont will begin next week, the city transport department said on Wednesday.\n\nMayor "
        "Irene Castell said the bridge was closed on Monday after inspectors found cracks in two steel "
        "girders. A senior official said the work could take three months.",
    },
    {
        "id": "bakery",
        "outlet": "Town Crier",
        "published": "2031-06-02",
        "title": "Bread festival draws crowds",
        "text": "Bread festival draws crowds\n\nThousands of visitors came to the Pellham bread festival on "
        'Saturday, organisers said.\n\n"It was our busiest year," said baker Ana Lumen, who sold four '
        "hundred loaves before noon.",
    },
]


@pytest.fixture(scope="module")
def records(nlp) -> dict[str, Record]:
    results = analyze_batch([article_from_object("<test>", a) for a in ARTICLES], nlp)
    found = {r.article.id: r for r in results if isinstance(r, Record)}
    assert list(found) == [a["id"] for a in ARTICLES]
    # What the tests below take away to make an "old" analysis must be there.
    assert len(found["bridge-1"].attributions) >= 2
    assert any(e.actors or e.targets for e in found["bridge-2"].events)
    assert any(s.name == "Tomas Reyes" for s in found["bridge-2"].sources)
    return found


def old_analysis(record: Record, version: str = "0.0.1") -> Record:
    """The record as an older newstrace might have made it: another version, its last attribution
    missing, its events without participants and its last named source missing."""
    old = record.model_copy(deep=True)
    old.newstrace_version = version
    old.attributions = old.attributions[:-1]
    for event in old.events:
        event.actors, event.targets = [], []
    named = [s for s in old.sources if s.name]
    if named:
        gone = named[-1].id
        old.sources = [s for s in old.sources if s.id != gone]
        for a in old.attributions:
            if a.source_id == gone:
                a.source_id = None
    return old


def build(path, records: dict[str, Record], old: set[str] = frozenset(), link: bool = True):
    """A store of the records (those in `old` as `old_analysis` makes them), each with a second copy,
    linked into stories and entities."""
    with Store(path) as store:
        for aid, record in records.items():
            stored = old_analysis(record) if aid in old else record
            store.add_record(stored, meta(stored, f"feed/{aid}.json"))
            store.add_copy(aid, meta(stored, f"mirror/{aid}.json"))
        if link:
            link_store(store)
    return path


SPANS_OF_BRIDGE_2 = (
    "SELECT owner, role, ord, start, \"end\" FROM spans WHERE article_id = 'bridge-2' ORDER BY 1, 2, 3"
)


def run(db, *args: str):
    return CliRunner().invoke(main, ["reanalyse", "--db", str(db), *args])


def snapshot(store: Store) -> dict:
    """What re-analysis must not change: texts, copies, stories, near duplicates."""
    q = store.conn.execute
    return {
        "articles": q("SELECT seq, id, given_id, text_key, url, outlet, title, published, text, ingested_at"
                      " FROM articles ORDER BY seq").fetchall(),
        "copies": q("SELECT article_id, url, outlet, origin, added_at FROM copies ORDER BY id").fetchall(),
        "stories": q("SELECT article_id, story_id, linked_seq FROM story_articles ORDER BY 1").fetchall(),
        "story_rows": q("SELECT id, label, n_articles, outlets FROM stories ORDER BY id").fetchall(),
        "fts": q("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'girders'").fetchall(),
    }  # fmt: skip


def mentions(store: Store) -> set[tuple]:
    return set(
        store.conn.execute(
            "SELECT m.article_id, m.ref, m.role, e.name, e.type FROM entity_mentions m"
            " JOIN entities e ON e.id = m.entity_id"
        ).fetchall()
    )


def entity_counts(store: Store) -> set[tuple]:
    return set(
        store.conn.execute("SELECT name, type, n_mentions, n_articles, first_seen, last_seen FROM entities")
    )


def views(store: Store) -> dict[str, tuple]:
    found = {}
    for story_id in [s["id"] for s in store.stories(limit=100)]:
        stored = store.story_view(store.story_version(story_id))
        items = store.conn.execute(
            "SELECT kind, ord, item FROM story_view_items WHERE story_id = ? ORDER BY kind, ord", (story_id,)
        ).fetchall()
        found[story_id] = (stored, items)
    return found


@pytest.fixture
def analysed(monkeypatch) -> list[str]:
    """The ids of the articles the re-analysis runs the pipeline on (in order)."""
    seen: list[str] = []
    real = reanalyse_module.analyze_articles

    def counting(articles, nlp, batch_size=32):
        seen.extend(a.id for a in articles)
        return real(articles, nlp, batch_size)

    monkeypatch.setattr(reanalyse_module, "analyze_articles", counting)
    return seen


def test_stale_articles_get_the_current_analysis_in_place(tmp_path, records, analysed):
    db = build(tmp_path / "old.db", records, old={"bridge-2"})
    fresh = build(tmp_path / "fresh.db", records)
    with Store(db) as store:
        before = snapshot(store)
        assert store.get_record("bridge-2").newstrace_version == "0.0.1"
        assert store.get_record("bridge-2") != records["bridge-2"]
        old_views = views(store)
    result = run(db)
    assert result.exit_code == EXIT_OK, result.output
    assert "re-analysing 1 of 4 articles" in result.output
    assert "re-analysed 1 (1 with a changed analysis), unchanged 3, failed 0" in result.output
    assert analysed == ["bridge-2"]  # the fresh articles were not analysed again
    with Store(db) as store, Store(fresh) as reference:
        for aid, record in records.items():
            assert store.get_record(aid) == record
        assert snapshot(store) == before  # same ids, texts, copies, stories, full-text index
        assert store.check() == []
        # The story's claims and timeline were computed again from the new records: as a store that
        # had the current analysis all along has them; the other story's view was left alone.
        story = {row[0]: row[1] for row in before["stories"]}["bridge-2"]
        assert store.stale_story_views() == []
        after = views(store)
        assert after[story] != old_views[story]
        assert after[story][0] == views(reference)[story][0]
        other = {row[0]: row[1] for row in before["stories"]}["bakery"]
        assert after[other] == old_views[other]
        # The article's names are matched to entities again: the union leader it cites now.
        assert mentions(store) == mentions(reference)
        assert entity_counts(store) == entity_counts(reference)
    # Running it again has nothing to do.
    again = run(db)
    assert again.exit_code == EXIT_OK
    assert "re-analysed 0 (0 with a changed analysis), unchanged 4, failed 0" in again.output
    assert analysed == ["bridge-2"]


def test_an_article_stored_without_predicates_is_stale(tmp_path, records, analysed):
    # a store upgraded to schema 9 keeps no predicates for its older articles: by default, re-analysed
    db = build(tmp_path / "s.db", records)
    with Store(db) as store:
        store.conn.execute("UPDATE articles SET predicates = NULL WHERE id = 'bridge-2'")
        assert store.get_record("bridge-2").predicates == []
    result = run(db)
    assert result.exit_code == EXIT_OK, result.output
    assert "re-analysing 1 of 4 articles" in result.output and analysed == ["bridge-2"]
    with Store(db) as store:
        assert store.get_record("bridge-2") == records["bridge-2"] and records["bridge-2"].predicates


def test_a_changed_version_alone_updates_the_version_and_keeps_the_rows(tmp_path, records, analysed):
    db = build(tmp_path / "s.db", records)
    with Store(db) as store:
        store.conn.execute(
            "UPDATE articles SET newstrace_version = '0.0.9' WHERE id IN ('bakery', 'bridge-3')"
        )
        spans = store.conn.execute("SELECT id, article_id FROM spans ORDER BY id").fetchall()
        computed = store.conn.execute("SELECT story_id, computed_at FROM story_views").fetchall()
    result = run(db)
    assert result.exit_code == EXIT_OK, result.output
    assert "re-analysed 2 (0 with a changed analysis), unchanged 2" in result.output
    assert sorted(analysed) == ["bakery", "bridge-3"]
    with Store(db) as store:
        assert {r.newstrace_version for r in store.iter_records()} == {__version__}
        assert store.conn.execute("SELECT id, article_id FROM spans ORDER BY id").fetchall() == spans
        assert store.conn.execute("SELECT story_id, computed_at FROM story_views").fetchall() == computed


def test_all_re_analyses_every_article(tmp_path, records, analysed):
    db = build(tmp_path / "s.db", records, old={"bridge-1"})
    with Store(db) as store:
        # A change that kept the version string: the default finds nothing stale.
        store.conn.execute("UPDATE articles SET newstrace_version = ?", (__version__,))
    assert "re-analysed 0" in run(db).output
    assert analysed == []
    result = run(db, "--all", "--batch-size", "2")
    assert result.exit_code == EXIT_OK, result.output
    assert "re-analysing 4 of 4 articles (every article; 0 stale)" in result.output
    assert "re-analysed 4 (1 with a changed analysis), unchanged 0, failed 0" in result.output
    assert analysed == [a["id"] for a in ARTICLES]
    with Store(db) as store:
        for aid, record in records.items():
            assert store.get_record(aid) == record
        assert store.check() == []


def test_all_recomputes_every_story_view_with_the_running_linker(tmp_path, records):
    """After an upgrade that changed only the linker, `--all` brings the stored claims and timelines up
    to date too, though no article's analysis changed."""
    db = build(tmp_path / "s.db", records)
    fresh = build(tmp_path / "fresh.db", records)
    with Store(db) as store:
        # as an older linker left them: a claim's statement the running one does not write
        store.conn.execute(
            "UPDATE story_view_items SET item = json_set(item, '$.statement', 'old wording')"
            " WHERE kind = 'claims'"
        )
    assert views_of(db) != views_of(fresh)
    result = run(db, "--all")
    assert result.exit_code == EXIT_OK, result.output
    assert "re-analysed 4 (0 with a changed analysis)" in result.output
    with Store(db) as store:
        assert store.stale_story_views() == []
        assert views(store) == views_of(fresh)
    # the default (stale articles only) leaves up-to-date views alone
    # a store whose views were never computed gets them all
    with Store(db) as store:
        store.drop_story_views()
        assert store.stale_story_views()
    assert "claims and timelines of" in run(db, "--all").output
    with Store(db) as store:
        assert store.stale_story_views() == [] and views(store) == views_of(fresh)
    computed = "SELECT story_id, computed_at FROM story_views ORDER BY 1"
    with Store(db) as store:
        before = store.conn.execute(computed).fetchall()
    assert run(db).exit_code == EXIT_OK
    with Store(db) as store:
        assert store.conn.execute(computed).fetchall() == before


def views_of(path) -> dict[str, tuple]:
    with Store(path) as store:
        return views(store)


def test_jobs_analyse_in_worker_processes_with_the_same_result(tmp_path, records):
    db = build(tmp_path / "s.db", records, old={"bridge-1", "bakery"})
    result = run(db, "--jobs", "2", "--batch-size", "1")
    assert result.exit_code == EXIT_OK, result.output
    assert "re-analysed 2 (2 with a changed analysis), unchanged 2, failed 0" in result.output
    with Store(db) as store:
        for aid, record in records.items():
            assert store.get_record(aid) == record
        assert store.check() == []


def test_a_failing_article_is_reported_and_keeps_its_old_analysis(tmp_path, records, monkeypatch):
    db = build(tmp_path / "s.db", records, old={"bridge-1", "bridge-2", "bakery"})
    with Store(db) as store:
        old = store.get_record("bridge-2")
        old_rows = store.conn.execute(SPANS_OF_BRIDGE_2).fetchall()
        old_mentions = {m for m in mentions(store) if m[0] == "bridge-2"}
    real = reanalyse_module.analyze_articles

    def breaking(articles, nlp, batch_size=32):
        if any(a.id == "bridge-2" for a in articles):
            raise RuntimeError("the parser choked\non this one")
        return real(articles, nlp, batch_size)

    monkeypatch.setattr(reanalyse_module, "analyze_articles", breaking)
    result = run(db)
    assert result.exit_code == EXIT_SKIPPED, result.output
    assert "Traceback" not in result.output
    assert "failed bridge-2: analysis failed: RuntimeError: the parser choked on this one" in result.output
    assert "re-analysed 2 (2 with a changed analysis), unchanged 1, failed 1" in result.output
    with Store(db) as store:
        assert store.get_record("bridge-2") == old
        assert store.conn.execute(SPANS_OF_BRIDGE_2).fetchall() == old_rows
        assert {m for m in mentions(store) if m[0] == "bridge-2"} == old_mentions
        assert store.get_record("bridge-1") == records["bridge-1"]
        assert store.get_record("bakery") == records["bakery"]
        assert store.check() == []
    # Fixed: the next run takes up what is still stale, and only that.
    monkeypatch.setattr(reanalyse_module, "analyze_articles", real)
    result = run(db)
    assert "re-analysed 1 (1 with a changed analysis), unchanged 3, failed 0" in result.output
    with Store(db) as store:
        assert store.get_record("bridge-2") == records["bridge-2"]


def test_every_article_failing_is_exit_3(tmp_path, records, monkeypatch):
    db = build(tmp_path / "s.db", records, old={"bakery"}, link=False)

    def broken(articles, nlp, batch_size=32):
        raise ValueError("no")

    monkeypatch.setattr(reanalyse_module, "analyze_articles", broken)
    result = run(db)
    assert result.exit_code == EXIT_NOTHING
    assert "failed bakery: analysis failed: ValueError: no" in result.output


def test_no_views_leaves_the_story_views_stale_for_link(tmp_path, records):
    db = build(tmp_path / "s.db", records, old={"bridge-3"})
    fresh = build(tmp_path / "fresh.db", records)
    result = run(db, "--no-views")
    assert result.exit_code == EXIT_OK, result.output
    assert "1 story whose articles changed: marked stale" in result.output
    with Store(db) as store:
        story = store.conn.execute(
            "SELECT story_id FROM story_articles WHERE article_id = 'bridge-3'"
        ).fetchone()[0]
        assert store.stale_story_views() == [story]
        assert store.story_view(store.story_version(story)) is None
        assert store.story_view_counts([store.story_version(story)]) == {}
        summary = link_store(store)  # what `newstrace link` (and the next ingest) runs
        assert summary.linked == 0 and summary.story_views == 1
        assert store.stale_story_views() == []
        with Store(fresh) as reference:
            assert store.story_view(store.story_version(story)) == reference.story_view(
                reference.story_version(story)
            )


def test_named_articles_and_unknown_ids(tmp_path, records, analysed):
    db = build(tmp_path / "s.db", records)
    result = run(db, "--article", "bakery", "--article", "nope")
    assert result.exit_code == EXIT_SKIPPED, result.output
    assert "failed nope: no such article in the store" in result.output
    assert "re-analysed 1 (0 with a changed analysis)" in result.output
    assert analysed == ["bakery"]  # analysed although its analysis was current
    assert run(db, "--article", "nope").exit_code == EXIT_NOTHING
    assert run(db, "--article", "bakery", "--all").exit_code == EXIT_USAGE


def test_a_missing_or_broken_store_is_an_environment_error(tmp_path):
    missing = tmp_path / "none.db"
    result = run(missing)
    assert result.exit_code == EXIT_ENVIRONMENT
    assert "no such file" in result.output
    assert not missing.exists()
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"not a database at all" * 100)
    result = run(broken)
    assert result.exit_code == EXIT_ENVIRONMENT
    assert "Traceback" not in result.output


def test_replace_analyses_stores_each_record_or_leaves_it(tmp_path, records):
    db = build(tmp_path / "s.db", records, old={"bridge-1", "bakery"})
    moved = records["bakery"].model_copy(deep=True)
    moved.article.text += " Extra."
    gone = records["bridge-3"].model_copy(deep=True)
    gone.article.id = "not-stored"
    with Store(db) as store:
        old_bakery = store.get_record("bakery")
        done = store.replace_analyses([records["bridge-1"], moved, gone], article_entities)
        assert [(d.article_id, d.outcome) for d in done] == [
            ("bridge-1", "changed"),
            ("bakery", "failed"),
            ("not-stored", "failed"),
        ]
        assert done[1].reason == "the stored text is not the text analysed"
        assert done[2].reason == "no such article in the store"
        assert store.get_record("bridge-1") == records["bridge-1"]
        assert store.get_record("bakery") == old_bakery
        assert store.check() == []


def test_add_record_is_unchanged_by_the_shared_insert_code(tmp_path, records):
    with Store(tmp_path / "s.db") as store:
        for record in records.values():
            store.add_record(record, meta(record))
        for aid, record in records.items():
            assert store.get_record(aid) == record
        row = store.conn.execute(
            "SELECT framing, newstrace_version, schema_version, n_attributions, n_spans, models, ingested_at"
            " FROM articles WHERE id = 'bridge-1'"
        ).fetchone()
        assert row[1:3] == (__version__, 1)
        assert row[3] == len(records["bridge-1"].attributions)
        assert json.loads(row[5]) == records["bridge-1"].models
        assert row[6]
        assert store.check() == []


def test_entities_only_an_old_analysis_named_are_removed(tmp_path, records):
    """An old analysis that named a source the current one does not: its entity goes with it."""
    from newstrace.record import Source, Span

    db = tmp_path / "s.db"
    fresh = build(tmp_path / "fresh.db", records)
    old = records["bakery"].model_copy(deep=True)
    old.newstrace_version = "0.0.1"
    start = old.article.text.index("Pellham")
    span = Span(start=start, end=start + len("Pellham"), text="Pellham")
    old.sources.append(
        Source(id="s99", type="organization", name="Pellham", anonymous=False, mentions=[span])
    )
    with Store(db) as store:
        for aid, record in records.items():
            store.add_record(old if aid == "bakery" else record, meta(record))
        link_store(store)
        assert "Pellham" in {e["name"] for e in store.entities(limit=100)}
    result = run(db)
    assert result.exit_code == EXIT_OK, result.output
    with Store(db) as store, Store(fresh) as reference:
        assert "Pellham" not in {e["name"] for e in store.entities(limit=100)}
        assert mentions(store) == mentions(reference)
        assert entity_counts(store) == entity_counts(reference)
        assert store.check() == []
