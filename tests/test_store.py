"""The local store: round trips, de-duplication, near duplicates, search, checks, migrations, errors."""

from __future__ import annotations

import json
import sqlite3

import pytest
from _store_records import by_id, example_records, meta, predicates_column, variant

from newstrace.analysis import analyze
from newstrace.store import CopyMeta, Store, StoreError, default_db_path, text_key
from newstrace.store import migrations as migrations_module


@pytest.fixture(scope="module")
def records(nlp):
    return example_records(nlp)


@pytest.fixture
def db(tmp_path):
    return tmp_path / "store.db"


@pytest.fixture
def full(db, records):
    """A store holding every example record."""
    with Store(db) as store:
        for record in records:
            store.add_record(record, meta(record))
    return db


def counts(store: Store) -> dict[str, int]:
    stats = store.stats()
    return {table: stats[table] for table in store.tables()}


# -- round trip ----------------------------------------------------------------------------------


def test_every_example_round_trips_exactly(db, records):
    assert len(records) == 18
    with Store(db) as store:
        for record in records:
            result = store.add_record(record, meta(record))
            assert result.stored and result.article_id == record.article.id
        for record in records:
            assert store.get_record(record.article.id) == record
        assert list(store.iter_records()) == records
        assert store.check() == []
        tables = counts(store)
    assert tables["articles"] == 18 and tables["copies"] == 18
    assert tables["attributions"] == sum(len(r.attributions) for r in records)
    assert tables["sources"] == sum(len(r.sources) for r in records)
    assert tables["events"] == sum(len(r.events) for r in records)
    assert tables["source_includes"] == sum(len(s.includes) for r in records for s in r.sources)


def test_records_survive_reopening(full, records):
    with Store(full, readonly=True) as store:
        assert [r.article.id for r in store.iter_records()] == [r.article.id for r in records]
        assert store.get_record(records[4].article.id) == records[4]


def test_unknown_article_is_a_key_error(db):
    with Store(db) as store, pytest.raises(KeyError):
        store.get_record("nope")


def test_records_are_queryable_with_plain_sql(full):
    conn = sqlite3.connect(full)
    by_status = dict(conn.execute("SELECT status, count(*) FROM events GROUP BY status"))
    assert by_status["occurred"] > 0
    anonymous = conn.execute("SELECT count(*) FROM sources WHERE type = 'anonymous'").fetchone()[0]
    assert anonymous > 0
    included = conn.execute(
        "SELECT s.name IS NULL, i.count FROM source_includes i"
        " JOIN sources s ON s.article_id = i.article_id AND s.id = i.source_id"
    ).fetchall()
    assert (1, 2) in included  # "citing four unnamed sources, including two U.S. officials"-style groups
    conn.close()


# -- exact duplicates and copies -----------------------------------------------------------------


def test_same_text_from_two_outlets_is_one_article_with_two_copies(db, records):
    record = records[1]
    with Store(db) as store:
        first = store.add_record(record, CopyMeta(url="https://a.test/x", outlet="A", origin="a"))
        other = record.model_copy(deep=True)
        other.article.id = "syndicated-copy"
        other.article.text = "  " + record.article.text.replace("\n\n", " \n \n ") + "\n"
        second = store.add_record(other, CopyMeta(url="https://b.test/y", outlet="B", origin="b"))
        assert first.stored and not second.stored
        assert second.article_id == first.article_id == record.article.id
        assert counts(store)["articles"] == 1 and counts(store)["copies"] == 2
        outlets = store.conn.execute("SELECT outlet FROM copies ORDER BY id").fetchall()
        assert outlets == [("A",), ("B",)]
        assert store.find_text(text_key(other.article.text)) == record.article.id
        assert store.get_record(record.article.id) == record
        assert store.check() == []


def test_readding_the_same_copy_changes_nothing(db, records):
    record = records[0]
    with Store(db) as store:
        store.add_record(record, meta(record, "file.json"))
        before = counts(store)
        again = store.add_record(record, meta(record, "file.json"))
        assert not again.stored and counts(store) == before
        assert store.add_copy(record.article.id, meta(record, "file.json")) is False
        assert counts(store) == before
        assert store.add_copy(record.article.id, CopyMeta(url="https://mirror.test/1", origin="m")) is True
        assert store.add_copy(record.article.id, CopyMeta(url="https://mirror.test/1", origin="m2")) is False
        # Without a URL, the origin tells copies apart.
        assert store.add_copy(record.article.id, CopyMeta(origin="warc:a.warc.gz#10")) is True
        assert store.add_copy(record.article.id, CopyMeta(origin="warc:a.warc.gz#10")) is False
        assert counts(store)["copies"] == before["copies"] + 2


