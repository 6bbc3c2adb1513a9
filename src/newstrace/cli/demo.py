"""`newstrace demo`: the bundled examples analysed, stored, linked into stories and served in the browser."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click
from rich.console import Console

from newstrace.cli.common import EXIT_CODES_HELP, EXIT_OK, EXIT_SKIPPED
from newstrace.cli.serve import run_server
from newstrace.cli.store import _guarded, _ingest_local, _ingest_options

DEFAULT_DB = Path(tempfile.gettempdir()) / "newstrace-demo.db"
HOST = "127.0.0.1"


@click.command(epilog=EXIT_CODES_HELP)
@click.argument("path", default="examples", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    default=str(DEFAULT_DB),
    show_default=True,
    help="The store to fill (running the demo again reuses it: nothing is analysed twice).",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True)
@click.option("--no-serve", is_flag=True, help="Stop once the store is filled and linked.")
def demo(path: str, db_path: str, port: int, no_serve: bool) -> None:
    """Analyse the articles under PATH (the bundled examples/ by default), store them, link them into
    stories and claims, print the stories, then serve them on http://127.0.0.1:PORT/ until Ctrl-C."""
    err = Console(stderr=True, highlight=False)
    db = Path(db_path)
    options = _ingest_options(
        [path],
        [],
        {
            "max_size": "5MB",
            "jobs": 1,
            "batch_size": 32,
            "allow_private": False,
            "ignore_robots": False,
            "timeout": 20.0,
        },
    )
    code = _guarded(err, lambda: _ingest_local(db, options, err, quiet=False, skipped_path=None))
    if code not in (EXIT_OK, EXIT_SKIPPED):
        sys.exit(code)
    _guarded(err, lambda: _print_stories(db))
    if no_serve:
        click.echo(f"newstrace serve --db {db}  # to read them in the browser")
        sys.exit(code)
    sys.exit(_guarded(err, lambda: run_server(db, HOST, port, None, err)))


def _print_stories(db: Path) -> int:
    """One line a story with more than one article: what the browser will show first."""
    from newstrace.store import Store

    with Store(db, readonly=True) as store:
        stories = [s for s in store.stories(limit=1000) if s["n_articles"] > 1]
    from newstrace.link.sourcing import plural

    for story in stories:
        counts = f"{plural(story['n_articles'], 'article')}, {plural(len(story['outlets']), 'outlet')}"
        click.echo(f"{story['id']}: {story['label']} ({counts})")
    return EXIT_OK
