"""What every command shares: exit codes, the progress bar, the skipped-input summary."""

from __future__ import annotations

import json
from collections.abc import Callable

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

from newstrace.ingest.article import Skipped
from newstrace.nlp.settings import ATTRIBUTION_CHOICES, DEFAULT_ATTRIBUTION, use_attribution

EXIT_OK = 0
EXIT_SKIPPED = 1
EXIT_USAGE = 2
EXIT_NOTHING = 3
EXIT_ENVIRONMENT = 4
EXIT_PROBLEMS = 5
EXIT_INTERRUPTED = 130

EXIT_CODES_HELP = """\b
Exit codes:
  0  every input was analysed (and stored, or already in the store)
  1  some inputs were skipped, or articles failed (each named on stderr with the reason); the rest were done
  2  usage error (unknown option, missing argument)
  3  nothing was done: every input was skipped or failed, or none was found
  4  environment error: output or store not writable or locked, spaCy model not installed
  5  newstrace check found problems in the store
  130 interrupted
"""


class RateColumn(ProgressColumn):
    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else f"{speed:.1f} articles/s", style="progress.data.speed")


def make_progress(err: Console, enabled: bool, label: str = "analysing") -> Progress:
    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=not enabled,
        transient=True,
    )


_SUMMARY_ORIGINS = 5


def print_summary(counts: str, skipped: list[Skipped], err: Console) -> None:
    """The closing lines: counts, then what was skipped grouped by reason (a few names each)."""
    err.print(f"newstrace: {counts}, skipped {len(skipped)}", markup=False)
    by_reason: dict[str, list[str]] = {}
    for item in skipped:
        by_reason.setdefault(reason_kind(item.reason), []).append(item.origin)
    for reason, origins in sorted(by_reason.items(), key=lambda kv: -len(kv[1])):
        shown = ", ".join(origins[:_SUMMARY_ORIGINS])
        more = f" and {len(origins) - _SUMMARY_ORIGINS} more" if len(origins) > _SUMMARY_ORIGINS else ""
        err.print(f"  {reason} ({len(origins)}): {shown}{more}", markup=False)


def print_linked(linked, err: Console) -> None:
    """The line `ingest` prints after linking what it stored into stories (a runner.LinkSummary)."""
    if linked.linked:
        err.print(
            f"linked {linked.linked} articles: {linked.new_stories} new stories, {linked.stories} in all"
        )


def write_skipped(path: str, skipped: list[Skipped], err: Console) -> bool:
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


def reason_kind(reason: str) -> str:
    """Group messages by their leading phrase ('malformed JSON: ...' -> 'malformed JSON')."""
    return reason.split(":", 1)[0].split(" (", 1)[0]


def _set_attribution(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if value != "rules":
        from newstrace.nlp.attribution_model import model_folder

        try:
            model_folder(value)
        except FileNotFoundError as exc:
            raise click.BadParameter(f"{exc} (reinstall newstrace)", ctx=ctx, param=param) from None
    use_attribution(value)
    return value


_BATCH_OPTIONS = (
    click.option(
        "--attribution",
        type=click.Choice(ATTRIBUTION_CHOICES),
        default=DEFAULT_ATTRIBUTION,
        show_default=True,
        expose_value=False,
        callback=_set_attribution,
        help="Attribution model: rules, fast (a CRF over the parse) or accurate (MiniLM, slower). "
        "See BENCHMARKS.md.",
    ),
    click.option(
        "--jobs",
        type=click.IntRange(1, 64),
        default=1,
        show_default=True,
        help="Processes that analyse (each loads its own model).",
    ),
    click.option(
        "--batch-size",
        type=click.IntRange(1, 10_000),
        default=32,
        show_default=True,
        help="Articles per spaCy nlp.pipe batch.",
    ),
    click.option(
        "--max-size",
        default="5MB",
        show_default=True,
        help="Skip files, pages and JSONL lines larger than this (e.g. 500KB, 5MB).",
    ),
    click.option(
        "--skipped",
        "skipped_path",
        type=click.Path(dir_okay=False),
        help='Also write every skipped input here, as JSON lines {"origin", "reason"}.',
    ),
    click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary; skip messages only."),
)


def batch_options(func: Callable) -> Callable:
    """The options every command that reads and analyses articles takes."""
    for option in reversed(_BATCH_OPTIONS):
        func = option(func)
    return func


def analysis_options(func: Callable) -> Callable:
    """The options that choose how articles are analysed (--attribution, --jobs, --batch-size): for
    commands that analyse articles already read, such as `reanalyse`."""
    for option in reversed(_BATCH_OPTIONS[:3]):
        func = option(func)
    return func
