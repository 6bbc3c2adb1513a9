"""`newstrace analyze`: articles in, records out on stdout or a file."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import click
from rich.console import Console

from newstrace.cli.common import (
    EXIT_CODES_HELP,
    EXIT_ENVIRONMENT,
    EXIT_INTERRUPTED,
    EXIT_NOTHING,
    EXIT_OK,
    EXIT_SKIPPED,
    batch_options,
    make_progress,
    print_summary,
    write_skipped,
)
from newstrace.ingest.article import Skipped
from newstrace.ingest.files import DEFAULT_MAX_BYTES, count_articles, file_kind, parse_size, read_inputs
from newstrace.record import Record


@click.command(epilog=EXIT_CODES_HELP)
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
@batch_options
def analyze(
    paths: tuple[str, ...],
    fmt: str | None,
    out_path: str | None,
    jobs: int,
    batch_size: int,
    max_size: str,
    quiet: bool,
    skipped_path: str | None,
) -> None:
    """Analyse articles into sourced records.

    PATHS are .txt, .html/.htm, .json (one article object), .jsonl (one article object a line)
    files, the .gz of each, .warc/.warc.gz web archives, directories of them, or - for standard
    input. An article object is
    {"id", "text" | "html", "url", "outlet", "title", "published", "authors"}; only text or html
    is required.

    JSON output is one record object when a single article file (or stdin) is given, otherwise a
    JSON array of records in input order.
    """
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        max_bytes = parse_size(max_size) or DEFAULT_MAX_BYTES
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--max-size") from None
    try:
        out = open(out_path, "w", encoding="utf-8") if out_path else sys.stdout  # noqa: SIM115
    except OSError as exc:
        err.print(f"newstrace: cannot write {out_path}: {exc.strerror}", markup=False)
        sys.exit(EXIT_ENVIRONMENT)
    first = Path(paths[0])
    options = AnalyzeOptions(
        paths=list(paths),
        fmt=fmt or ("text" if out.isatty() else "json"),
        single=len(paths) == 1 and not first.is_dir() and file_kind(first) not in ("jsonl", "warc"),
        jobs=jobs,
        batch_size=batch_size,
        max_bytes=max_bytes,
        quiet=quiet,
        skipped_path=skipped_path,
    )
    try:
        code = _run(options, out, err)
    except KeyboardInterrupt:
        err.print("newstrace: interrupted")
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        code = EXIT_OK  # the reader closed the pipe (e.g. `| head`); not an error of ours
    finally:
        if out is not sys.stdout:
            out.close()
    sys.exit(code)


@dataclass
class AnalyzeOptions:
    paths: list[str]
    fmt: str
    single: bool  # one article file or stdin: JSON output is an object, not an array
    jobs: int
    batch_size: int
    max_bytes: int
    quiet: bool
    skipped_path: str | None


def _run(options: AnalyzeOptions, out: IO[str], err: Console) -> int:
    from newstrace.analysis import analyze_stream
    from newstrace.nlp.pipeline import ModelNotFound, find_model

    try:
        find_model()
    except ModelNotFound as exc:
        err.print(f"newstrace: {exc}", markup=False)
        return EXIT_ENVIRONMENT
    skipped: list[Skipped] = []
    analysed = 0
    writer = _writer(options.fmt, out, options.single)
    next(writer)
    # The bar would tangle with a text report printed to the same terminal.
    show_progress = not options.quiet and err.is_terminal and not (options.fmt == "text" and out.isatty())
    inputs = read_inputs(options.paths, options.max_bytes)
    with make_progress(err, show_progress) as progress:
        task = progress.add_task("analyse", total=count_articles(options.paths) if show_progress else None)
        for result in analyze_stream(inputs, jobs=options.jobs, batch_size=options.batch_size):
            progress.advance(task)
            if isinstance(result, Skipped):
                skipped.append(result)
                err.print(f"skipped {result.origin}: {result.reason}", markup=False)
            else:
                analysed += 1
                writer.send(result)
    writer.close()
    if not options.quiet:
        print_summary(f"analysed {analysed}", skipped, err)
    if options.skipped_path and not write_skipped(options.skipped_path, skipped, err):
        return EXIT_ENVIRONMENT
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
