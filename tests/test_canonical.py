"""Canonical entities across the store (issue 6): people, bodies and countries matched across articles."""

from __future__ import annotations

import json

import pytest
from _store_records import meta, predicates_column, stored
from click.testing import CliRunner

from newstrace.cli import main
from newstrace.cli.common import EXIT_NOTHING, EXIT_OK
from newstrace.link import canonical, runner
from newstrace.link.canonical import ArticleMentions, EntityIndex, Mention, canonicalise, wanted
from newstrace.link.runner import link_store
from newstrace.store import Store
from newstrace.store import migrations as migrations_module

# Invented articles: three outlets name one president three ways, one minister with and without
# accents, and each cites anonymous officials.
TEXTS = [
    (
        "daily-1",
        "Daily Courier",
        "2026-01-10",
        "President Trump said on Monday that the tariffs would stay in place. "
        '"We will not back down," President Trump said at the White House.',
    ),
    (
        "ledger-1",
        "Harbor Ledger",
        "2026-01-11",
        "Donald J. Trump told reporters on Tuesday that the tariffs would remain. "
        "Venezuela's government rejected the plan, Delcy Rodríguez said.",
    ),
    (
        "meridian-1",
        "Meridian Post",
        "2026-01-12",
        "Trump, speaking in Ohio, said the tariffs were working. Delcy Rodriguez said Caracas would "
        "respond. Two officials said the talks had stalled.",
    ),
    (
        "other-1",
        "Other Outlet",
        "2026-01-12",
        "Officials said the talks had stalled. Venezuelan troops attacked a camp near the border, "
        "police said. Venezuelan President Nicolás Maduro ordered troops to the border.",
    ),
]


@pytest.fixture(scope="module")
def records(nlp):
    from newstrace.analysis import analyze

    return [
        analyze({"id": aid, "outlet": outlet, "published": published, "text": text}, nlp)
        for aid, outlet, published, text in TEXTS
    ]


def by_name(store: Store) -> dict[str, dict]:
    return {e["name"]: e for e in store.entities(limit=1000)}


def mention_rows(store: Store) -> list[tuple]:
    return store.conn.execute(
        "SELECT article_id, ref, entity_id, role, name_as_written, outlet FROM entity_mentions ORDER BY 1, 2"
    ).fetchall()


@pytest.fixture
def linked(tmp_path, records):
    db = tmp_path / "s.db"
    stored(db, records)
    with Store(db) as store:
        summary = link_store(store)
    return db, summary


def test_one_president_written_three_ways_is_one_entity(linked):
    db, summary = linked
    with Store(db, readonly=True) as store:
        entities = by_name(store)
        trump = entities["Donald J. Trump"]
        assert trump["type"] == "person" and trump["key"] == "person:trump"
        assert trump["n_mentions"] == 3 and trump["n_articles"] == 3
        assert trump["variants"] == {"Trump": 2, "Donald J. Trump": 1}
        assert set(trump["outlets"]) == {"Daily Courier", "Harbor Ledger", "Meridian Post"}
        assert set(trump["articles"]) == {"daily-1", "ledger-1", "meridian-1"}
        assert (trump["first_seen"], trump["last_seen"]) == ("2026-01-10", "2026-01-12")
        assert not [e for e in entities.values() if e["key"] == "person:trump" and e is not trump]
        mentions = store.entity_mentions(trump["id"])
        assert [(m["article_id"], m["role"], m["name_as_written"]) for m in mentions] == [
            ("daily-1", "source", "Trump"),
            ("ledger-1", "source", "Donald J. Trump"),
            ("meridian-1", "source", "Trump"),
        ]
        with pytest.raises(KeyError):
            store.entity_mentions("ent999")
        assert store.check() == []
    assert summary.new_entities == len(entities)


def test_accents_do_not_split_a_person(linked):
    db, _ = linked
    with Store(db, readonly=True) as store:
        entities = by_name(store)
    delcy = entities["Delcy Rodríguez"]  # the accented form is kept as the canonical name
    assert delcy["variants"] == {"Delcy Rodriguez": 1, "Delcy Rodríguez": 1}
    assert "Delcy Rodriguez" not in entities