def test_add_copy_to_an_unknown_article_fails(db):
    with Store(db) as store, pytest.raises(StoreError, match="no article"):
        store.add_copy("missing", CopyMeta(origin="x"))


def test_text_key_normalises_unicode_and_whitespace():
    assert text_key("Caf\u00e9  au\n\nlait ") == text_key("Cafe\u0301 au lait")
    assert text_key("a b") != text_key("ab")
    assert len(text_key("x")) == 64


# -- near duplicates -----------------------------------------------------------------------------


def test_wire_copy_is_linked_as_near_duplicate(db, records):
    wire, ledger = by_id(records, "cws-2026-11-10"), by_id(records, "harborledger-2026-11-10")
    original = by_id(records, "meridian-2026-11-09")
    with Store(db) as store:
        assert store.add_record(original, meta(original)).near_duplicates == []
        assert store.add_record(wire, meta(wire)).near_duplicates == []
        result = store.add_record(ledger, meta(ledger))
        assert [other for other, _ in result.near_duplicates] == [wire.article.id]
        similarity = result.near_duplicates[0][1]
        assert 0.8 <= similarity < 1.0
        # Both directions; the original report (same story, own wording) is not linked.
        assert store.near_duplicates(wire.article.id) == [(ledger.article.id, similarity)]
        assert store.near_duplicates(original.article.id) == []
        # Linked, never merged.
        assert counts(store)["articles"] == 3
        assert store.get_record(ledger.article.id) == ledger


def test_a_few_words_changed_is_a_near_duplicate(db, records, nlp):
    original = by_id(records, "meridian-2026-11-09")
    text = original.article.text.replace("three boats", "four boats").replace("Monday", "Tuesday")
    edited = analyze({"id": "edited", "text": text}, nlp)
    with Store(db) as store:
        store.add_record(original, meta(original))
        result = store.add_record(edited, meta(edited))
        assert result.stored
        assert [other for other, _ in result.near_duplicates] == [original.article.id]
        assert result.near_duplicates[0][1] > 0.8


def test_near_duplicate_threshold_is_configurable(db, records):
    wire, ledger = by_id(records, "cws-2026-11-10"), by_id(records, "harborledger-2026-11-10")
    with Store(db, near_duplicate_threshold=0.95) as store:
        store.add_record(wire, meta(wire))
        assert store.add_record(ledger, meta(ledger)).near_duplicates == []


def test_exact_duplicate_reports_the_stored_articles_near_duplicates(db, records):
    wire, ledger = by_id(records, "cws-2026-11-10"), by_id(records, "harborledger-2026-11-10")
    with Store(db) as store:
        store.add_record(wire, meta(wire))
        linked = store.add_record(ledger, meta(ledger)).near_duplicates
        again = store.add_record(ledger, CopyMeta(url="https://elsewhere.test/", origin="e"))
        assert not again.stored and again.near_duplicates == linked


# -- id collisions -------------------------------------------------------------------------------


def test_same_id_different_text_gets_a_suffixed_id(db, records):
    first, second = records[0], records[1].model_copy(deep=True)
    second.article.id = first.article.id
    with Store(db) as store:
        store.add_record(first, meta(first))
        result = store.add_record(second, meta(second))
        expected = f"{first.article.id}~{text_key(second.article.text)[:8]}"
        assert result.stored and result.article_id == expected
        assert store.get_record(first.article.id) == first
        rebuilt = store.get_record(expected)
        assert rebuilt.article.id == expected
        assert rebuilt.model_copy(update={"article": second.article}) == second
        given = store.conn.execute("SELECT given_id FROM articles WHERE id = ?", (expected,)).fetchone()
        assert given == (first.article.id,)
        # A third text with the same id takes the next free form.
        third = records[2].model_copy(deep=True)
        third.article.id = first.article.id
        assert store.add_record(third, meta(third)).article_id.startswith(first.article.id + "~")
        assert counts(store)["articles"] == 3 and store.check() == []


