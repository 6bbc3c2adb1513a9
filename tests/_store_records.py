"""Shared helpers for the store tests: the example records (analysed once per process) and workers
for the multi-process tests (module-level, so a spawned process can import them)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from newstrace.record import Record
from newstrace.store import CopyMeta, Store

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
_cache: dict[str, list[Record]] = {}


def example_records(nlp) -> list[Record]:
    """Every bundled example analysed, in file order (18 records)."""
    if "examples" not in _cache:
        from newstrace.analysis import analyze_batch
        from newstrace.ingest.files import read_inputs

        results = analyze_batch(read_inputs([str(EXAMPLES)]), nlp)
        _cache["examples"] = [r for r in results if isinstance(r, Record)]
    return _cache["examples"]


def by_id(records: list[Record], prefix: str) -> Record:
    return next(r for r in records if r.article.id.startswith(prefix))


def variant(record: Record, n: int) -> Record:
    """The record with a sentence appended to its text and a new id: a new text, spans still valid."""
    copy = record.model_copy(deep=True)
    copy.article.id = f"{record.article.id}-v{n}"
    copy.article.text = f"{record.article.text}\n\nUpdate {n}: this story has been revised."
    return copy


def meta(record: Record, origin: str = "test") -> CopyMeta:
    return CopyMeta.from_record(record, origin)


@contextmanager
def predicates_column(store: Store) -> Iterator[None]:
    """Records written by this newstrace into a store of a version before 9: the column it writes the
    predicates to is there while they are written, and gone again as in a store of that version."""
    store.conn.execute("ALTER TABLE articles ADD COLUMN predicates TEXT")
    yield
    store.conn.execute("ALTER TABLE articles DROP COLUMN predicates")


def stored(path, records: list[Record], link: bool = False):
    """A store at `path` holding `records`, added in order; with `link`, also linked into stories and
    entities (newstrace link). Returns `path`."""
    from newstrace.link.runner import link_store

    with Store(path) as store:
        for record in records:
            store.add_record(record, meta(record))
        if link:
            link_store(store)
    return path


def add_all(path: str, payloads: list[str]) -> None:
    """Worker: add each record (JSON) to the store at `path`."""
    with Store(path) as store:
        for payload in payloads:
            record = Record.model_validate_json(payload)
            store.add_record(record, meta(record, f"worker:{record.article.id}"))


def add_forever(path: str, payloads: list[str]) -> None:
    """Worker: keep adding records until killed (each add is one transaction)."""
    with Store(path) as store:
        for payload in payloads:
            record = Record.model_validate_json(payload)
            store.add_record(record, meta(record))
            store.mark_url(f"https://example.test/{record.article.id}", "stored")