def test_anonymous_sources_make_no_entity(linked, records):
    db, _ = linked
    anonymous = {(r.article.id, s.id) for r in records for s in r.sources if s.anonymous}
    assert {aid for aid, _ in anonymous} >= {"meridian-1", "other-1"}  # officials in two outlets
    with Store(db, readonly=True) as store:
        rows = mention_rows(store)
        names = {n.lower() for e in store.entities(limit=1000) for n in e["variants"]}
    assert not anonymous & {(aid, ref) for aid, ref, *_ in rows}
    assert not any("official" in n for n in names)


def test_state_actors_are_their_country_and_people_stay_people(linked):
    db, _ = linked
    with Store(db, readonly=True) as store:
        entities = by_name(store)
    venezuela = entities["Venezuela"]
    assert venezuela["type"] == "country" and venezuela["key"] == "country:VEN"
    # "Venezuela's government" (a source) and "Venezuelan troops" (an event actor) in two outlets
    assert {"Venezuela's government", "Venezuelan troops"} <= set(venezuela["variants"])
    assert entities["Nicolás Maduro"]["type"] == "person"


def test_linking_again_or_in_parts_changes_nothing(tmp_path, records, linked):
    whole, _ = linked
    with Store(whole) as store:
        again = link_store(store)
        assert again.entity_mentions == again.new_entities == 0
        expected_rows, expected = mention_rows(store), store.entities(limit=1000)
    split = tmp_path / "split.db"
    stored(split, records[:2])
    with Store(split) as store:
        first = link_store(store)
    stored(split, records[2:])
    with Store(split) as store:  # a new process: entities are read back from the store
        second = link_store(store)
        assert mention_rows(store) == expected_rows
        assert store.entities(limit=1000) == expected
    assert first.new_entities + second.new_entities == len(expected)


def test_a_version_4_store_is_upgraded_and_its_linked_articles_get_entities(tmp_path, records, monkeypatch):
    db = tmp_path / "v4.db"
    with monkeypatch.context() as patch:
        patch.setattr(migrations_module, "MIGRATIONS", migrations_module.MIGRATIONS[:4])
        patch.setattr(runner, "canonicalise_store", lambda store, batch: canonical.EntitySummary())
        with Store(db) as store, predicates_column(store):
            for record in records:
                store.add_record(record, meta(record))
            assert store.stats()["schema_version"] == 4
            assert link_store(store).linked == len(records)  # stories only: v4 has no entities
    with Store(db) as store:
        assert store.stats()["schema_version"] == migrations_module.latest_version() == 9
        assert {"entities", "entity_mentions"} <= set(store.tables())
        assert store.entities() == []
        summary = link_store(store)  # no new stories, but the stored articles get their entities
        assert summary.linked == 0 and summary.entity_mentions > 0
        assert by_name(store)["Donald J. Trump"]["n_mentions"] == 3
        assert store.check() == []


def test_a_concurrent_run_is_not_overwritten(linked):
    db, _ = linked
    with Store(db) as store:
        progress = store.entity_progress()
        assert progress["seq"] == 4
        stale = {"seq": 0, "next_id": 1}
        assert not store.save_entities(stale, {"seq": 9, "next_id": 99}, [], [])
        assert store.entity_progress() == progress


def run(*args: str, columns: int = 200):
    return CliRunner().invoke(main, list(args), env={"COLUMNS": str(columns)})


def test_cli_entities_text_and_json(linked):
    db, _ = linked
    result = run("entities", "--db", str(db))
    assert result.exit_code == EXIT_OK, result.output
    assert "Donald J. Trump" in result.output and "Delcy Rodríguez" in result.output
    assert "Trump (2), Donald J. Trump" in result.output  # the names it is written as, most used first
    narrow = run("entities", "--db", str(db), columns=80)
    assert narrow.exit_code == EXIT_OK and all(len(line) <= 80 for line in narrow.output.splitlines())
    # ... and the names whole there: the type under the name, the article count beside the mentions
    assert "Donald J. Trump" in narrow.output and "Delcy Rodríguez" in narrow.output
    assert "…" not in narrow.output
    result = run("entities", "--db", str(db), "--format", "json", "--type", "person", "--limit", "2")
    assert result.exit_code == EXIT_OK, result.output
    rows = json.loads(result.output)
    assert len(rows) == 2 and {r["type"] for r in rows} == {"person"}
    assert rows[0]["name"] == "Donald J. Trump" and rows[0]["variants"]["Trump"] == 2
    result = run("entities", "--db", str(db), "--type", "document")
    assert result.exit_code == EXIT_NOTHING


