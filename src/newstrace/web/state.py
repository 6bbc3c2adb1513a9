"""What the app keeps between requests: one store connection per worker thread, and the stories it
has linked (claims, timeline, page views) by story version."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson
from fastapi import Request
from starlette.concurrency import run_in_threadpool

from newstrace.store import Store, StoreError

if TYPE_CHECKING:
    from newstrace.link.views import StorySourcing

_STORES_LOCK = threading.Lock()


@contextmanager
def request_store(request: Request) -> Iterator[Store]:
    """The store, opened once per worker thread and kept open: opening it (a connection, the version
    check, the pragmas) cost several times a story or article lookup. SQLite connections stay in the
    thread that opened them; a store that failed is closed, and the thread's next request reopens it."""
    state = request.app.state
    local = getattr(state, "thread_stores", None)
    if local is None:
        with _STORES_LOCK:
            local = getattr(state, "thread_stores", None)
            if local is None:
                local = state.thread_stores = threading.local()
    store = getattr(local, "store", None)
    if store is None:
        store = local.store = Store(state.db_path, readonly=state.readonly)
    try:
        yield store
    except StoreError:
        local.store = None
        store.close()
        raise


class StoryCache:
    """Values built from one version of a story, for the most recent stories.

    Claims and timelines are computed over all of a story's articles (a clustering of every attributed
    statement): seconds for a story of a few hundred articles. A story only grows, so (id, article
    count, last seen) names one version of it; a story that gained an article gets a new key. One
    thread builds a missing entry while the others asking for it wait for its result, rather than all
    computing the same clustering at once; a failed build is not kept."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._values: OrderedDict[tuple, Any] = OrderedDict()
        self._building: dict[tuple, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple, build: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            building = self._building.setdefault(key, threading.Lock())
        with building:
            with self._lock:
                if key in self._values:
                    return self._values[key]
            try:
                value = build()
            finally:
                with self._lock:
                    self._building.pop(key, None)
            with self._lock:
                self._values[key] = value
                while len(self._values) > self.size:
                    self._values.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, key: tuple) -> bool:
        with self._lock:
            return key in self._values


@dataclass(frozen=True)
class LinkedStory:
    """A story's claims and timeline rows, as `to_dict` gives them (`newstrace.link.claims` /
    `timeline`)."""

    claims: list[dict[str, Any]]
    timeline: list[dict[str, Any]]


def story_cache(request: Request) -> StoryCache:
    state = request.app.state
    with _STORES_LOCK:
        cache = getattr(state, "story_cache", None)
        if cache is None:
            cache = state.story_cache = StoryCache()
    return cache


async def on_worker_thread(build: Callable[..., Any], request: Request, *args: Any) -> Any:
    """`build(request, store, *args)` on a worker thread, with that thread's store: for the requests
    that can take seconds or that let go of the GIL (`newstrace.web.app`, "inline")."""

    def run() -> Any:
        with request_store(request) as store:
            return build(request, store, *args)

    return await run_in_threadpool(run)


def linked_story(request: Request, store: Store, version: tuple) -> LinkedStory:
    """The claims and timeline of this version (`Store.story_version`) of a story
    (`newstrace.link.views.story_rows`), kept in the cache and shared by the API and the pages."""
    from newstrace.link.views import story_rows

    return story_cache(request).get(("linked", *version), lambda: LinkedStory(*story_rows(store, version)))


def _stores_items(store: Store) -> bool:
    return store.has_table("story_view_items")


def story_items(
    request: Request,
    store: Store,
    version: tuple,
    kind: str,
    limit: int,
    offset: int = 0,
    omit: tuple[str, ...] = (),
) -> tuple[list[str], int]:
    """One page of a story version's claims (`kind` "claims") or timeline rows as JSON text (without
    the keys in `omit`), and how many there are: read off the stored view when linking stored one (an
    index range, nothing else of the story parsed), else from the rows computed once per version
    (`linked_story`)."""
    stored = store.story_view_items(version, kind, limit, offset, omit) if _stores_items(store) else None
    if stored is not None:
        return stored
    linked = linked_story(request, store, version)
    rows = linked.claims if kind == "claims" else linked.timeline
    page = [{k: v for k, v in row.items() if k not in omit} for row in rows[offset : offset + limit]]
    return [json.dumps(row, ensure_ascii=False) for row in page], len(rows)


def story_rows_page(
    request: Request,
    store: Store,
    version: tuple,
    kind: str,
    limit: int,
    offset: int = 0,
    omit: tuple[str, ...] = (),
) -> tuple[list[dict[str, Any]], int]:
    """As `story_items`, the rows parsed (orjson: a big story's first claims are half a megabyte of JSON,
    which it parses in half the time of the json module)."""
    items, total = story_items(request, store, version, kind, limit, offset, omit)
    return [orjson.loads(item) for item in items], total


def views_stored(store: Store, versions: list[tuple]) -> bool:
    """Whether linking stored the views of all these story versions, so that what a request reads of
    them is an index range (milliseconds, answered on the event loop: `newstrace.web.app`, "inline");
    a story without one has its claims computed on request (seconds: on a worker thread)."""
    if not versions:
        return True
    if not _stores_items(store):
        return False
    return len(store.story_view_counts(versions)) == len({v[0] for v in versions})


def claim_counts(request: Request, store: Store, versions: list[tuple]) -> dict[str, int]:
    """story id -> its number of claims, for these story versions: the stored views' counts, one query
    for all; a story without a stored view for its version has its claims computed once (`linked_story`)."""
    stored = store.story_view_counts(versions) if _stores_items(store) else {}
    return {
        v[0]: stored[v[0]][0] if v[0] in stored else len(linked_story(request, store, v).claims)
        for v in versions
    }


def stored_sourcing(store: Store, version: tuple, claims: int, offset: int = 0) -> StorySourcing | None:
    """What linking stored of a story version's sourcing (`Store.story_view_sourcing`): the badges of
    its `claims` claims from `offset` (the page shown), its sources table and its articles' labels;
    None when it stored none of it (a store linked by an older newstrace, or no view for this version),
    and the page computes them from the story's sources."""
    from newstrace.link.views import SourceRow, StorySourcing

    found = store.story_view_sourcing(version, claims, offset) if _stores_items(store) else None
    if found is None:
        return None
    badges, sources = found
    if sources is None or len(badges) != claims:
        return None
    return StorySourcing(
        badges=[(b["badge"], b["level"]) for b in badges],
        named=[SourceRow.from_dict(r) for r in sources["named"]],
        anonymous=[SourceRow.from_dict(r) for r in sources["anonymous"]],
        labels=sources["labels"],
    )
