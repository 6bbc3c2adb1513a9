"""`newstrace ingest --engine dask`: the same ingest, spread over a Dask cluster.

The inputs are cut into shards (a WARC or JSONL file is one shard; small files are grouped).
Each worker reads, prepares and analyses its shards with its own spaCy pipeline and writes one
Parquet partition per shard: one row per article, with the copy's metadata and the full record
as JSON. A final step in this process loads the partitions into the store in shard order, where
exact duplicates are recognised exactly as in a local run, so the store ends the same. With
`--parquet-out DIR` the partitions are left in DIR as a dataset for DuckDB, Spark or polars
instead of being loaded.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from rich.console import Console

from newstrace.ingest.article import ArticleInput, Skipped
from newstrace.ingest.files import expand_paths, file_kind, read_inputs, read_jsonl_range
from newstrace.ingest_job import (
    IngestOptions,
    IngestSummary,
    add_known_copy,
    add_new_record,
    copy_meta,
    is_url,
)
from newstrace.record import Record

SMALL_FILES_PER_SHARD = 64
_WHOLE_FILE_SUFFIXES = (".warc", ".gz")

PARTITION_SCHEMA = pa.schema(
    [
        ("position", pa.int64()),  # order within the shard, so loading keeps input order
        ("article_id", pa.string()),
        ("url", pa.string()),
        ("outlet", pa.string()),
        ("title", pa.string()),
        ("published", pa.string()),
        ("origin", pa.string()),
        ("fetched_at", pa.string()),
        ("record", pa.string()),  # the full Record as JSON
        ("skipped_reason", pa.string()),  # set (and record null) for an input that was skipped
    ]
)


# A shard entry is a path or URL, or (path, start, end): a byte range of a plain JSONL file.
Entry = str | tuple[str, int, int]
_SPLIT_BYTES = 2 * 2**20  # aim for pieces of at most this much JSONL
_MIN_SPLIT = 64 * 2**10  # below this a JSONL file is not worth splitting


def make_shards(options: IngestOptions, workers: int) -> list[list[Entry]]:
    """Shards in input order: a big JSONL file in byte ranges (at least four per worker), other
    archives whole, small files and URLs in groups."""
    shards: list[list[Entry]] = []
    group: list[Entry] = []
    for source in options.sources:
        entries = [source] if is_url(source) else list(expand_paths([source]))
        for entry in entries:
            whole = isinstance(entry, Path) and entry.name.lower().endswith(_WHOLE_FILE_SUFFIXES)
            splittable = isinstance(entry, Path) and file_kind(entry) == "jsonl" and not whole
            if whole or splittable:
                if group:  # keep input order: the files grouped so far come first
                    shards.append(group)
                    group = []
                shards.extend([[p] for p in _jsonl_pieces(entry, workers)] if splittable else [[str(entry)]])
            else:
                group.append(entry.origin if isinstance(entry, Skipped) else str(entry))
                if len(group) >= SMALL_FILES_PER_SHARD:
                    shards.append(group)
                    group = []
    if group:
        shards.append(group)
    return shards


def _jsonl_pieces(path: Path, workers: int) -> list[Entry]:
    size = path.stat().st_size
    if size < _MIN_SPLIT:
        return [str(path)]
    # Several pieces per worker: the store loads finished pieces while later ones are analysed,
    # and no worker idles long at the end.
    pieces = max(4 * workers, -(-size // _SPLIT_BYTES))
    step = -(-size // pieces)
    return [(str(path), start, min(start + step, size)) for start in range(0, size, step)]


def _shard_inputs(shard: list[Entry], options: IngestOptions) -> Iterator[ArticleInput | Skipped]:
    for entry in shard:
        if isinstance(entry, tuple):
            path, start, end = entry
            yield from read_jsonl_range(Path(path), start, end, options.max_bytes)
        elif not is_url(entry):
            yield from read_inputs([entry], options.max_bytes)
    urls = [e for e in shard if isinstance(e, str) and is_url(e)]
    if urls:
        from newstrace.ingest.web import FetchPolicy, fetch_url, make_client

        policy = FetchPolicy(
            timeout=options.timeout,
            max_bytes=options.max_bytes,
            respect_robots=options.respect_robots,
            allow_private=options.allow_private,
        )
        with make_client(policy) as client:
            for url in urls:
                yield fetch_url(url, client, policy)


def process_shard(index: int, shard: list[Entry], options: IngestOptions, staging: str) -> str:
    """Runs on a worker: read, prepare, analyse one shard; write its Parquet partition."""
    from newstrace.analysis import analyze_articles, prepare
    from newstrace.ingest.article import InputError
    from newstrace.nlp.pipeline import shared_pipeline

    rows: list[dict] = []
    ready = []
    for item in _shard_inputs(shard, options):
        if isinstance(item, Skipped):
            rows.append(_skipped_row(len(rows), item))
            continue
        try:
            article = prepare(item)
        except InputError as exc:
            rows.append(_skipped_row(len(rows), Skipped(item.origin, str(exc))))
            continue
        row = {"position": len(rows), "article_id": article.id, **asdict(copy_meta(article, item))}
        rows.append(row)
        ready.append((row, article))
    nlp = shared_pipeline(attribution=options.attribution)
    records = analyze_articles([a for _, a in ready], nlp, options.batch_size)
    for (row, _), record in zip(ready, records, strict=True):
        row["record"] = record.to_json()
    path = Path(staging) / f"part-{index:06d}.parquet"
    tmp = path.with_suffix(".tmp")
    pq.write_table(pa.Table.from_pylist(rows, schema=PARTITION_SCHEMA), tmp)
    tmp.replace(path)  # a partition is complete or absent, never half-written
    return str(path)


def _skipped_row(position: int, item: Skipped) -> dict:
    return {"position": position, "origin": item.origin, "skipped_reason": item.reason}


def load_partitions(store, paths: list[str], summary: IngestSummary) -> None:
    """Load partitions into the store in order, de-duplicating exactly as a local run does."""
    from newstrace.store import CopyMeta

    for path in paths:
        for row in pq.read_table(path).sort_by("position").to_pylist():
            if row["skipped_reason"] is not None:
                summary.skipped.append(Skipped(row["origin"], row["skipped_reason"]))
                continue
            meta = CopyMeta(
                **{k: row[k] for k in ("url", "outlet", "title", "published", "origin", "fetched_at")}
            )
            record = Record.model_validate_json(row["record"])
            if add_known_copy(store, record.article.text, meta, summary) is None:
                add_new_record(store, record, meta, summary)


def partitions_in_order(
    options: IngestOptions, shards: list[list[Entry]], scheduler: str | None, workers: int, staging: Path
) -> Iterator[str]:
    """Analyse every shard on the cluster; yield partition paths in shard order as each is ready.

    Waiting on shard i does not stop the cluster from working on later shards, so the caller's
    loading of one partition overlaps the analysis of the next ones.
    """
    from dask.distributed import Client, LocalCluster

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",  # a local cluster listens on loopback only
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        )
    try:
        with Client(scheduler or cluster) as client:
            futures = [
                client.submit(process_shard, i, shard, options, str(staging), pure=False)
                for i, shard in enumerate(shards)
            ]
            for future in futures:
                yield future.result()
    finally:
        if cluster is not None:
            cluster.close()


def ingest_with_dask(
    db: Path,
    options: IngestOptions,
    scheduler: str | None,
    workers: int,
    parquet_out: str | None,
    err: Console,
    quiet: bool,
) -> int:
    from newstrace.cli.common import (
        EXIT_NOTHING,
        EXIT_OK,
        EXIT_SKIPPED,
        make_progress,
        print_linked,
        print_summary,
    )
    from newstrace.link.runner import link_store
    from newstrace.store import Store

    if options.feeds:
        err.print("newstrace: --feed is not supported with --engine dask; use the local engine for feeds")
        return 2
    staging = Path(parquet_out) if parquet_out else Path(tempfile.mkdtemp(prefix="newstrace-dask-"))
    staging.mkdir(parents=True, exist_ok=True)
    summary = IngestSummary()
    shards = make_shards(options, workers)
    try:
        with make_progress(err, not quiet and err.is_terminal, "shards") as progress:
            task = progress.add_task("shards", total=len(shards))
            partitions = partitions_in_order(options, shards, scheduler, workers, staging)
            if parquet_out:
                for _ in partitions:
                    progress.advance(task)
                err.print(f"newstrace: {len(shards)} Parquet partitions in {staging}", markup=False)
                return EXIT_OK
            with Store(db) as store:
                for path in partitions:
                    load_partitions(store, [path], summary)
                    Path(path).unlink()
                    progress.advance(task)
                linked = link_store(store)  # in the scheduler's process, as a local run does
    finally:
        if not parquet_out:
            shutil.rmtree(staging, ignore_errors=True)
    for item in summary.skipped:
        err.print(f"skipped {item.origin}: {item.reason}", markup=False)
    if not quiet:
        print_summary(summary.counts(), summary.skipped, err)
        print_linked(linked, err)
    if summary.stored + summary.duplicates + summary.unchanged == 0 and summary.skipped:
        return EXIT_NOTHING
    return EXIT_SKIPPED if summary.skipped else EXIT_OK
