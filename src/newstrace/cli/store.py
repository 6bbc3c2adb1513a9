"""Commands over the store: ingest, watch, check, export."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import click
from rich.console import Console

from newstrace.cli.common import (
    EXIT_CODES_HELP,
    EXIT_ENVIRONMENT,
    EXIT_INTERRUPTED,
    EXIT_NOTHING,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_SKIPPED,
    analysis_options,
    batch_options,
    make_progress,
    print_linked,
    print_summary,
    reason_kind,
    write_skipped,
)
from newstrace.ingest.files import DEFAULT_MAX_BYTES, count_articles, parse_size

db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    help="The store (SQLite file). Default: newstrace.db in the user's data directory.",
)


def _err() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def _db(db_path: str | None) -> Path:
    from newstrace.store import default_db_path

    path = Path(db_path) if db_path else default_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _fetch_options(func):
    """batch_options plus what fetching from the web needs."""
    for option in reversed(
        [
            click.option(
                "--timeout",
                type=float,
                default=20.0,
                show_default=True,
                help="Seconds to wait for a web server.",
            ),
            click.option(
                "--allow-private",
                is_flag=True,
                help="Allow URLs on private, loopback and link-local addresses.",
            ),
            click.option("--ignore-robots", is_flag=True, help="Do not consult robots.txt."),
        ]
    ):
        func = option(func)
    return batch_options(func)


@click.command(epilog=EXIT_CODES_HELP)
@click.argument("sources", nargs=-1)
@db_option
@click.option("--feed", "feeds", multiple=True, help="An RSS or Atom feed to read (repeatable).")
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local: this machine's processes (--jobs); dask: a Dask cluster.",
)
@click.option("--scheduler", help="Dask scheduler address; default: a LocalCluster on this machine.")
@click.option(
    "--workers",
    type=click.IntRange(1, 256),
    default=2,
    show_default=True,
    help="Workers of the LocalCluster started when no --scheduler is given.",
)
@click.option(
    "--parquet-out",
    type=click.Path(file_okay=False),
    help="With --engine dask: leave the analysed records as a Parquet dataset here.",
)
@_fetch_options
def ingest(
    sources: tuple[str, ...],
    db_path: str | None,
    feeds: tuple[str, ...],
    engine: str,
    scheduler: str | None,
    workers: int,
    parquet_out: str | None,
    **fetch,
) -> None:
    """Analyse and store articles from files, directories, URLs, feeds and WARC files.

    SOURCES are .txt, .html, .json, .jsonl files (and .gz of each), .warc/.warc.gz files,
    directories of them, and http(s) URLs of article pages. Articles already in the store are
    recognised and not analysed again: a text already stored keeps the analysis it was stored with
    (counted "unchanged"), even after newstrace is upgraded; `newstrace reanalyse` refreshes it. The
    same text from another URL or outlet is stored once, with every copy recorded. Running the same
    command again changes nothing.
    """
    if not sources and not feeds:
        raise click.UsageError("give at least one SOURCE or --feed")
    err = _err()
    options = _ingest_options(list(sources), list(feeds), fetch)
    if engine == "dask":
        from newstrace.distributed import ingest_with_dask

        code = _guarded(
            err,
            lambda: ingest_with_dask(
                _db(db_path), options, scheduler, workers, parquet_out, err, fetch["quiet"]
            ),
        )
    else:
        code = _guarded(
            err, lambda: _ingest_local(_db(db_path), options, err, fetch["quiet"], fetch["skipped_path"])
        )
    sys.exit(code)


def _ingest_options(sources: list[str], feeds: list[str], fetch: dict):
    from newstrace.ingest_job import IngestOptions
    from newstrace.nlp.settings import attribution_setting

    try:
        max_bytes = parse_size(fetch["max_size"]) or DEFAULT_MAX_BYTES
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--max-size") from None
    return IngestOptions(
        sources=sources,
        feeds=feeds,
        jobs=fetch["jobs"],
        batch_size=fetch["batch_size"],
        max_bytes=max_bytes,
        allow_private=fetch["allow_private"],
        respect_robots=not fetch["ignore_robots"],
        timeout=fetch["timeout"],
        attribution=attribution_setting(),
    )


def _guarded(err: Console, run) -> int:
    """Store and interrupt errors become one line and an exit code, never a traceback."""
    from newstrace.store import StoreError

    try:
        return run()
    except StoreError as exc:
        err.print(f"newstrace: {exc}", markup=False)
        return EXIT_ENVIRONMENT
    except KeyboardInterrupt:
        err.print("newstrace: interrupted; what was stored is kept, run the same command to resume")
        return EXIT_INTERRUPTED


def _ingest_local(db: Path, options, err: Console, quiet: bool, skipped_path: str | None) -> int:
    from newstrace.ingest_job import IngestJob, is_url
    from newstrace.link.runner import link_store
    from newstrace.store import Store

    files = [s for s in options.sources if not is_url(s)]
    show = not quiet and err.is_terminal
    total = None if options.feeds or len(files) < len(options.sources) else count_articles(files)
    with Store(db) as store, make_progress(err, show, "ingesting") as progress:
        task = progress.add_task("ingest", total=total if show else None)
        job = IngestJob(
            store,
            options,
            on_done=lambda: progress.advance(task),
            on_skip=lambda item: err.print(f"skipped {item.origin}: {item.reason}", markup=False),
        )
        summary = job.run()
        linked = link_store(store)  # the new articles join their stories (newstrace link)
    if not quiet:
        print_summary(summary.counts(), summary.skipped, err)
        print_linked(linked, err)
    if skipped_path and not write_skipped(skipped_path, summary.skipped, err):
        return EXIT_ENVIRONMENT
    done = summary.stored + summary.duplicates + summary.unchanged
    if done == 0 and summary.skipped:
        return EXIT_NOTHING
    return EXIT_SKIPPED if summary.skipped else EXIT_OK


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> float:
    """'15m' -> 900.0; a bare number is seconds."""
    match = _DURATION.match(text.lower())
    if not match:
        raise click.BadParameter(f"not a duration: {text!r} (use e.g. 30s, 15m, 1h)", param_hint="--every")
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2) or "s"]


@click.command(epilog=EXIT_CODES_HELP)
@click.argument("feeds", nargs=-1, required=True)
@db_option
@click.option("--every", default="15m", show_default=True, help="How often to poll: 30s, 15m, 1h...")
@click.option(
    "--times", type=click.IntRange(1), help="Stop after this many polls (default: until interrupted)."
)
@_fetch_options
def watch(feeds: tuple[str, ...], db_path: str | None, every: str, times: int | None, **fetch) -> None:
    """Poll RSS/Atom FEEDS and ingest new entries, again and again.

    Each poll is a conditional request (ETag / Last-Modified), so a feed that has not changed
    costs one short request and entries already stored are never fetched again.
    """
    err = _err()
    interval = parse_duration(every)
    options = _ingest_options([], list(feeds), fetch)
    db = _db(db_path)
    polls = 0
    code = EXIT_OK
    while times is None or polls < times:
        code = _guarded(err, lambda: _ingest_local(db, options, err, fetch["quiet"], fetch["skipped_path"]))
        polls += 1
        if code in (EXIT_ENVIRONMENT, EXIT_INTERRUPTED) or (times is not None and polls >= times):
            break
        try:
            time.sleep(interval)
        except KeyboardInterrupt:
            code = EXIT_INTERRUPTED
            break
    sys.exit(code)


@click.command(epilog=EXIT_CODES_HELP)
@db_option
def check(db_path: str | None) -> None:
    """Check the store's integrity: SQLite's own checks and newstrace's invariants."""
    from newstrace.store import Store

    err = _err()

    def run() -> int:
        with Store(_db(db_path), readonly=True) as store:
            problems = store.check()
            stats = store.stats()
        for problem in problems:
            err.print(f"problem: {problem}", markup=False)
        counts = ", ".join(f"{k} {v}" for k, v in stats.items() if isinstance(v, int))
        click.echo(f"{'ok' if not problems else f'{len(problems)} problems'}: {counts}")
        return EXIT_PROBLEMS if problems else EXIT_OK

    sys.exit(_guarded(err, run))


