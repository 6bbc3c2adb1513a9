"""The command line: thin commands over newstrace's pure-function core."""

from __future__ import annotations

import click

from newstrace import __version__
from newstrace.cli.analyze import analyze
from newstrace.cli.common import EXIT_CODES_HELP
from newstrace.cli.demo import demo
from newstrace.cli.serve import serve
from newstrace.cli.store import check, export, ingest, reanalyse, watch
from newstrace.cli.stories import claims, entities, link, stories, story, timeline
from newstrace.cli.train import train


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_CODES_HELP)
@click.version_option(__version__, prog_name="newstrace")
def main() -> None:
    """newstrace: news coverage in, a sourced record out."""


@main.command()
def schema() -> None:
    """Print the JSON Schema of the record."""
    from newstrace.record import json_schema_text

    click.echo(json_schema_text(), nl=False)


for command in (
    analyze,
    ingest,
    reanalyse,
    watch,
    check,
    export,
    link,
    stories,
    story,
    claims,
    timeline,
    entities,
    serve,
    demo,
    train,
):
    main.add_command(command)