# -- search --------------------------------------------------------------------------------------


def test_search_finds_a_phrase(full, records):
    with Store(full, readonly=True) as store:
        hits = store.search('"three boats"')
        ids = {article_id for article_id, _ in hits}
        assert by_id(records, "meridian-2026-11-09").article.id in ids
        assert by_id(records, "cws-2026-11-10").article.id in ids
        assert all("[three boats]" in snippet.replace("] [", " ") for _, snippet in hits)
        assert store.search('"black bean"')[0][0] == by_id(records, "sha256:d2318dfe").article.id
        assert store.search("zzzyzzx") == []
        assert store.search("boats", limit=2) and len(store.search("boats", limit=2)) == 2


def test_search_reads_a_query_with_nul_whole(full):
    with Store(full, readonly=True) as store:
        assert store.search("three\x00boats") == store.search("three boats") != []
        assert store.search("\x00") == []


def test_articles_list_latest_published_first_and_pages(full, records):
    with Store(full, readonly=True) as store:
        first, rest = store.articles(limit=5), store.articles(limit=50, offset=5)
        summaries = store.article_summaries([records[0].article.id, "no-such-id"])
    listed = first + rest
    assert len(listed) == len(records) and len({a["id"] for a in listed}) == len(records)
    dates = [a["published"] or "" for a in listed]
    assert dates == sorted(dates, reverse=True)
    assert set(summaries) == {records[0].article.id}
    assert summaries[records[0].article.id]["title"] == records[0].article.title


def test_search_takes_plain_text_fts_cannot_parse(full):
    with Store(full, readonly=True) as store:
        hits = store.search("drug-smuggling")  # FTS5 reads this as a column filter; searched as a phrase
        assert len(hits) == 3 and all("[drug" in snippet for _, snippet in hits)
        assert store.search('unbalanced "quote') == []


def test_search_covers_titles(full):
    with Store(full, readonly=True) as store:
        # Only in the title of the Harbor Ledger wire copy ("Report: Pentagon weighing land strikes ...").
        assert store.search("title:weighing")[0][0].startswith("harborledger-2026-11-10")


def test_search_ranks_within_the_latest_matches(full):
    with Store(full, readonly=True) as store:
        seq = dict(store.conn.execute("SELECT id, seq FROM articles").fetchall())
        everything = store.search("said", limit=50, window=None)
        assert len(everything) > 4
        # A window holding every match ranks them all.
        assert store.search("said", limit=50) == everything
        assert store.search("said", limit=50, window=len(everything)) == everything
        # A smaller window: the best of the latest matches only, in the order of the full ranking.

        def best_of_latest(window: int) -> list:
            latest = sorted((seq[aid] for aid, _ in everything), reverse=True)[:window]
            return [hit for hit in everything if seq[hit[0]] in latest]

        assert store.search("said", limit=2, window=4) == best_of_latest(4)[:2]
        # Never fewer than a page: the window grows to the limit.
        assert store.search("said", limit=5, window=2) == best_of_latest(5)
        assert store.search("zzzyzzx", window=1) == []


# -- check ---------------------------------------------------------------------------------------


