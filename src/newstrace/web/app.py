"""The application: `create_app(db_path)` -> FastAPI, the JSON error handlers and the safety layers."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from newstrace import __version__
from newstrace.store import StoreError
from newstrace.web import pages
from newstrace.web.api import router
from newstrace.web.security import BodyLimit, SecurityHeaders, TokenGate

log = logging.getLogger("newstrace.web")

MAX_BODY = 200_000  # bytes: the analyse endpoint's request size limit
ANALYSE_TIMEOUT = 20.0  # seconds
# Where requests are answered. "Inline": the reads of bounded cost (a story from its stored view, an
# article, a search, the lists; milliseconds of Python work) are `async def` routes, answered on the
# event loop one after the other, in the order they came. On a worker thread they cost more (the hand-off
# to the thread and back, and the threads and the loop taking turns with the GIL) and finished in no
# better order: CPU per request fell by a fifth to a third and p95 at 20 clients with it (BENCHMARKS.md,
# "Web"). On worker threads (plain `def`, or handed over): what can take seconds (the store-wide source
# counts, a story whose claims were never stored and are computed on request) and searches, whose time
# is mostly SQLite ranking matches with the GIL let go (on a thread, beside other requests' Python work
# on the other core, more were answered). Analysis has its own thread.
# THREADS: worker threads answering at once (anyio's default is 40); 20 at once took turns with one
# another under the GIL, where 4 at once and the rest queued cut the p95 by a tenth to a half.
THREADS = 4


def error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message, "status": status}, status_code=status, headers=headers)


def _is_api(request: Request) -> bool:
    return request.url.path == "/api" or request.url.path.startswith("/api/")


def _validation_message(exc: RequestValidationError) -> str:
    """The first problem as one line: `body.text: Field required`."""
    errors = exc.errors()
    if not errors:
        return "invalid request"
    first = errors[0]
    where = ".".join(str(part) for part in first.get("loc", ()) if part != "body" or len(first["loc"]) == 1)
    message = str(first.get("msg", "invalid value")).splitlines()[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{where}: {message}{more}" if where else f"{message}{more}"


def _analyse_executor() -> ThreadPoolExecutor:
    """One analysis at a time, off the event loop: the pipeline is shared, and a request that ran over
    its time limit keeps this one worker until it finishes, so the next ones wait behind it."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="newstrace-analyse")


def _warm_up() -> None:
    """Load the spaCy pipeline, then move every object loaded so far (the pipeline, the libraries, the
    app) out of the garbage collector's way (`gc.freeze`): its full collections walked them all, over
    300,000 objects, and stopped every request for 250 ms each time, several times in ten seconds of
    load; they now walk what requests left behind (BENCHMARKS.md, "Web")."""
    from newstrace.nlp.pipeline import shared_pipeline

    shared_pipeline()
    gc.collect()
    gc.freeze()


def create_app(
    db_path: str | Path,
    token: str | None = None,
    readonly: bool = True,
    *,
    max_body: int = MAX_BODY,
    analyse_timeout: float = ANALYSE_TIMEOUT,
    allowed_hosts: list[str] | None = None,
    warm: bool = False,
    threads: int = THREADS,
) -> FastAPI:
    """The API over the store at `db_path`, opened read-only unless `readonly=False`.

    With `token`, every request must carry it. With `allowed_hosts`, requests naming another host in
    their Host header are refused. `warm` loads the spaCy pipeline at startup rather than on the
    first analyse request, then freezes what is loaded (`_warm_up`). `threads` requests are answered
    at once on worker threads, the others wait their turn (see THREADS)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The worker threads that answer requests (FastAPI runs every plain `def` route in one).
        anyio.to_thread.current_default_thread_limiter().total_tokens = app.state.threads
        if warm:
            app.state.executor.submit(_warm_up)
        yield
        # A fresh executor (its thread starts on first use) for the next startup: a lifespan can run
        # more than once (test clients, reloads), and a shut-down executor would fail every analyse.
        app.state.executor.shutdown(wait=False, cancel_futures=True)
        app.state.executor = _analyse_executor()

    app = FastAPI(
        title="newstrace",
        version=__version__,
        description="The sourced record of a newstrace store: stories, claims, timelines, articles, "
        "entities, search, and analysis of one article (nothing stored).",
        openapi_url="/api/openapi.json",
        # The interactive docs pages load scripts from a CDN and run inline ones: the CSP forbids both.
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.db_path = Path(db_path)
    app.state.readonly = readonly
    app.state.executor = _analyse_executor()
    app.state.analyse_timeout = analyse_timeout
    app.state.max_body = max_body
    app.state.threads = threads

    # Errors are JSON under /api and an HTML page everywhere else (the pages a person reads).
    def failed(request: Request, status: int, message: str, headers: dict | None = None) -> Response:
        if _is_api(request):
            return error(status, message, headers)
        response = pages.error_page(request, status, message)
        response.headers.update(headers or {})
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return failed(request, exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return failed(request, 422, _validation_message(exc))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        log.error("newstrace serve: %s", exc)
        return failed(request, 503, "the store cannot be read")

    app.include_router(router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=pages.STATIC), name="static")
    # Added innermost first: SecurityHeaders wraps everything, so even a 401 or 413 carries the headers.
    app.add_middleware(BodyLimit, max_bytes=max_body)
    app.add_middleware(TokenGate, token=token, allowed_hosts=allowed_hosts)
    app.add_middleware(SecurityHeaders)
    return app
