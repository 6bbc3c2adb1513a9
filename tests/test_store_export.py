"""Exporting a store: every table as JSONL, CSV and Parquet; Parquet read by pandas, polars, DuckDB."""

from __future__ import annotations

import csv
import json
import sqlite3

import duckdb
import pandas
import polars
import pyarrow.parquet as pq
import pytest
from _store_records import example_records, meta

from newstrace.record import Record
from newstrace.store import CopyMeta, Store
from newstrace.store.export import export_store

TABLES = {
    "schema_migrations", "articles", "copies", "attributions", "sources", "source_includes", "events",
    "spans", "participants", "minhashes", "lsh_bands", "near_duplicates", "urls", "feeds",
    "stories", "story_articles", "story_terms", "link_state", "entities", "entity_mentions", "story_views",
    "story_view_items",
}  # fmt: skip


@pytest.fixture(scope="module")
def records(nlp):
    return example_records(nlp)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, records):
    path = tmp_path_factory.mktemp("export") / "store.db"
    with Store(path) as store:
        for record in records:
            store.add_record(record, meta(record))
        store.add_copy(records[0].article.id, CopyMeta(url="https://mirror.test/a", origin="m"))
        store.mark_url("https://a.test/1", "stored")
        store.set_feed_state("https://f.test/rss", {"etag": "x"})
    return path


@pytest.fixture(scope="module")
def row_counts(store_path):
    with Store(store_path, readonly=True) as store:
        stats = store.stats()
        return {table: stats[table] for table in store.tables()}


def export(store_path, fmt, out_dir, **kwargs):
    with Store(store_path, readonly=True) as store:
        return export_store(store, fmt, out_dir, **kwargs)


def test_row_counts_cover_every_table(row_counts):
    assert set(row_counts) == TABLES
    assert row_counts["copies"] == 19 and row_counts["urls"] == row_counts["feeds"] == 1


def test_parquet_is_read_by_pandas_polars_and_duckdb(store_path, row_counts, tmp_path):
    # A small batch size, so every table with rows is written in several row groups.
    written = export(store_path, "parquet", tmp_path, batch_size=7)
    assert set(written) == TABLES
    assert pq.ParquetFile(written["spans"]).metadata.num_row_groups > 1
    conn = duckdb.connect()
    for table, path in written.items():
        assert path == tmp_path / f"{table}.parquet"
        expected = row_counts[table]
        assert len(pandas.read_parquet(path)) == expected, table
        assert polars.read_parquet(path).height == expected, table
        assert conn.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchone() == (expected,)
    events = polars.read_parquet(written["events"])
    assert events.schema["ord"] == polars.Int64 and events.schema["status"] == polars.String
    by_status = conn.execute(
        "SELECT status, count(*) FROM read_parquet(?) GROUP BY status ORDER BY status",
        [str(written["events"])],
    ).fetchall()
    assert sum(n for _, n in by_status) == row_counts["events"]
    assert polars.read_parquet(written["minhashes"])["hashvalues"].dtype == polars.Binary


def test_parquet_of_an_empty_store(tmp_path):
    with Store(tmp_path / "empty.db") as store:
        written = export_store(store, "parquet", tmp_path / "out")
    assert len(pandas.read_parquet(written["articles"])) == 0
    assert "text" in polars.read_parquet(written["articles"]).columns


def test_csv_has_a_header_and_every_row(store_path, row_counts, tmp_path):
    written = export(store_path, "csv", tmp_path)
    assert set(written) == TABLES
    for table, path in written.items():
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        columns = [r[1] for r in sqlite3.connect(store_path).execute(f'PRAGMA table_info("{table}")')]
        assert rows[0] == columns
        assert len(rows) - 1 == row_counts[table], table
    assert len(pandas.read_csv(written["articles"])) == row_counts["articles"]


def test_jsonl_has_one_row_a_line_and_the_records(store_path, row_counts, records, tmp_path):
    written = export(store_path, "jsonl", tmp_path)
    assert set(written) == TABLES | {"records"}
    for table in TABLES:
        lines = written[table].read_text(encoding="utf-8").splitlines()
        assert len(lines) == row_counts[table], table
        assert all(isinstance(json.loads(line), dict) for line in lines)
    article = json.loads(written["articles"].read_text(encoding="utf-8").splitlines()[0])
    assert (
        article["id"] == records[0].article.id
        and json.loads(article["authors"]) == records[0].article.authors
    )
    lines = written["records"].read_text(encoding="utf-8").splitlines()
    assert [Record.model_validate_json(line) for line in lines] == records


def test_unknown_format_is_refused(store_path, tmp_path):
    with pytest.raises(ValueError, match="unknown export format"):
        export(store_path, "xlsx", tmp_path)


def test_the_store_opens_in_duckdb(store_path):
    conn = duckdb.connect()
    try:
        conn.execute("LOAD sqlite")
    except duckdb.Error as exc:
        reason = str(exc).splitlines()[0]
        pytest.skip(
            f"DuckDB's sqlite extension is not bundled with duckdb 2.0 and cannot be loaded: {reason}"
        )
    conn.execute(f"ATTACH '{store_path}' AS store (TYPE sqlite, READ_ONLY)")
    assert conn.execute("SELECT count(*) FROM store.articles").fetchone() == (18,)
