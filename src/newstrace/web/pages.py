"""The HTML pages of `newstrace serve`: stories, a story, an article, sources, analyse.

Server-rendered with Jinja2, autoescaping on: every value from an article (text, title, outlet,
URL, names) is escaped by the template, and highlighting builds its markup from escaped slices
(`newstrace.web.highlight`). No page needs JavaScript, and none is served: the CSP's
`script-src 'self'` has nothing to run."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode, urlsplit

import jinja2
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse
from starlette.datastructures import UploadFile

from newstrace import __version__
from newstrace.link.claims import Claim
from newstrace.link.timeline import TimelineEvent
from newstrace.link.views import StorySourcing
from newstrace.record import Record
from newstrace.store import Store
from newstrace.web import fragments
from newstrace.web.api import analyse_in_executor
from newstrace.web.models import MAX_OFFSET, SEARCH_WINDOW
from newstrace.web.state import (
    claim_counts,
    on_worker_thread,
    request_store,
    stored_sourcing,
    story_cache,
    story_rows_page,
    views_stored,
)
from newstrace.web.views import (
    CLAIMS_SHOWN,
    PART_SIZE,
    SHAPES,
    SOURCES_SHOWN,
    STATUSES,
    STEPS_SHOWN,
    StoryView,
    article_view,
    build_story_view,
    cited_sources,
    outlet_sourcing,
    sourcing_chart,
    status_class,
    stories_of,
)

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
PAGE_LIMIT = 20
MAX_PAGE_LIMIT = 100
CHART_OUTLETS = 30  # outlets in the sources chart and its table; /api/sources/outlets pages through all

router = APIRouter(include_in_schema=False)

env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=True,  # always, whatever the template's name: article text is hostile input
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,  # the templates ship with the package: no stat() of each one per request
)
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_LIMIT)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]


def web_url(value: str | None) -> str | None:
    """The URL when it is http(s), else None: a `javascript:` or `data:` URL from an article is shown
    as text, never linked."""
    if not value:
        return None
    try:
        scheme = urlsplit(value.strip()).scheme.lower()
    except ValueError:
        return None
    return value.strip() if scheme in ("http", "https") else None


env.globals.update(
    version=__version__,
    statuses=STATUSES,
    shapes=SHAPES,
    status_class=status_class,
    web_url=web_url,
    fragments=fragments,
)


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """The store's search snippet ('... the [port] strike ...') as (text, is_match) parts, so the
    matches are marked by the template (escaped) rather than by markup in the snippet."""
    parts: list[tuple[str, bool]] = []
    for n, piece in enumerate(re.split(r"\[([^\[\]]*)\]", snippet)):
        if piece:
            parts.append((piece, n % 2 == 1))
    return parts


_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]+")  # what `quote` leaves as it is


def _segment(value: str) -> str:
    """An id quoted as one path segment; most ids need nothing quoted, and a big story's page links
    thousands of them."""
    return value if _UNRESERVED.fullmatch(value) else quote(value, safe="")


def _linker(request: Request) -> Callable[..., str]:
    """`u(path, *ids, **query)`: a link within the app. Ids are quoted as one path segment each, and
    a `?token=` the page was opened with is carried on (a browser sends no Authorization header)."""
    token = request.query_params.get("token")

    def u(path: str, *ids: str, **query: Any) -> str:
        url = path + "/".join(_segment(str(i)) for i in ids)
        if not query and not token:
            return url
        params = {k: v for k, v in query.items() if v not in (None, "")}
        if token:
            params["token"] = token
        return url + ("?" + urlencode(params) if params else "")

    return u


def render_text(request: Request, template: str, **context: Any) -> str:
    return env.get_template(template).render(
        u=_linker(request),
        token=request.query_params.get("token"),
        path=request.url.path,
        **context,
    )


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(render_text(request, template, **context), status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status=status, status_code=status, message=message)


def _version(story: dict[str, Any]) -> tuple:
    return (story["id"], story["n_articles"], story["last_seen"])


_ALL = 1_000_000_000  # as many rows as there are


def _claims(rows: list[dict[str, Any]]) -> list[Claim]:
    return [Claim.from_dict(row) for row in rows]


def _events(rows: list[dict[str, Any]]) -> list[TimelineEvent]:
    # read without their mentions (megabytes in a big story): the page shows each event's status history
    return [TimelineEvent.from_dict({**row, "mentions": []}) for row in rows]


def _story_view(request: Request, store: Store, story: dict[str, Any]) -> StoryView:
    """The story page's view of this version of the story: its first claims, its timeline rows (without
    their mentions) and its sources, from the stored story view with the badges and sources table
    linking stored with it (`stored_sourcing`); for a story linked without them, from the story's
    sourcing (`Store.story_sourcing`), never from all of its records. Not kept: the page rendered from
    it is (a string, which the garbage collector never walks, where a big story's view is thousands of
    objects it would walk again and again)."""
    version = _version(story)
    claims, n_claims, sourcing = _page_claims(request, store, version, CLAIMS_SHOWN, 0)
    events, _ = story_rows_page(request, store, version, "timeline", _ALL, omit=("mentions",))
    return _build(store, story, claims, events, n_claims, 0, STEPS_SHOWN, sourcing)


def _page_claims(
    request: Request, store: Store, version: tuple, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int, StorySourcing | None]:
    """A page of the story's claims, their number and the sourcing linking stored for them. With the
    badges stored, the claims are read without their mentions (most of a big story's claim rows: the
    page shows the chain); without, with them, since the badges are then computed from the mentions."""
    claims, n_claims = story_rows_page(request, store, version, "claims", limit, offset, omit=("mentions",))
    sourcing = stored_sourcing(store, version, len(claims), offset)
    if sourcing is None and claims:
        claims, n_claims = story_rows_page(request, store, version, "claims", limit, offset)
    return claims, n_claims, sourcing


def _build(
    store: Store,
    story: dict[str, Any],
    claims: list[dict[str, Any]],
    events: list[dict[str, Any]],
    n_claims: int,
    offset: int,
    steps: int | None,
    sourcing: StorySourcing | None,
) -> StoryView:
    records = None if sourcing is not None else store.story_sourcing(story["id"])
    return build_story_view(
        story, records, _claims(claims), _events(events), n_claims, offset, steps, sourcing=sourcing
    )


def _story_part(request: Request, store: Store, story: dict[str, Any], part: str, offset: int) -> StoryView:
    """One part of the story page in full: a page of its claims with their whole chains, its events
    with their whole status histories, or all its sources."""
    version = _version(story)
    claims: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    n_claims = 0
    if part == "claims":
        claims, n_claims, sourcing = _page_claims(request, store, version, PART_SIZE, offset)
    else:
        sourcing = stored_sourcing(store, version, 0, offset)
        if part == "events":
            events, _ = story_rows_page(request, store, version, "timeline", _ALL, omit=("mentions",))
    return _build(store, story, claims, events, n_claims, offset, None, sourcing)


def _pager(offset: int, limit: int, more: bool) -> dict[str, int | None]:
    return {
        "prev": max(0, offset - limit) if offset > 0 else None,
        "next": offset + limit if more else None,
        "limit": limit,
        "offset": offset,
    }


@router.get("/", response_class=HTMLResponse)
async def stories_page(
    request: Request,
    q: Annotated[str | None, Query(max_length=500)] = None,
    limit: Limit = PAGE_LIMIT,
    offset: Offset = 0,
) -> HTMLResponse:
    # A search runs on a worker thread: most of it is SQLite ranking matches, which lets go of the GIL,
    # so it runs beside other requests' Python work on the other core (measured: more searches answered
    # than on the event loop, and than with only its SQL on the thread). The list is answered on the
    # event loop (`newstrace.web.app`, "inline"), but for a page listing a story whose claims were never
    # stored (those are computed: seconds).
    query = (q or "").replace("\x00", " ").strip()
    if query:
        return await on_worker_thread(_search_page, request, query, limit, offset)
    with request_store(request) as store:
        rows = store.stories(limit=limit + 1, offset=offset)
        if views_stored(store, [_version(story) for story in rows[:limit]]):
            return _stories_list(request, store, rows, limit, offset)
    return await on_worker_thread(_stories_list, request, rows, limit, offset)


def _search_page(request: Request, store: Store, query: str, limit: int, offset: int) -> HTMLResponse:
    hits = store.search(query, limit=offset + limit + 1, window=SEARCH_WINDOW)[offset:]
    summaries = store.article_summaries([aid for aid, _ in hits])
    story_of = stories_of(store, [aid for aid, _ in hits[:limit]])
    results = [
        {**summaries[aid], "snippet": snippet_parts(snippet), "story": story_of.get(aid)}
        for aid, snippet in hits[:limit]
        if aid in summaries
    ]
    return render(
        request, "search.html", q=query, results=results, pager=_pager(offset, limit, len(hits) > limit)
    )


def _stories_list(
    request: Request, store: Store, rows: list[dict[str, Any]], limit: int, offset: int
) -> HTMLResponse:
    counts = claim_counts(request, store, [_version(story) for story in rows[:limit]])
    stories = [{**story, "n_claims": counts[story["id"]]} for story in rows[:limit]]
    return render(
        request, "stories.html", q="", stories=stories, pager=_pager(offset, limit, len(rows) > limit)
    )


@router.get("/stories/{story_id:path}", response_class=HTMLResponse)
async def story_page(
    request: Request,
    story_id: str,
    part: Annotated[Literal["claims", "events", "sources"] | None, Query()] = None,
    offset: Offset = 0,
) -> HTMLResponse:
    """The story: its timeline, first claims, outlets, most cited sources and articles; with `part`, one
    of those lists in full (claims a page at a time, from `offset`). Built on the event loop from the
    story's stored view (milliseconds), on a worker thread when it has none (its claims are computed)."""
    with request_store(request) as store:
        try:
            story = store.story(story_id)
        except KeyError:
            raise HTTPException(404, f"no story {story_id!r}") from None
        version = _version(story)
        # The page as rendered for this version of the story, its part and these links (the token they
        # carry, the path they mark as current): a story read again is not rendered again.
        key = ("html", *version, part, offset, request.query_params.get("token"), request.url.path)
        if key in story_cache(request) or views_stored(store, [version]):
            return HTMLResponse(_story_html(request, store, key, story, part, offset))
    page = await on_worker_thread(_story_html, request, key, story, part, offset)
    return HTMLResponse(page)