@click.command(epilog=EXIT_CODES_HELP)
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), required=True)
@click.option(
    "--out", "out_dir", type=click.Path(file_okay=False), required=True, help="Directory to write to."
)
def export(db_path: str | None, fmt: str, out_dir: str) -> None:
    """Write every table of the store to DIR, one file per table."""
    from newstrace.store import Store
    from newstrace.store.export import export_store

    err = _err()

    def run() -> int:
        try:
            Path(out_dir).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            err.print(f"newstrace: cannot write {out_dir}: {exc.strerror}", markup=False)
            return EXIT_ENVIRONMENT
        with Store(_db(db_path), readonly=True) as store:
            written = export_store(store, fmt, Path(out_dir))
        for table, path in written.items():
            click.echo(f"{table}: {path}")
        return EXIT_OK

    sys.exit(_guarded(err, run))


@click.command(epilog=EXIT_CODES_HELP)
@db_option
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Re-analyse every article, also those this version analysed (after a change that kept "
    "the version, or to switch --attribution).",
)
@click.option(
    "--article",
    "ids",
    multiple=True,
    metavar="ID",
    help="Re-analyse this article, whatever version analysed it (repeatable).",
)
@click.option(
    "--no-views",
    is_flag=True,
    help="Leave the stories' claims and timelines marked stale for the next `newstrace link`, "
    "instead of recomputing them at the end.",
)
@analysis_options
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary; failures only.")
def reanalyse(
    db_path: str | None,
    everything: bool,
    ids: tuple[str, ...],
    no_views: bool,
    jobs: int,
    batch_size: int,
    quiet: bool,
) -> None:
    """Analyse stored articles again with this version of newstrace and replace their analysis.

    By default the articles whose analysis another newstrace version (or record schema) made;
    --all for every article, --article ID for some. Each keeps its id, text, copies and story;
    its attributions, sources, events, spans and framing are replaced, a batch per transaction,
    so an interrupted run leaves each article wholly old or wholly new (run it again to go on).
    An article whose analysis fails keeps its old one and is named on stderr with the reason.
    The stories of re-analysed articles get their claims and timelines recomputed at the end.
    """
    from newstrace.reanalyse import ReanalyseOptions

    if everything and ids:
        raise click.UsageError("--all and --article cannot be used together")
    err = _err()
    options = ReanalyseOptions(
        everything=everything, ids=list(ids), jobs=jobs, batch_size=batch_size, views=not no_views
    )
    sys.exit(_guarded(err, lambda: _reanalyse(db_path, options, err, quiet)))


