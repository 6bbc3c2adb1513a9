"""The JSON endpoints under /api. Each thread (the event loop's, a worker's) reads the store through its
own read-only connection. Reads of bounded cost are answered on the event loop (`async def`), the
store-wide aggregates and what has to be computed on request on a worker thread (plain `def`), and
searches (SQLite ranking matches lets go of the GIL): see `newstrace.web.app`, "inline"."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Query, Request
from fastapi.responses import Response

from newstrace.record import Record
from newstrace.store import Store
from newstrace.web.models import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    MAX_OFFSET,
    SEARCH_WINDOW,
    AnalyseIn,
    ArticleOut,
    ClaimOut,
    EntityOut,
    ErrorOut,
    OutletSourcingOut,
    Page,
    SearchHitOut,
    SourceOut,
    StoryDetailOut,
    StoryOut,
    TimelineEventOut,
)
from newstrace.web.state import on_worker_thread, request_store, story_items, views_stored

ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": text}
    for code, text in (
        (400, "Malformed request: a body that is not UTF-8 JSON, a bad Content-Length, a Host not allowed"),
        (401, "No valid token (when the server has one)"),
        (422, "Bad parameters or input"),
        (500, "Internal error"),
        (503, "The store cannot be read"),
    )
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorOut, "description": "No such id"}}

router = APIRouter(prefix="/api", responses=ERRORS)

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]


def _page(rows: list, limit: int, offset: int) -> dict[str, Any]:
    """`rows` fetched with limit + 1, so one more than the page says whether another page follows."""
    more = len(rows) > limit
    return {
        "items": rows[:limit],
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if more else None,
    }


def _not_found(kind: str, key: str) -> HTTPException:
    return HTTPException(404, f"no {kind} {key!r}")


@router.get("/stories", response_model=Page[StoryOut], summary="Stories, latest activity first")
async def list_stories(request: Request, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict:
    with request_store(request) as store:
        return _page(store.stories(limit=limit + 1, offset=offset), limit, offset)


@router.get("/stories/{story_id}", response_model=StoryDetailOut, responses=NOT_FOUND, summary="One story")
async def get_story(request: Request, story_id: str) -> dict:
    with request_store(request) as store:
        try:
            return store.story(story_id)
        except KeyError:
            raise _not_found("story", story_id) from None


async def _story_items(request: Request, story_id: str, kind: str, limit: int, offset: int) -> Response:
    """One page of the story's claims (`kind` "claims") or timeline rows, written from their stored JSON
    text as it is (`newstrace.web.state.story_items`): a page of a story of hundreds of articles is
    megabytes, which parsing and validating again cost more than reading. Rows are `to_dict` rows, whose
    fields are exactly the response models' (tests/test_web_speed.py holds them to it, and
    tests/test_web_schema.py the responses to the OpenAPI document). Read on the event loop from the
    stored view; a story without one has its rows computed (seconds) on a worker thread."""
    with request_store(request) as store:
        try:
            version = store.story_version(story_id)
        except KeyError:
            raise _not_found("story", story_id) from None
        if views_stored(store, [version]):
            return _items_page(request, store, version, kind, limit, offset)
    return await on_worker_thread(_items_page, request, version, kind, limit, offset)


def _items_page(
    request: Request, store: Store, version: tuple, kind: str, limit: int, offset: int
) -> Response:
    return _items_response(*story_items(request, store, version, kind, limit, offset), limit, offset)


def _items_response(items: list[str], total: int, limit: int, offset: int) -> Response:
    more = offset + limit < total
    head = '{"items":[' + ",".join(items) + "]"
    tail = f',"limit":{limit},"offset":{offset},"next_offset":{offset + limit if more else "null"}}}'
    return Response((head + tail).encode(), media_type="application/json")


@router.get(
    "/stories/{story_id}/claims",
    response_model=Page[ClaimOut],
    responses=NOT_FOUND,
    summary="A story's claims: status, independent sources, who re-reported whom",
)
async def story_claims(
    request: Request, story_id: str, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0
) -> Response:
    return await _story_items(request, story_id, "claims", limit, offset)


@router.get(
    "/stories/{story_id}/timeline",
    response_model=Page[TimelineEventOut],
    responses=NOT_FOUND,
    summary="A story's events in date order, with each one's status over the coverage",
)
async def story_timeline(
    request: Request, story_id: str, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0
) -> Response:
    return await _story_items(request, story_id, "timeline", limit, offset)


@router.get("/articles", response_model=Page[ArticleOut], summary="Articles, latest published first")
async def list_articles(request: Request, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict:
    with request_store(request) as store:
        return _page(store.articles(limit=limit + 1, offset=offset), limit, offset)


@router.get(
    "/articles/{article_id}",
    response_model=Record,
    responses=NOT_FOUND,
    summary="One article's full record",
)
async def get_article(request: Request, article_id: str) -> Response:
    # Written by the record's own serialiser: the response model is the record's, and validating the
    # record again against it (FastAPI's way) cost more than reading it from the store.
    with request_store(request) as store:
        try:
            record = store.get_record(article_id)
        except KeyError:
            raise _not_found("article", article_id) from None
    return Response(record.model_dump_json(), media_type="application/json")


@router.get("/entities", response_model=Page[EntityOut], summary="Canonical entities, most mentioned first")
def list_entities(
    request: Request,
    type: Annotated[
        str | None, Query(description="person, organization, outlet, document or country")
    ] = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict:
    with request_store(request) as store:
        return _page(store.entities(type=type, limit=limit + 1, offset=offset), limit, offset)


@router.get("/sources", response_model=Page[SourceOut], summary="Who is cited, most cited first")
def list_sources(request: Request, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict:
    from newstrace.web.views import cited_sources

    with request_store(request) as store:
        return _page(cited_sources(store, limit + 1, offset), limit, offset)


@router.get(
    "/sources/outlets",
    response_model=Page[OutletSourcingOut],
    summary="Per outlet: citations of named and anonymous sources, most citations first",
)
def list_outlet_sourcing(request: Request, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict:
    from newstrace.web.views import outlet_sourcing

    with request_store(request) as store:
        return _page(outlet_sourcing(store, limit + 1, offset), limit, offset)


@router.get(
    "/search",
    response_model=Page[SearchHitOut],
    summary="Full-text search over titles and texts",
    description=f"The best matches among the {SEARCH_WINDOW:,} most recently stored matching articles "
    "(more when a page reaches further), best first.",
)
def search(
    request: Request,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=500,
            # SQLite reads a query as a C string: a NUL would cut it short (an FTS5 error, not a 200).
            pattern=r"^[^\x00]*$",
            description='FTS5 syntax ("phrase", AND, OR, NOT, prefix*); else searched as a phrase. '
            "No NUL characters.",
        ),
    ],
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict:
    # On a worker thread: SQLite ranking the matches lets go of the GIL (see pages.stories_page).
    with request_store(request) as store:
        hits = store.search(q, limit=offset + limit + 1, window=SEARCH_WINDOW)[offset:]
        meta = store.article_summaries([article_id for article_id, _ in hits])
    rows = [{**meta[aid], "snippet": snippet} for aid, snippet in hits if aid in meta]
    return _page(rows, limit, offset)


@router.post(
    "/analyse",
    response_model=Record,
    responses={
        413: {"model": ErrorOut, "description": "Request body too large"},
        504: {"model": ErrorOut, "description": "The analysis ran over its time limit"},
    },
    summary="Analyse one article and return its record (nothing is stored)",
)
async def analyse(request: Request, article: Annotated[AnalyseIn, Body()]) -> Record:
    return await analyse_in_executor(request, article.model_dump(exclude_none=True))


async def analyse_in_executor(request: Request, article: dict[str, Any]) -> Record:
    """The analysis on the app's one analysis thread, under its time limit (the API and the
    Analyse page): 504 past the limit, 422 for input that cannot be analysed."""
    from newstrace.analysis import analyze
    from newstrace.ingest.article import InputError

    loop = asyncio.get_running_loop()
    future = loop.run_in_executor(request.app.state.executor, analyze, article)
    timeout = request.app.state.analyse_timeout
    try:
        return await asyncio.wait_for(future, timeout)
    except TimeoutError:
        raise HTTPException(504, f"the analysis took longer than {timeout:g} s") from None
    except InputError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else "cannot analyse this input"
        raise HTTPException(422, reason) from None
