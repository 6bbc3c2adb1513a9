"""`newstrace serve`: the JSON API over a store, on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import ipaddress
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from newstrace.cli.common import EXIT_CODES_HELP, EXIT_OK, EXIT_USAGE
from newstrace.cli.store import _db, _err, _guarded, db_option

LOOPBACK_NAMES = ["127.0.0.1", "localhost", "::1", "[::1]"]


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


@click.command(epilog=EXIT_CODES_HELP)
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True)
@click.option(
    "--token",
    envvar="NEWSTRACE_TOKEN",
    help="Every request must carry it (Authorization: Bearer TOKEN, or ?token=TOKEN). Required to "
    "listen on any address but loopback. Also read from NEWSTRACE_TOKEN.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Server processes answering on the one port, each with its own store connections and caches "
    "(and its own spaCy pipeline for the analyse form). More than 1 uses more cores: BENCHMARKS.md "
    "(Web) measures 2 on 2 cores.",
)
@click.option(
    "--threads",
    type=click.IntRange(1, 256),
    default=4,
    show_default=True,
    help="Slower requests (searches, source counts, stories computed on request) each process answers "
    "at once on worker threads; the others wait their turn. Quick reads run on the event loop.",
)
def serve(db_path: str | None, host: str, port: int, token: str | None, workers: int, threads: int) -> None:
    """Serve the store's stories, claims, timelines, articles, entities and search as a JSON API
    (under /api; the OpenAPI document is /api/openapi.json). The store is opened read-only.
    """
    err = _err()
    if token is not None and not token.strip():
        err.print("newstrace: --token is empty", markup=False)
        sys.exit(EXIT_USAGE)
    loopback = is_loopback(host)
    if not loopback and not token:
        err.print(
            f"newstrace: refusing to listen on {host} without --token (only 127.0.0.1 is served without one)",
            markup=False,
        )
        sys.exit(EXIT_USAGE)

    sys.exit(_guarded(err, lambda: run_server(_db(db_path), host, port, token, err, workers, threads)))


def run_server(
    db: Path, host: str, port: int, token: str | None, err: Console, workers: int = 1, threads: int = 4
) -> int:
    """Serve the store at `db` until interrupted (the checks on host and token are the caller's)."""
    import uvicorn

    from newstrace.store import Store
    from newstrace.web import create_app

    with Store(db, readonly=True):  # fail now, with one line, when the store cannot be read
        pass
    # Without a token, only requests addressed to the loopback names are answered: a page on
    # another site cannot rebind its own host name to 127.0.0.1 and read the API.
    allowed = LOOPBACK_NAMES if is_loopback(host) and not token else None
    options: dict[str, Any] = dict(host=host, port=port, log_level="info", server_header=False)
    options["proxy_headers"] = False
    processes = f" with {workers} worker processes" if workers > 1 else ""
    err.print(f"newstrace: serving {db} on http://{host}:{port}/{processes} (Ctrl-C stops)", markup=False)
    if workers == 1:
        app = create_app(db, token=token, readonly=True, allowed_hosts=allowed, warm=True, threads=threads)
        uvicorn.run(app, **options)
        return EXIT_OK
    # uvicorn starts each worker from an import string: the settings go through the environment
    from newstrace.web import serving

    serving.run_workers(serving.worker_config(db, token, allowed, workers, threads, **options))
    return EXIT_OK
