"""Export every table of a store as JSONL, CSV or Parquet, one file per table.

Rows are streamed from SQLite in batches of `batch_size`, so an export of a large store needs the
memory of one batch, not of a table. The full-text index (a derived structure) is not exported.
Column types come from the table declarations: INTEGER -> int64, REAL -> float64, BLOB -> binary
(hex in CSV and JSONL), everything else -> string. JSON-valued columns (`articles.authors`,
`articles.framing`, `feeds.state`) are exported as their JSON text.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import pyarrow as pa
import pyarrow.parquet as pq

from newstrace.store.store import Store, StoreError

Format = Literal["jsonl", "csv", "parquet"]
FORMATS: tuple[Format, ...] = ("jsonl", "csv", "parquet")
BATCH_SIZE = 10_000


def export_store(
    store: Store, fmt: Format, out_dir: str | Path, batch_size: int = BATCH_SIZE
) -> dict[str, Path]:
    """Write each table to `out_dir/TABLE.EXT`; in jsonl mode also `records.jsonl` (one Record a line).

    Returns {table name (or "records"): path written}."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    out = Path(out_dir)
    conn = store.conn
    try:
        out.mkdir(parents=True, exist_ok=True)
        written = {}
        # One read transaction: every file shows the same snapshot, even while others write.
        conn.execute("BEGIN")
        try:
            for table in store.tables():
                path = out / f"{table}.{fmt}"
                _WRITERS[fmt](conn, table, path, batch_size)
                written[table] = path
            if fmt == "jsonl":
                written["records"] = _write_records(store, out / "records.jsonl")
        finally:
            conn.execute("COMMIT")
    except sqlite3.Error as exc:
        raise StoreError(f"store {store.path}: cannot export: {exc}") from None
    except OSError as exc:
        raise StoreError(f"cannot write export to {out}: {exc.strerror or exc}") from None
    return written


def _columns(conn: sqlite3.Connection, table: str) -> list[tuple[str, str]]:
    """(name, declared type) of each column, in order."""
    return [(row[1], (row[2] or "").upper()) for row in conn.execute(f'PRAGMA table_info("{table}")')]


def _batches(conn: sqlite3.Connection, table: str, names: list[str], size: int) -> Iterator[list[tuple]]:
    quoted = ", ".join(f'"{n}"' for n in names)
    # A cursor of its own: fetchmany pulls one batch at a time from SQLite.
    cursor = conn.execute(f'SELECT {quoted} FROM "{table}"')
    try:
        while rows := cursor.fetchmany(size):
            yield rows
    finally:
        cursor.close()


def _arrow_type(declared: str) -> pa.DataType:
    if "INT" in declared:
        return pa.int64()
    if "REAL" in declared or "FLOA" in declared or "DOUB" in declared:
        return pa.float64()
    if "BLOB" in declared:
        return pa.binary()
    return pa.string()


def _plain(value: object) -> object:
    return value.hex() if isinstance(value, bytes) else value


def _write_parquet(conn: sqlite3.Connection, table: str, path: Path, size: int) -> None:
    columns = _columns(conn, table)
    schema = pa.schema([(name, _arrow_type(declared)) for name, declared in columns])
    with pq.ParquetWriter(path, schema) as writer:
        for rows in _batches(conn, table, [n for n, _ in columns], size):
            arrays = [pa.array([row[i] for row in rows], type=f.type) for i, f in enumerate(schema)]
            writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=schema))


def _write_csv(conn: sqlite3.Connection, table: str, path: Path, size: int) -> None:
    names = [n for n, _ in _columns(conn, table)]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        for rows in _batches(conn, table, names, size):
            writer.writerows([_plain(v) for v in row] for row in rows)


def _write_jsonl(conn: sqlite3.Connection, table: str, path: Path, size: int) -> None:
    names = [n for n, _ in _columns(conn, table)]
    with path.open("w", encoding="utf-8") as handle:
        for rows in _batches(conn, table, names, size):
            for row in rows:
                obj = {n: _plain(v) for n, v in zip(names, row, strict=True)}
                handle.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _write_records(store: Store, path: Path) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for record in store.iter_records():
            handle.write(record.to_json() + "\n")
    return path


_WRITERS = {"jsonl": _write_jsonl, "csv": _write_csv, "parquet": _write_parquet}