def corrupt(path, sql: str, *params) -> None:
    """Change the store behind its back, with raw SQL (foreign keys on, as the store has them)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(sql, params)
    conn.commit()
    conn.close()


def test_check_is_empty_on_a_good_store(full):
    with Store(full) as store:
        assert store.check() == []
    with Store(full, readonly=True) as store:
        assert store.check() == []


def test_check_reports_a_missing_copy(full, records):
    corrupt(full, "DELETE FROM copies WHERE article_id = ?", records[3].article.id)
    with Store(full, readonly=True) as store:
        assert store.check() == [f"articles without a copy: {records[3].article.id}"]


def test_check_reports_a_missing_full_text_row(full, records):
    record = records[5]
    corrupt(
        full,
        "INSERT INTO articles_fts(articles_fts, rowid, title, text)"
        " SELECT 'delete', seq, title, text FROM articles WHERE id = ?",
        record.article.id,
    )
    with Store(full) as store:
        problems = store.check()
    assert problems[0] == f"articles missing from the full-text index: {record.article.id}"
    assert any(p.startswith("full-text index does not match") for p in problems)


def test_check_reports_a_span_that_does_not_index_the_text(full, records):
    corrupt(full, "UPDATE spans SET start = start + 1 WHERE id = 7")
    with Store(full) as store:
        problems = store.check()
        assert len(problems) == 1 and problems[0].startswith("spans that do not match their article's text")
        assert list(store.iter_records()) != records


def test_check_reports_counts_that_do_not_match(full, records):
    corrupt(full, "DELETE FROM events WHERE article_id = ? AND id = 'e1'", records[0].article.id)
    with Store(full) as store:
        problems = store.check()
    assert problems == [f"n_events does not match the rows: {records[0].article.id} ({len(records[0].events)}"
                        f" != {len(records[0].events) - 1})"]  # fmt: skip


def test_check_reports_broken_foreign_keys_and_tampered_text(full, records):
    conn = sqlite3.connect(full)  # foreign keys are off by default in a raw connection
    conn.execute("INSERT INTO copies(article_id, origin, added_at) VALUES ('ghost', 'x', 'now')")
    conn.execute("UPDATE articles SET text = text || '!' WHERE id = ?", (records[2].article.id,))
    conn.commit()
    conn.close()
    with Store(full) as store:
        problems = store.check()
    assert any(p.startswith("rows pointing to missing parents: copies") for p in problems)
    assert f"articles whose text does not match their text_key: {records[2].article.id}" in problems


# -- migrations ----------------------------------------------------------------------------------


def test_a_new_store_is_at_the_latest_version(db):
    with Store(db) as store:
        assert store.stats()["schema_version"] == migrations_module.latest_version() == 9
        rows = store.conn.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()
        assert rows == [(v,) for v in range(1, migrations_module.latest_version() + 1)]
        assert store.conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert store.conn.execute("PRAGMA foreign_keys").fetchone() == (1,)


def test_an_empty_file_or_version_0_database_is_upgraded(db, records):
    db.write_bytes(b"")
    with Store(db) as store:
        store.add_record(records[0], meta(records[0]))
    blank = db.with_name("blank.db")
    sqlite3.connect(blank).execute("PRAGMA user_version = 0").close()
    with Store(blank) as store:
        assert store.stats()["schema_version"] == 9


def test_an_older_store_is_upgraded(db, records, monkeypatch):
    with Store(db) as store:
        store.add_record(records[0], meta(records[0]))

    def add_notes(conn):
        conn.execute("CREATE TABLE notes (article_id TEXT REFERENCES articles(id), note TEXT)")

    monkeypatch.setattr(migrations_module, "MIGRATIONS", [*migrations_module.MIGRATIONS, add_notes])
    with pytest.raises(StoreError, match="open it once for writing"):
        Store(db, readonly=True)  # a read-only store cannot upgrade, and says so
    with Store(db) as store:
        latest = migrations_module.latest_version()
        assert store.stats()["schema_version"] == latest
        versions = [v for (v,) in store.conn.execute("SELECT version FROM schema_migrations ORDER BY 1")]
        assert versions == list(range(1, latest + 1))
        assert "notes" in store.tables()
        assert store.get_record(records[0].article.id) == records[0]


def plan_of(store: Store, call) -> str:
    """SQLite's query plan for the last statement `call` runs on the store's connection."""
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        call()
    finally:
        store.conn.set_trace_callback(None)
    return " ".join(str(row[-1]) for row in store.conn.execute(f"EXPLAIN QUERY PLAN {statements[-1]}"))


def test_a_version_5_store_gains_the_list_indexes_and_lists_in_the_same_order(db, records, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(migrations_module, "MIGRATIONS", migrations_module.MIGRATIONS[:5])
        with Store(db) as store, predicates_column(store):
            for record in records:
                store.add_record(record, meta(record))
            before = store.articles(limit=100)
    with Store(db) as store:
        assert store.stats()["schema_version"] == 9
        assert store.articles(limit=100) == before
        assert store.articles(limit=5, offset=3) == before[3:8]
        plans = {"stories": plan_of(store, store.stories), "articles": plan_of(store, store.articles)}
        # The next link number is read off an index too, not by scanning every link (quadratic linking).
        linked = plan_of(store, lambda: store.conn.execute("SELECT max(linked_seq) FROM story_articles"))
    # A page of either list is read off an index, with no sort of the whole table.
    assert "stories_activity" in plans["stories"] and "TEMP B-TREE" not in plans["stories"]
    assert "articles_latest" in plans["articles"] and "TEMP B-TREE" not in plans["articles"]
    assert "story_articles_linked" in linked
    latest = sorted(records, key=lambda r: r.article.published or "", reverse=True)[0]
    assert before[0]["published"] == latest.article.published


def test_a_version_2_store_gains_event_modes_factuality_and_countries(db, records, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(migrations_module, "MIGRATIONS", migrations_module.MIGRATIONS[:2])
        with Store(db) as store:
            assert store.stats()["schema_version"] == 2
    record = next(r for r in records if r.events and r.events[0].actors)
    event = record.events[0]
    event.mode, event.factuality = "aerial", -1.5
    event.actors[0].country, event.actors[0].sector = "VEN", "military"
    if event.location:
        event.location.country = "COL"
    with Store(db) as store:
        assert store.stats()["schema_version"] == 9
        store.add_record(record, meta(record))
        assert store.get_record(record.article.id) == record


def test_a_version_7_store_gains_story_view_rows_and_reads_the_same_views(db, records, monkeypatch):
    from newstrace.link.runner import link_store
    from newstrace.link.views import compute_story_rows, story_rows

    claims = [{"id": f"c{n}", "statement": f"claim {n} “quoted”", "mentions": [{"n": n}]} for n in range(5)]
    timeline = [{"id": "e1", "date": "2026-11-01", "status_history": []}]
    every = migrations_module.MIGRATIONS
    with monkeypatch.context() as patch:
        patch.setattr(migrations_module, "MIGRATIONS", every[:6])
        with Store(db) as store, predicates_column(store):
            for record in records:
                store.add_record(record, meta(record))
            link_store(store)  # stories, no views (version 6 has none)
            stories = [s["id"] for s in store.stories(limit=500)]
            versions = {sid: store.story_version(sid) for sid in stories}
            views = {sid: compute_story_rows(store.story_records(sid), sid) for sid in stories}
        views[stories[0]] = (claims, timeline)
        patch.setattr(migrations_module, "MIGRATIONS", every[:7])
        with Store(db) as store:  # each view kept whole, one JSON array each, as version 7 did
            for sid, (rows, events) in views.items():
                store.conn.execute(
                    "INSERT INTO story_views VALUES (?, ?, ?, ?, ?, 'then')",
                    (*versions[sid], json.dumps(rows), json.dumps(events)),
                )
    with Store(db) as store:
        assert store.stats()["schema_version"] == 9
        assert store.stale_story_views() == []  # nothing to compute again
        for sid in stories:
            assert store.story_view(versions[sid]) == views[sid]
            assert story_rows(store, versions[sid]) == views[sid]
        # a page of rows as JSON text, and the counts; nothing for another version of the story
        page, total = store.story_view_items(versions[stories[0]], "claims", limit=2, offset=3)
        assert [json.loads(item) for item in page] == claims[3:5] and total == 5
        page, _ = store.story_view_items(versions[stories[0]], "claims", 10, 0, omit=("mentions",))
        assert [json.loads(item) for item in page] == [
            {k: v for k, v in c.items() if k != "mentions"} for c in claims
        ]
        older = (stories[0], versions[stories[0]][1] - 1, versions[stories[0]][2])
        assert store.story_view_items(older, "claims", 10) is None
        assert store.story_view_counts([versions[stories[0]]]) == {stories[0]: (5, 1)}
        assert store.story_view_counts([older]) == {}
        assert store.check() == []


def test_story_views_are_saved_row_by_row_and_replaced_whole(db, records):
    from newstrace.link.runner import link_store

    with Store(db) as store:
        for record in records:
            store.add_record(record, meta(record))
        link_store(store)
        version = store.story_version(store.stories(limit=1)[0]["id"])
        rows = [{"id": f"c{n}", "text": "é"} for n in range(3)]
        store.save_story_view(version, rows, rows[:1])
        assert store.story_view(version) == (rows, rows[:1])
        store.save_story_view(version, rows[:1], [])  # fewer rows: none of the old ones is left
        assert store.story_view(version) == (rows[:1], [])
        assert store.story_view_items(version, "claims", 10) == (['{"id":"c0","text":"é"}'], 1)
        assert store.story_view_items(version, "timeline", 10) == ([], 0)
        with pytest.raises(ValueError):
            store.story_view_items(version, "claims; DROP TABLE stories", 10)
        with pytest.raises(ValueError):
            store.story_view_items(version, "claims", 10, omit=("a', 'b",))


def test_story_views_keep_their_badges_and_sources_apart_from_their_rows(db, records):
    from newstrace.link.runner import link_store

    with Store(db) as store:
        for record in records:
            store.add_record(record, meta(record))
        link_store(store)
        story = store.conn.execute("SELECT id FROM stories ORDER BY n_articles DESC, id LIMIT 1").fetchone()[
            0
        ]
        version = store.story_version(story)
        claims, _ = store.story_view(version)
        # linking stored a badge per claim and the sources item, beside (not inside) the rows
        badges, sources = store.story_view_sourcing(version, 500)
        assert len(badges) == len(claims) >= 3 and all(set(b) == {"badge", "level"} for b in badges)
        assert set(sources) == {"named", "anonymous", "labels"} and sources["named"]
        assert set(sources["labels"]) == {a["id"] for a in store.story(story)["articles"]}
        assert store.story_view_sourcing(version, 2, 1)[0] == badges[1:3]
        assert store.story_view_items(version, "claims", 500)[1] == len(claims)
        older = (story, version[1] - 1, version[2])
        assert store.story_view_sourcing(older, 10) is None
        # saved without them (as an older newstrace did): none read back
        rows = [{"id": "c0"}, {"id": "c1"}]
        store.save_story_view(version, rows, [])
        assert store.story_view(version) == (rows, [])
        assert store.story_view_sourcing(version, 10) == ([], None)
        store.save_story_view(version, rows, [], [{"badge": "b", "level": "single"}] * 2, {"named": []})
        assert store.story_view(version) == (rows, [])
        assert store.story_view_sourcing(version, 10) == (
            [{"badge": "b", "level": "single"}] * 2,
            {"named": []},
        )
        with pytest.raises(ValueError):
            store.save_story_view(version, rows, [], [{"badge": "b", "level": "single"}])


def test_story_sourcing_reads_what_the_records_say_about_sources(db, records):
    from newstrace.link.runner import link_store

    with Store(db) as store:
        for record in records:
            store.add_record(record, meta(record))
        link_store(store)
        for story in store.stories(limit=500):
            full = store.story_records(story["id"])
            light = store.story_sourcing(story["id"])
            assert [r.article.id for r in light] == [r.article.id for r in full]
            for a, b in zip(light, full, strict=True):
                assert a.sources == b.sources
                assert [(x.id, x.kind, x.source_id, x.via) for x in a.attributions] == [
                    (x.id, x.kind, x.source_id, x.via) for x in b.attributions
                ]
                assert a.article.model_dump(exclude={"text", "authors", "language"}) == b.article.model_dump(
                    exclude={"text", "authors", "language"}
                )
        with pytest.raises(KeyError):
            store.story_sourcing("no-such-story")


def test_a_store_from_a_newer_newstrace_is_refused(db):
    with Store(db):
        pass
    corrupt(db, "PRAGMA user_version = 99")
    with pytest.raises(StoreError, match=r"schema version 99, newer than this newstrace"):
        Store(db)
    with pytest.raises(StoreError, match="newer"):
        Store(db, readonly=True)


def test_someone_elses_database_is_not_written_into(db):
    corrupt(db, "CREATE TABLE customers (name TEXT)")
    with pytest.raises(StoreError, match="not a newstrace store"):
        Store(db)
    tables = sqlite3.connect(db).execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == [("customers",)]


# -- opening errors ------------------------------------------------------------------------------


def test_a_file_that_is_not_a_database_is_refused(db):
    db.write_text("this is not a database, just some text that is long enough " * 20)
    with pytest.raises(StoreError) as info:
        Store(db)
    assert str(info.value) == f"cannot open store {db}: file is not a database"
    with pytest.raises(StoreError, match="file is not a database"):
        Store(db, readonly=True)


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(StoreError, match="is a directory"):
        Store(tmp_path)


def test_readonly_store_that_does_not_exist(db):
    with pytest.raises(StoreError, match="no such file"):
        Store(db, readonly=True)
    assert not db.exists()


def test_readonly_store_refuses_writes(full, records):
    with Store(full, readonly=True) as store:
        assert store.get_record(records[0].article.id) == records[0]
        for write in (
            lambda: store.add_record(records[0], meta(records[0])),
            lambda: store.add_copy(records[0].article.id, CopyMeta(origin="x")),
            lambda: store.mark_url("https://x.test", "stored"),
            lambda: store.set_feed_state("https://x.test/feed", {}),
        ):
            with pytest.raises(StoreError, match="read-only"):
                write()


def test_a_store_locked_beyond_the_timeout_raises_store_error(full, records):
    other = sqlite3.connect(full, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with Store(full, timeout=0.2) as store:
            assert store.get_record(records[0].article.id) == records[0]  # readers are not blocked
            with pytest.raises(StoreError, match="database is locked"):
                store.add_record(variant(records[0], 1), meta(records[0]))
            with pytest.raises(StoreError, match="database is locked"):
                store.mark_url("https://x.test", "stored")
    finally:
        other.execute("ROLLBACK")
        other.close()
    with Store(full) as store:
        assert counts(store)["articles"] == 18 and store.check() == []


def test_store_errors_are_one_line_and_closed_store_is_an_error(db):
    store = Store(db)
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.find_text("x")


def test_default_db_path():
    path = default_db_path()
    assert path.name == "newstrace.db" and path.parent.name == "newstrace"


# -- fetcher state -------------------------------------------------------------------------------


def test_url_state_round_trip(db, records):
    with Store(db) as store:
        assert not store.url_seen("https://a.test/1")
        store.mark_url("https://a.test/1", "skipped: not English")
        assert store.url_seen("https://a.test/1")
        assert store.url_status("https://a.test/1") == "skipped: not English"
        store.mark_url("https://a.test/1", "stored")
        assert store.url_status("https://a.test/1") == "stored"
        assert counts(store)["urls"] == 1
        # A URL a stored copy came from counts as seen.
        store.add_record(records[0], CopyMeta(url="https://a.test/2", origin="https://a.test/2"))
        assert store.url_seen("https://a.test/2")
    with Store(db, readonly=True) as store:
        assert store.url_seen("https://a.test/1") and not store.url_seen("https://a.test/3")


def test_feed_state_round_trip(db):
    state = {"etag": '"abc"', "last_modified": "Tue, 10 Nov 2026 01:05:00 GMT", "last_polled": "2026-11-10"}
    with Store(db) as store:
        assert store.feed_state("https://f.test/rss") is None
        store.set_feed_state("https://f.test/rss", state)
        assert store.feed_state("https://f.test/rss") == state
        store.set_feed_state("https://f.test/rss", {"etag": None})
        assert store.feed_state("https://f.test/rss") == {"etag": None}
        assert counts(store)["feeds"] == 1


def test_stats(full):
    with Store(full, readonly=True) as store:
        stats = store.stats()
    assert stats["path"] == str(full) and stats["file_size"] > 0
    assert set(stats) >= {"articles", "copies", "attributions", "sources", "events", "spans"}
    assert stats["articles"] == 18 and stats["schema_version"] == 9
    assert not any(name.startswith("articles_fts") for name in stats)


def test_a_version_8_store_gains_predicates_and_reads_its_records_without_them(db, records, monkeypatch):
    old, new = records[0], records[1]
    assert old.predicates and new.predicates
    with monkeypatch.context() as patch:
        patch.setattr(migrations_module, "MIGRATIONS", migrations_module.MIGRATIONS[:8])
        with Store(db) as store, predicates_column(store):
            store.add_record(old, meta(old))
    with Store(db) as store:
        assert store.stats()["schema_version"] == 9
        # stored before version 9: no predicates (a claim's status then falls back to its events)
        assert store.get_record(old.article.id) == old.model_copy(update={"predicates": []})
        store.add_record(new, meta(new))
        assert store.get_record(new.article.id) == new