def test_cli_entities_on_an_unlinked_store(tmp_path, records):
    db = tmp_path / "s.db"
    stored(db, records[:1])
    result = run("entities", "--db", str(db))
    assert result.exit_code == EXIT_NOTHING and "newstrace link" in result.output
    assert run("link", "--db", str(db), "--quiet").exit_code == EXIT_OK
    assert run("entities", "--db", str(db)).exit_code == EXIT_OK


# -- the matching rules, without the NLP ----------------------------------------------------------


def person(ref: str, name: str) -> Mention:
    return Mention(ref, "source", name, "person")


def article(aid: str, *mentions: Mention) -> ArticleMentions:
    return ArticleMentions(aid, f"outlet {aid}", "2026-01-01", list(mentions))


def test_a_surname_alone_joins_only_a_single_namesake():
    index = EntityIndex()
    index.add_article(article("a1", person("s1", "Donald Trump")))
    [(*_, only, _, _, _)] = index.add_article(article("a2", person("s1", "Trump")))
    assert index.by_id[only].name == "Donald Trump"
    index.add_article(article("a3", person("s1", "Eric Trump")))
    [(*_, bare, _, _, _)] = index.add_article(article("a4", person("s1", "Mr Trump")))
    assert bare not in (only,) and index.by_id[bare].name == "Mr Trump"  # ambiguous: its own entity
    [(*_, again, _, _, _)] = index.add_article(article("a5", person("s1", "Trump")))
    assert again == bare
    [(*_, donald, _, _, _)] = index.add_article(article("a6", person("s1", "D. Trump")))
    assert donald == only


def test_a_surname_seen_first_becomes_the_full_name():
    entities, rows = canonicalise([])
    assert entities == rows == []
    index = EntityIndex()
    index.add_article(article("a1", person("s1", "Rodríguez")))
    index.add_article(article("a2", person("s1", "Delcy Rodriguez"), person("s2", "Delcy Rodríguez")))
    [entity] = index.by_id.values()
    assert entity.name == "Delcy Rodríguez" and entity.n_mentions == 3 and entity.n_articles == 2


@pytest.mark.parametrize(
    ("mention", "key"),
    [
        (Mention("s1", "source", None, "anonymous", anonymous=True), None),
        (Mention("s1", "source", None, "government", affiliation="Venezuela"), "country:VEN"),
        (Mention("s1", "source", "Caracas", "government"), "country:VEN"),
        (Mention("s1", "source", "the Defense Ministry", "government"), "org:defense ministry"),
        (Mention("s1", "source", "President Trump", "person"), "person:trump"),
        (
            Mention("e1:actor:0", "actor", "Venezuelan officials", country="VEN", sector="government"),
            "country:VEN",
        ),
        (
            Mention("e1:actor:0", "actor", "Nicolás Maduro", country="VEN", sector="government"),
            "person:maduro",
        ),
        (Mention("e1:target:0", "target", "coast of Venezuela", country="VEN"), None),
        (Mention("e1:actor:0", "actor", "They"), None),
        (Mention("e1:actor:0", "actor", "union", sector="civilian"), None),
        (Mention("e1:target:0", "target", "Gulf of Paria"), None),
        (Mention("e1:actor:0", "actor", "Alice Moreau", sector="government"), "person:moreau"),
    ],
)
def test_what_a_mention_asks_for(mention, key):
    found = wanted(mention)
    assert (found.key if found else None) == key


def test_a_participant_is_first_matched_to_the_articles_own_sources():
    index = EntityIndex()
    index.add_article(article("a1", person("s1", "Marisol Ortega")))
    index.add_article(article("a2", person("s1", "Julio Ortega")))
    rows = index.add_article(
        article("a3", person("s1", "Marisol Ortega"), Mention("e1:actor:0", "actor", "Ortega"))
    )
    assert rows[0][2] == rows[1][2] == "ent1"
    # without a source in the article, a lone surname shared by two people matches neither
    assert index.add_article(article("a4", Mention("e1:actor:0", "actor", "Ortega"))) == []
