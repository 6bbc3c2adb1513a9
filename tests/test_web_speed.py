"""What keeps the story endpoints fast at scale: a story's claims and timeline are computed once per
version of the story, when it is linked (stored a row each, read a page at a time) or else on the
first request (`newstrace.web.state.StoryCache`, `Store.story_version`), shared by the API and the
pages, not on every request; the story page reads the badges and sources table linking stored with the
story (else its story's sourcing), never its records. Behaviour only."""

from __future__ import annotations

import re
import threading
import time

import pytest
from _store_records import example_records, stored
from fastapi.testclient import TestClient

from newstrace.link.runner import link_store
from newstrace.store import Store
from newstrace.web import create_app, models
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


def test_stored_views_are_read_a_page_at_a_time_and_never_from_records(tmp_path, records, monkeypatch):
    from newstrace.web.models import (
        ClaimMentionOut,
        ClaimOut,
        EventMentionOut,
        StatusStepOut,
        TimelineEventOut,
    )

    db = tmp_path / "s.db"
    stored(db, records)
    with Store(db) as store:
        link_store(store)
        story = biggest(store)
        claims, timeline = store.story_view(store.story_version(story))
    assert len(claims) >= 3 and timeline

    def refuse(*args, **kwargs):
        raise AssertionError("read more of the story than the page needs")

    # neither the story's records nor its whole stored view, nor its sourcing: a page of rows, and the
    # badges and sources table linking stored with them
    monkeypatch.setattr(Store, "story_records", refuse)
    monkeypatch.setattr(Store, "story_view", refuse)
    monkeypatch.setattr(Store, "story_sourcing", refuse)
    with TestClient(create_app(db)) as client:
        pages = [
            client.get(f"/api/stories/{story}/claims", params={"limit": 2, "offset": offset}).json()
            for offset in range(0, len(claims), 2)
        ]
        assert [c for p in pages for c in p["items"]] == claims
        assert [p["next_offset"] for p in pages] == [o + 2 for o in range(0, len(claims) - 2, 2)] + [None]
        assert client.get(f"/api/stories/{story}/timeline").json()["items"] == timeline
        assert client.get(f"/stories/{story}").status_code == 200
        for part in ("claims", "events", "sources"):
            assert client.get(f"/stories/{story}", params={"part": part}).status_code == 200
        assert client.get("/").status_code == 200
    # Rows are served as stored, unparsed: their fields are exactly the response models'.
    for claim in claims:
        assert set(claim) == set(ClaimOut.model_fields)
        assert all(set(m) == set(ClaimMentionOut.model_fields) for m in claim["mentions"])
    for event in timeline:
        assert set(event) == set(TimelineEventOut.model_fields)
        assert all(set(s) == set(StatusStepOut.model_fields) for s in event["status_history"])
        assert all(set(m) == set(EventMentionOut.model_fields) for m in event["mentions"])


def test_the_story_page_reads_its_claims_without_their_mentions(tmp_path, records, monkeypatch):
    """With the badges stored, a claim's mentions (most of a big story's claim rows) are not read for the
    page, which shows the chain; the mention count it shows is still right."""
    db = tmp_path / "s.db"
    stored(db, records)
    with Store(db) as store:
        link_store(store)
        story = biggest(store)
        claims, _ = store.story_view(store.story_version(story))
    reads: list[tuple[str, tuple]] = []
    original = Store.story_view_items

    def recorded(self, version, kind, limit, offset=0, omit=()):
        reads.append((kind, tuple(omit)))
        return original(self, version, kind, limit, offset, omit)

    monkeypatch.setattr(Store, "story_view_items", recorded)
    with TestClient(create_app(db)) as client:
        page = client.get(f"/stories/{story}").text
    assert ("claims", ("mentions",)) in reads and ("claims", ()) not in reads
    first = claims[0]
    n = len(first["mentions"])
    assert f"Who reported whom ({n} mention{'' if n == 1 else 's'})" in page


def test_the_stories_list_counts_claims_from_the_stored_views(tmp_path, records, monkeypatch):
    db = tmp_path / "s.db"
    stored(db, records)
    with Store(db) as store:
        link_store(store)
        expected = {
            s["id"]: len(store.story_view(store.story_version(s["id"]))[0]) for s in store.stories(limit=500)
        }

    def refuse(*args, **kwargs):
        raise AssertionError("parsed a whole story view to count its claims")

    monkeypatch.setattr(Store, "story_view", refuse)
    with TestClient(create_app(db)) as client:
        text = client.get("/", params={"limit": 100}).text
    for story_id, n in expected.items():
        block = text.split(f'href="/stories/{story_id}"', 1)[1].split("</li>", 1)[0]
        assert f"{n} claim{'' if n == 1 else 's'}</span>" in block


def test_a_story_page_is_rendered_once_per_version_and_links(tmp_path, records, monkeypatch):
    from newstrace.web import pages

    db = tmp_path / "s.db"
    stored(db, records[:10])  # the Oakland port strike (examples 09-11) arrives in two parts
    with Store(db) as store:
        link_store(store)
        story = store.conn.execute(
            "SELECT story_id FROM story_articles WHERE article_id = ?", (records[8].article.id,)
        ).fetchone()[0]
    rendered = []
    real = pages.render_text

    def counted(request, template, **context):
        rendered.append(template)
        return real(request, template, **context)

    monkeypatch.setattr(pages, "render_text", counted)
    with TestClient(create_app(db)) as client:
        first = client.get(f"/stories/{story}").text
        assert client.get(f"/stories/{story}").text == first and rendered == ["story.html"]
        # other links (a token to carry on), another part: rendered for them
        assert "token=t" in client.get(f"/stories/{story}", params={"token": "t"}).text
        client.get(f"/stories/{story}", params={"part": "claims"})
        assert rendered == ["story.html", "story.html", "story_part.html"]
        # the story gains an article: a new version, rendered again
        stored(db, records[10:])
        with Store(db) as store:
            link_store(store)
            grown = store.story_version(story)[1]
        text = client.get(f"/stories/{story}").text
        assert rendered[-1] == "story.html" and len(rendered) == 4
        assert f"<span>{grown} articles</span>" in text and text != first


