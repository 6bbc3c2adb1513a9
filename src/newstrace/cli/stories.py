"""Commands over the linked view: link, stories, story."""

from __future__ import annotations

import json
import sys

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from newstrace.cli.common import EXIT_CODES_HELP, EXIT_NOTHING, EXIT_OK, make_progress
from newstrace.cli.store import _db, _err, _guarded, db_option

format_option = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)


@click.command(epilog=EXIT_CODES_HELP)
@db_option
@click.option("--quiet", is_flag=True, help="No progress bar or summary.")
def link(db_path: str | None, quiet: bool) -> None:
    """Put every stored article that has no story yet into a story (joining one or starting one).

    Incremental: earlier assignments never change, and an interrupted run keeps what it linked.
    """
    from newstrace.link.runner import link_store
    from newstrace.store import Store

    err = _err()

    def run() -> int:
        show = not quiet and err.is_terminal
        with Store(_db(db_path)) as store, make_progress(err, show, "linking") as progress:
            task = progress.add_task("link", total=None)
            summary = link_store(store, on_done=lambda: progress.advance(task))
        if not quiet:
            err.print(
                f"newstrace: linked {summary.linked} articles, {summary.new_stories} new stories, "
                f"{summary.stories} stories in the store"
            )
        return EXIT_OK

    sys.exit(_guarded(err, run))


@click.command(epilog=EXIT_CODES_HELP)
@db_option
@format_option
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True)
def stories(db_path: str | None, fmt: str, limit: int, offset: int) -> None:
    """List the stories, latest activity first."""
    from newstrace.store import Store

    err = _err()

    def run() -> int:
        with Store(_db(db_path), readonly=True) as store:
            rows = store.stories(limit=limit, offset=offset)
        if fmt == "json":
            click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            table = Table(
                "story", "label", "articles", "outlets", "first seen", "last seen", show_lines=False
            )
            for row in rows:
                # Text, not str: labels come from article titles and must not be read as markup.
                table.add_row(
                    *(
                        Text(value)
                        for value in (
                            row["id"],
                            row["label"],
                            str(row["n_articles"]),
                            str(len(row["outlets"])),
                            row["first_seen"] or "",
                            row["last_seen"] or "",
                        )
                    )
                )
            Console(highlight=False).print(table)
        return EXIT_OK if rows else EXIT_NOTHING

    sys.exit(_guarded(err, run))


@click.command(epilog=EXIT_CODES_HELP)
@click.argument("story_id")
@db_option
@format_option
def story(story_id: str, db_path: str | None, fmt: str) -> None:
    """Show one story: its label, dates, outlets and articles."""
    from newstrace.store import Store

    err = _err()

    def run() -> int:
        with Store(_db(db_path), readonly=True) as store:
            try:
                found = store.story(story_id)
            except KeyError:
                err.print(f"newstrace: no story {story_id!r}; `newstrace stories` lists them", markup=False)
                return EXIT_NOTHING
        if fmt == "json":
            click.echo(json.dumps(found, ensure_ascii=False, indent=2))
            return EXIT_OK
        console = Console(highlight=False)
        console.print(Text.assemble((found["label"], "bold"), f"  ({found['id']})"))
        console.print(
            f"{found['n_articles']} articles from {len(found['outlets'])} outlets, "
            f"{found['first_seen'] or '?'} .. {found['last_seen'] or '?'}",
            markup=False,
        )
        table = Table("published", "outlet", "title", "article")
        for a in found["articles"]:
            table.add_row(*(Text(a[k] or "") for k in ("published", "outlet", "title", "id")))
        console.print(table)
        return EXIT_OK

    sys.exit(_guarded(err, run))