def _story_html(
    request: Request, store: Store, key: tuple, story: dict[str, Any], part: str | None, offset: int
) -> str:
    return story_cache(request).get(key, lambda: _render_story(request, store, story, part, offset))


def _render_story(
    request: Request, store: Store, story: dict[str, Any], part: str | None, offset: int
) -> str:
    shown = {"steps_shown": STEPS_SHOWN, "sources_shown": SOURCES_SHOWN, "part_size": PART_SIZE}
    if part is None:
        view = _story_view(request, store, story)
        return render_text(request, "story.html", view=view, story=story, **shown)
    view = _story_part(request, store, story, part, offset)
    return render_text(
        request,
        "story_part.html",
        view=view,
        story=story,
        part=part,
        story_path="/stories/" + quote(story["id"], safe=""),
        pager=_pager(offset, PART_SIZE, offset + PART_SIZE < view.n_claims),
        **shown,
    )


def _article_page(request: Request, record: Record, story: str | None, stored: bool) -> HTMLResponse:
    return render(request, "article.html", view=article_view(record), story_id=story, stored=stored)


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
async def article_page(request: Request, article_id: str) -> HTMLResponse:
    with request_store(request) as store:
        try:
            record = store.get_record(article_id)
        except KeyError:
            raise HTTPException(404, f"no article {article_id!r}") from None
        story = stories_of(store, [article_id]).get(article_id)
    return _article_page(request, record, story, stored=True)


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request, limit: Limit = 50, offset: Offset = 0) -> HTMLResponse:
    with request_store(request) as store:
        cited = cited_sources(store, limit + 1, offset)
        outlets = outlet_sourcing(store, CHART_OUTLETS, 0)
    bars, width, height = sourcing_chart(outlets)
    return render(
        request,
        "sources.html",
        cited=cited[:limit],
        outlets=outlets,
        bars=bars,
        chart_width=width,
        chart_height=height,
        pager=_pager(offset, limit, len(cited) > limit),
    )


