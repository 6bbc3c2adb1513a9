"""The store under several processes: concurrent writers, and a writer killed mid-ingest."""

from __future__ import annotations

import multiprocessing
import os
import signal

import pytest
from _store_records import add_all, add_forever, example_records, variant

from newstrace.store import Store

# spawn: the children start clean (no copy of the parent's spaCy pipeline or open connections).
SPAWN = multiprocessing.get_context("spawn")


@pytest.fixture(scope="module")
def records(nlp):
    return example_records(nlp)


def test_two_processes_writing_at_once_lose_nothing(tmp_path, records):
    path = str(tmp_path / "shared.db")
    # 2 x 36 records; the variants of one text are near duplicates of each other, across processes.
    batches = [[variant(r, n).to_json() for r in records[half::2] for n in range(4)] for half in (0, 1)]
    workers = [SPAWN.Process(target=add_all, args=(path, batch)) for batch in batches]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert [w.exitcode for w in workers] == [0, 0]
    expected = {r.article.id: r for batch in batches for r in map(_load, batch)}
    with Store(path, readonly=True) as store:
        assert store.check() == []
        stored = {r.article.id: r for r in store.iter_records()}
        assert stored == expected
        assert store.stats()["copies"] == len(expected)
        # Each variant is linked to the other three variants of its text.
        for article_id in expected:
            assert len(store.near_duplicates(article_id)) == 3


def test_a_writer_killed_mid_ingest_leaves_whole_articles(tmp_path, records):
    path = str(tmp_path / "killed.db")
    payloads = [variant(r, n).to_json() for n in range(50) for r in records]
    worker = SPAWN.Process(target=add_forever, args=(path, payloads))
    worker.start()
    try:
        _wait_for_articles(path, worker, at_least=5)
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.join()
    assert worker.exitcode == -signal.SIGKILL
    expected = {r.article.id: r for r in map(_load, payloads)}
    with Store(path) as store:  # opening for writing recovers the WAL
        assert store.check() == []
        stored = list(store.iter_records())
        assert 5 <= len(stored) < len(payloads)
        assert all(record == expected[record.article.id] for record in stored)
        # Resuming: adding everything again stores only what was missing.
        added = [store.add_record(r, _meta(r)).stored for r in expected.values()]
        assert added.count(False) == len(stored)
        assert store.stats()["articles"] == len(payloads)
        assert store.check() == []


def _load(payload: str):
    from newstrace.record import Record

    return Record.model_validate_json(payload)


def _meta(record):
    from _store_records import meta

    return meta(record)


def _wait_for_articles(path: str, worker, at_least: int) -> None:
    """Poll (no timing assertion: only a generous deadline so a broken worker cannot hang the suite)."""
    import sqlite3
    import time

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert worker.is_alive(), "the worker ended before it was killed"
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            count = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            conn.close()
            if count >= at_least:
                return
        except sqlite3.Error:
            pass  # not created yet
        time.sleep(0.05)
    pytest.fail("the worker stored nothing within two minutes")
