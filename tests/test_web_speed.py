"""What keeps the story endpoints fast at scale: a story's claims and timeline are computed once per
version of the story (`newstrace.web.state.StoryCache`, `Store.story_version`), shared by the API and
the pages, not on every request. Behaviour only."""

from __future__ import annotations

import threading
import time

import pytest
from _store_records import example_records, stored
from fastapi.testclient import TestClient

from newstrace.link.runner import link_store
from newstrace.store import Store
from newstrace.web import create_app
from newstrace.web.state import StoryCache


@pytest.fixture(scope="module")
def records(nlp):
    return example_records(nlp)


def biggest(store: Store) -> str:
    return store.conn.execute("SELECT id FROM stories ORDER BY n_articles DESC, id LIMIT 1").fetchone()[0]


def test_story_version_changes_when_the_story_gains_an_article(tmp_path, records):
    db = tmp_path / "s.db"
    # The Oakland port strike (examples 09-11) arrives in two parts.
    stored(db, records[:10])
    with Store(db) as store:
        link_store(store)
        story = store.conn.execute(
            "SELECT story_id FROM story_articles WHERE article_id = ?", (records[8].article.id,)
        ).fetchone()[0]
        before = store.story_version(story)
        assert before[0] == story and before[1] == store.story(story)["n_articles"]
        with pytest.raises(KeyError):
            store.story_version("no-such-story")
    stored(db, records[10:])
    with Store(db) as store:
        link_store(store)
        assert store.story_version(story) != before
        assert store.story_version(story)[1] == before[1] + 1


def test_story_rows_builds_once_for_concurrent_requests():
    cache = StoryCache()
    calls = []
    start = threading.Barrier(5)

    def build() -> list[dict]:
        calls.append(1)
        time.sleep(0.05)  # long enough for the other threads to ask meanwhile
        return [{"id": "c1"}]

    results = []

    def ask() -> None:
        start.wait()
        results.append(cache.get(("claims", "s1", 3, None), build))

    threads = [threading.Thread(target=ask) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert results == [[{"id": "c1"}]] * 5


def test_story_rows_keeps_the_latest_and_forgets_failures():
    cache = StoryCache(size=2)
    built = []

    def build(name: str):
        def run() -> list[dict]:
            built.append(name)
            return [{"id": name}]

        return run

    cache.get(("claims", "a"), build("a"))
    cache.get(("claims", "b"), build("b"))
    cache.get(("claims", "a"), build("a"))  # a is now the most recent
    cache.get(("claims", "c"), build("c"))  # b goes
    cache.get(("claims", "a"), build("a"))
    cache.get(("claims", "b"), build("b"))
    assert built == ["a", "b", "c", "b"]

    def fail() -> list[dict]:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        cache.get(("claims", "d"), fail)
    assert cache.get(("claims", "d"), build("d")) == [{"id": "d"}]


def stories_listed(db) -> list[str]:
    with Store(db, readonly=True) as store:
        return [s["id"] for s in store.stories(limit=20)]


def test_claims_and_timeline_are_computed_once_per_story_version(tmp_path, records, monkeypatch):
    from newstrace.link import claims, timeline

    db = tmp_path / "s.db"
    stored(db, records)
    with Store(db) as store:
        link_store(store)
        # as a store linked by a newstrace that did not keep story views: computed on request
        store.conn.execute("DELETE FROM story_views")
        store.conn.commit()
        story = biggest(store)
        expected_claims = [
            c.to_dict() for c in claims.link_claims(store.story_records(story), story_id=story)
        ]
    counts = {"claims": 0, "timeline": 0}
    real_claims, real_timeline = claims.link_claims, timeline.timeline

    def counted_claims(*args, **kwargs):
        counts["claims"] += 1
        return real_claims(*args, **kwargs)

    def counted_timeline(*args, **kwargs):
        counts["timeline"] += 1
        return real_timeline(*args, **kwargs)

    monkeypatch.setattr(claims, "link_claims", counted_claims)
    monkeypatch.setattr(timeline, "timeline", counted_timeline)
    with TestClient(create_app(db)) as client:
        first = client.get(f"/api/stories/{story}/claims", params={"limit": 1})
        rest = client.get(f"/api/stories/{story}/claims", params={"limit": 500, "offset": 1})
        assert first.status_code == rest.status_code == 200
        assert first.json()["items"] + rest.json()["items"] == expected_claims
        for _ in range(2):
            assert client.get(f"/api/stories/{story}/timeline").status_code == 200
            assert client.get(f"/stories/{story}").status_code == 200  # the page reuses them
        assert client.get("/").status_code == 200  # and so does the list's claim count
        assert client.get("/api/stories/no-such-story/claims").status_code == 404
    assert counts["claims"] == counts["timeline"] == len(stories_listed(db))
    assert counts["claims"] >= 1


def test_stored_story_views_are_served_without_linking_again(tmp_path, records, monkeypatch):
    from newstrace.link import claims, timeline

    db = tmp_path / "s.db"
    stored(db, records)
    with Store(db) as store:
        summary = link_store(store)
        assert summary.story_views == len(store.stories(limit=500)) and store.stale_story_views() == []
        story = biggest(store)
        expected = [c.to_dict() for c in claims.link_claims(store.story_records(story), story_id=story)]

    def refuse(*args, **kwargs):
        raise AssertionError("linked again on request")

    monkeypatch.setattr(claims, "link_claims", refuse)
    monkeypatch.setattr(timeline, "timeline", refuse)
    with TestClient(create_app(db)) as client:
        assert client.get(f"/api/stories/{story}/claims", params={"limit": 500}).json()["items"] == expected
        assert client.get(f"/api/stories/{story}/timeline").status_code == 200
        assert client.get(f"/stories/{story}").status_code == 200
        assert client.get("/").status_code == 200


def test_a_story_that_grows_gets_its_view_recomputed(tmp_path, records):
    db = tmp_path / "s.db"
    stored(db, records[:10])
    with Store(db) as store:
        link_store(store)
    stored(db, records[10:])
    with Store(db) as store:
        summary = link_store(store)
        assert summary.story_views >= 1 and store.stale_story_views() == []
        for story in store.stories(limit=500):
            version = store.story_version(story["id"])
            assert store.story_view(version) is not None
