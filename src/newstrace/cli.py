"""The command line: a thin layer over newstrace.analysis and the readers in newstrace.ingest."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
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
@click.option(
    "--skipped",
    "skipped_path",
    type=click.Path(dir_okay=False),
    help='Also write every skipped input here, as JSON lines {"origin", "reason"}.',
)
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
    files, directories of them, or - for standard input. An article object is
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
        single=len(paths) == 1 and not first.is_dir() and first.suffix.lower() not in JSONL_SUFFIXES,
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


def _progress(err: Console, enabled: bool) -> Progress:
    return Progress(
        TextColumn("analysing"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=not enabled,
        transient=True,
    )


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
    with _progress(err, show_progress) as progress:
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
        _summary(analysed, skipped, err)
    if options.skipped_path and not _write_skipped(options.skipped_path, skipped, err):
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


_SUMMARY_ORIGINS = 5


def _summary(analysed: int, skipped: list[Skipped], err: Console) -> None:
    """The closing lines: counts, then what was skipped grouped by reason (a few names each)."""
    err.print(f"newstrace: analysed {analysed}, skipped {len(skipped)}", markup=False)
    by_reason: dict[str, list[str]] = {}
    for item in skipped:
        by_reason.setdefault(_reason_kind(item.reason), []).append(item.origin)
    for reason, origins in sorted(by_reason.items(), key=lambda kv: -len(kv[1])):
        shown = ", ".join(origins[:_SUMMARY_ORIGINS])
        more = f" and {len(origins) - _SUMMARY_ORIGINS} more" if len(origins) > _SUMMARY_ORIGINS else ""
        err.print(f"  {reason} ({len(origins)}): {shown}{more}", markup=False)


def _write_skipped(path: str, skipped: list[Skipped], err: Console) -> bool:
    try:
        with open(path, "w", encoding="utf-8") as handle:
            for item in skipped:
                handle.write(
                    json.dumps({"origin": item.origin, "reason": item.reason}, ensure_ascii=False) + "\n"
                )
    except OSError as exc:
        err.print(f"newstrace: cannot write {path}: {exc.strerror}", markup=False)
        return False
    return True


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
