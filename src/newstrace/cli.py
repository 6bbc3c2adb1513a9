"""The command line: a thin layer over newstrace.analyze and the readers in newstrace.ingest."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from newstrace import __version__
from newstrace.ingest.article import Skipped
from newstrace.ingest.files import DEFAULT_MAX_BYTES, JSONL_SUFFIXES, count_articles, parse_size, read_inputs
from newstrace.record import Record

EXIT_OK = 0
EXIT_SKIPPED = 1
EXIT_USAGE = 2
EXIT_NOTHING = 3
EXIT_ENVIRONMENT = 4
EXIT_INTERRUPTED = 130

EXIT_CODES_HELP = """\b
Exit codes:
  0  every input was analysed
  1  some inputs were skipped (each named on stderr with the reason); the rest were analysed
  2  usage error (unknown option, missing argument)
  3  nothing was analysed: every input was skipped, or none was found
  4  environment error: output not writable, spaCy model not installed
  130 interrupted
"""


class RateColumn(ProgressColumn):
    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else f"{speed:.1f} articles/s", style="progress.data.speed")


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_CODES_HELP)
@click.version_option(__version__, prog_name="newstrace")
def main() -> None:
    """newstrace: news coverage in, a sourced record out."""


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl", "text"]),
    help="Output format. Default: text on a terminal, JSON otherwise.",
)
@click.option(
    "--out", "out_path", type=click.Path(dir_okay=False), help="Write output here instead of stdout."
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Processes to analyse with (each loads its own model).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(1, 10_000),
    default=32,
    show_default=True,
    help="Articles per spaCy nlp.pipe batch.",
)
@click.option(
    "--max-size",
    default="5MB",
    show_default=True,
    help="Skip input files larger than this (e.g. 500KB, 5MB).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary; skip messages only.")
def analyze(
    paths: tuple[str, ...],
    fmt: str | None,
    out_path: str | None,
    jobs: int,
    batch_size: int,
    max_size: str,
    quiet: bool,
) -> None:
    """Analyse articles into sourced records.

    PATHS are .txt, .html/.htm, .json (one article object), .jsonl (one article object a line)
    files, directories of them, or - for standard input. An article object is
    {"id", "text" | "html", "url", "outlet", "title", "published", "authors"}; only text or html
    is required.

    JSON output is one record object when a single article file (or stdin) is given, otherwise a
    JSON array of records in input order.
    """
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        max_bytes = parse_size(max_size)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--max-size") from None
    try:
        out_handle = open(out_path, "w", encoding="utf-8") if out_path else sys.stdout  # noqa: SIM115
    except OSError as exc:
        err.print(f"newstrace: cannot write {out_path}: {exc.strerror}")
        sys.exit(EXIT_ENVIRONMENT)
    fmt = fmt or ("text" if out_handle.isatty() else "json")
    single = (
        len(paths) == 1
        and not Path(paths[0]).is_dir()
        and Path(paths[0]).suffix.lower() not in JSONL_SUFFIXES
    )
    try:
        code = _run(
            list(paths), fmt, out_handle, single, jobs, batch_size, max_bytes or DEFAULT_MAX_BYTES, quiet, err
        )
    except KeyboardInterrupt:
        err.print("newstrace: interrupted")
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        code = EXIT_OK  # the reader closed the pipe (e.g. `| head`); not an error of ours
    finally:
        if out_handle is not sys.stdout:
            out_handle.close()
    sys.exit(code)


def _run(
    paths: list[str],
    fmt: str,
    out: IO[str],
    single: bool,
    jobs: int,
    batch_size: int,
    max_bytes: int,
    quiet: bool,
    err: Console,
) -> int:
    from newstrace.analyze import analyze_stream
    from newstrace.nlp.pipeline import ModelNotFound, find_model

    try:
        find_model()
    except ModelNotFound as exc:
        err.print(f"newstrace: {exc}")
        return EXIT_ENVIRONMENT
    skipped: list[Skipped] = []
    analysed = 0
    writer = _writer(fmt, out, single)
    next(writer)
    show_progress = not quiet and err.is_terminal and not (fmt == "text" and out.isatty())
    total = count_articles(paths) if show_progress else None
    with Progress(
        TextColumn("analysing"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=not show_progress,
        transient=True,
    ) as progress:
        task = progress.add_task("analyse", total=total)
        for result in analyze_stream(read_inputs(paths, max_bytes), jobs=jobs, batch_size=batch_size):
            progress.advance(task)
            if isinstance(result, Skipped):
                skipped.append(result)
                err.print(f"skipped {result.origin}: {result.reason}", markup=False)
            else:
                analysed += 1
                writer.send(result)
    writer.close()
    if not quiet:
        _summary(analysed, skipped, err)
    if analysed == 0:
        return EXIT_NOTHING
    return EXIT_SKIPPED if skipped else EXIT_OK


def _writer(fmt: str, out: IO[str], single: bool) -> Iterator[None]:
    """A coroutine that writes records as they come; JSON arrays are streamed, never held in memory."""
    if fmt == "text":
        console = Console(file=out, highlight=False, soft_wrap=False, width=None if out.isatty() else 110)
        from newstrace.report import print_report

        while True:
            try:
                record: Record = yield
            except GeneratorExit:
                return
            print_report(record, console)
    elif fmt == "jsonl":
        while True:
            try:
                record = yield
            except GeneratorExit:
                return
            out.write(record.to_json() + "\n")
    else:
        yield from _json_writer(out, single)


def _json_writer(out: IO[str], single: bool) -> Iterator[None]:
    first: Record | None = None
    count = 0
    try:
        while True:
            record: Record = yield
            count += 1
            if count == 1:
                first = record
                continue
            if count == 2:
                out.write("[\n" + first.to_json(indent=2) + ",\n")
            else:
                out.write(",\n")
            out.write(record.to_json(indent=2))
    except GeneratorExit:
        if count == 0:
            out.write("" if single else "[]\n")
        elif count == 1:
            out.write(first.to_json(indent=2) + "\n" if single else "[\n" + first.to_json(indent=2) + "\n]\n")
        else:
            out.write("\n]\n")


def _summary(analysed: int, skipped: list[Skipped], err: Console) -> None:
    err.print(f"newstrace: analysed {analysed}, skipped {len(skipped)}", markup=False)
    if skipped:
        reasons = Counter(_reason_kind(s.reason) for s in skipped)
        for reason, n in reasons.most_common():
            err.print(f"  {n} × {reason}", markup=False)


def _reason_kind(reason: str) -> str:
    """Group messages by their leading phrase ('malformed JSON: ...' -> 'malformed JSON')."""
    return reason.split(":", 1)[0].split(" (", 1)[0]


@main.command()
def schema() -> None:
    """Print the JSON Schema of the record."""
    from newstrace.record import json_schema_text

    click.echo(json_schema_text(), nl=False)


if __name__ == "__main__":
    main()