def _reanalyse(db_path: str | None, options, err: Console, quiet: bool) -> int:
    from newstrace.nlp.pipeline import ModelNotFound, find_model
    from newstrace.reanalyse import ReanalyseJob
    from newstrace.store import Store, StoreError

    db = _db(db_path)
    if not db.exists():  # a write open would make an empty store: there is nothing to re-analyse
        raise StoreError(f"cannot open store {db}: no such file")
    with Store(db) as store:
        job = ReanalyseJob(
            store, options, on_fail=lambda f: err.print(f"failed {f.article_id}: {f.reason}", markup=False)
        )
        plan = job.plan()
        if not quiet:
            err.print(f"newstrace: {plan.describe(options)}", markup=False)
            for model, n in sorted(plan.other_models.items()):
                err.print(
                    f"  note: {n} of them were analysed with attribution {model!r}; give --attribution "
                    f"{model} to keep that model",
                    markup=False,
                )
        if plan.selected:
            try:
                find_model()
            except ModelNotFound as exc:
                err.print(f"newstrace: {exc}", markup=False)
                return EXIT_ENVIRONMENT
        show = not quiet and err.is_terminal
        with make_progress(err, show, "re-analysing") as progress:
            task = progress.add_task("reanalyse", total=plan.selected + len(plan.missing) if show else None)
            job.on_done = lambda: progress.advance(task)
            summary = job.run(plan)
    if not quiet:
        _print_reanalysed(summary, options, err)
    if summary.failed and summary.reanalysed == 0:
        return EXIT_NOTHING
    return EXIT_SKIPPED if summary.failed else EXIT_OK


def _print_reanalysed(summary, options, err: Console) -> None:
    """The closing lines: counts, the failures grouped by reason, what became of the stories."""
    err.print(f"newstrace: {summary.counts()}", markup=False)
    by_reason: dict[str, list[str]] = {}
    for failed in summary.failed:
        by_reason.setdefault(reason_kind(failed.reason), []).append(failed.article_id)
    for reason, ids in sorted(by_reason.items(), key=lambda kv: -len(kv[1])):
        more = f" and {len(ids) - 5} more" if len(ids) > 5 else ""
        err.print(f"  {reason} ({len(ids)}): {', '.join(ids[:5])}{more}", markup=False)
    if summary.stories_stale:
        from newstrace.link.sourcing import plural

        stories = plural(summary.stories_stale, "story", "stories")
        done = "recomputed" if options.views else "marked stale: the next `newstrace link` recomputes them"
        which = "" if options.everything else " whose articles changed"
        err.print(f"claims and timelines of {stories}{which}: {done}", markup=False)