def _form(request: Request, status: int = 200, form: dict[str, str] | None = None, error: str | None = None):
    return render(
        request,
        "analyse.html",
        status=status,
        form=form or {},
        error=error,
        max_kb=request.app.state.max_body // 1000,
        timeout=f"{request.app.state.analyse_timeout:g}",
    )


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    # browsers ask for it on pages that name no icon (the JSON responses), and log the 404 otherwise
    return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")


@router.get("/analyse", response_class=HTMLResponse)
def analyse_form(request: Request) -> HTMLResponse:
    return _form(request)


def _decode(data: bytes) -> str:
    """An uploaded page's bytes as text: UTF-8, else the encoding charset-normalizer finds."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        return str(best) if best is not None else data.decode("utf-8", errors="replace")


@router.post("/analyse", response_class=HTMLResponse)
async def analyse_post(request: Request) -> HTMLResponse:
    # A form posted from another site (a page the user visits) must not spend this server's CPU.
    if request.headers.get("sec-fetch-site") == "cross-site":
        raise HTTPException(403, "the analyse form only accepts posts from this site")
    limit = request.app.state.max_body
    form = await request.form(max_files=1, max_fields=8, max_part_size=limit)
    fields = {k: v.strip() for k in ("text", "title", "outlet") if isinstance(v := form.get(k), str)}
    upload = form.get("file")
    article: dict[str, Any] = {k: v for k, v in fields.items() if v and k != "text"}
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read()
        if data.strip():
            article["html"] = _decode(data)
    if "html" not in article and fields.get("text"):
        article["text"] = fields["text"]
    if "html" not in article and "text" not in article:
        return _form(request, 422, fields, "Paste the article text, or choose an HTML file.")
    try:
        record = await analyse_in_executor(request, article)
    except HTTPException as exc:
        if exc.status_code != 422:
            raise
        return _form(request, 422, fields, str(exc.detail))
    return _article_page(request, record, None, stored=False)