def test_the_app_answers_as_many_requests_at_once_as_it_has_threads(tmp_path, records):
    import anyio.to_thread

    from newstrace.web.app import THREADS

    db = tmp_path / "s.db"
    stored(db, records[:2])
    for threads, expected in ((None, THREADS), (2, 2)):
        app = create_app(db) if threads is None else create_app(db, threads=threads)
        with TestClient(app) as client:
            limiter = client.portal.call(anyio.to_thread.current_default_thread_limiter)
            assert limiter.total_tokens == expected
            assert client.get("/api/stories").status_code == 200


def test_bounded_reads_are_answered_on_the_event_loop_and_the_rest_on_worker_threads(
    tmp_path, records, monkeypatch
):
    from newstrace.link import claims
    from newstrace.web import pages

    db = tmp_path / "s.db"
    stored(db, records)
    with Store(db) as store:
        link_store(store)
        story = biggest(store)
        article = store.story(story)["articles"][0]["id"]
    seen: dict[str, list[threading.Thread]] = {}

    def spy(owner, name):
        real = getattr(owner, name)

        def wrapped(*args, **kwargs):
            seen.setdefault(name, []).append(threading.current_thread())
            return real(*args, **kwargs)

        monkeypatch.setattr(owner, name, wrapped)

    for owner, name in ((pages, "_render_story"), (Store, "get_record"), (Store, "search")):
        spy(owner, name)
    spy(Store, "story_view_items")
    spy(claims, "link_claims")
    with TestClient(create_app(db)) as client:
        loop = client.portal.call(threading.current_thread)
        for path in (f"/stories/{story}", f"/articles/{article}", f"/api/articles/{article}"):
            assert client.get(path).status_code == 200
        assert client.get(f"/api/stories/{story}/claims").status_code == 200
        assert client.get("/", params={"q": "port"}).status_code == 200
        assert client.get("/api/search", params={"q": "port"}).status_code == 200
    # a story from its stored view, an article: on the event loop; searches on worker threads
    assert seen["_render_story"] == [loop] and seen["get_record"] == [loop, loop]
    assert len(seen["story_view_items"]) >= 2 and set(seen["story_view_items"]) == {loop}
    assert len(seen["search"]) == 2 and loop not in seen["search"]
    assert "link_claims" not in seen
    # a story whose claims were never stored is computed on request: on a worker thread
    with Store(db) as store:
        store.conn.execute("DELETE FROM story_views")
        store.conn.commit()
    seen.clear()
    with TestClient(create_app(db)) as client:
        loop = client.portal.call(threading.current_thread)
        assert client.get(f"/stories/{story}").status_code == 200
        assert client.get(f"/api/stories/{story}/timeline").status_code == 200
        assert client.get("/").status_code == 200
    assert seen["_render_story"] and loop not in seen["_render_story"]
    assert seen["link_claims"] and loop not in seen["link_claims"]


def test_search_ranks_the_best_among_the_latest_matches(tmp_path, records, monkeypatch):
    from newstrace.web import api, pages

    db = tmp_path / "s.db"
    stored(db, records)
    with Store(db, readonly=True) as store:
        every = [aid for aid, _ in store.search("port", limit=1000, window=None)]
        seq = dict(store.conn.execute("SELECT id, seq FROM articles").fetchall())
    assert len(every) >= 4
    latest = sorted(every, key=seq.get)[-2:]
    client = TestClient(create_app(db))
    # a window of one: the matches ranked are the two latest stored (one more than the page of one)
    monkeypatch.setattr(api, "SEARCH_WINDOW", 1)
    monkeypatch.setattr(pages, "SEARCH_WINDOW", 1)
    first = client.get("/api/search", params={"q": "port", "limit": 1}).json()["items"]
    assert [hit["id"] for hit in first] in ([latest[0]], [latest[1]])
    listed = client.get("/", params={"q": "port", "limit": 1}).text
    assert re.findall(r'href="/articles/([^"]+)"', listed) == [hit["id"] for hit in first]
    # the default window holds them all here: the best of all the matches
    monkeypatch.setattr(api, "SEARCH_WINDOW", models.SEARCH_WINDOW)
    best = client.get("/api/search", params={"q": "port", "limit": 1}).json()["items"]
    assert [hit["id"] for hit in best] == every[:1]


def test_warm_up_loads_the_pipeline_then_freezes_what_is_loaded(tmp_path, records, monkeypatch):
    import gc

    from newstrace.nlp import pipeline

    db = tmp_path / "s.db"
    stored(db, records[:2])
    loaded = []
    monkeypatch.setattr(pipeline, "shared_pipeline", lambda: loaded.append(object()))
    app = create_app(db, warm=True)
    try:
        with TestClient(app) as client:
            app.state.executor.submit(lambda: None).result(timeout=60)  # after the warm-up
            assert len(loaded) == 1 and gc.get_freeze_count() > 0
            assert client.get("/api/stories").status_code == 200
    finally:
        gc.unfreeze()
    # without warm, nothing is loaded or frozen at startup
    with TestClient(create_app(db)) as client:
        client.app.state.executor.submit(lambda: None).result(timeout=60)
        assert len(loaded) == 1 and gc.get_freeze_count() == 0
