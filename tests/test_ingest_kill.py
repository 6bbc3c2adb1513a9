"""Never lose, never double: SIGKILL an ingest of 5,000 articles at several points, resume, check.

The kills are placed by progress (how many articles the store holds), not by time, so the test
does not depend on the machine's speed.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newstrace import synthetic

ARTICLES = 5000
# Kill before the first commit, early, in the middle, and near the end.
KILL_AFTER = (0, 300, 2500, 4600)


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("select count(*) from articles").fetchone()[0]
    except sqlite3.Error:
        return 0  # not created yet, or the schema is still being written


def _ingest(source: Path, db: Path) -> subprocess.Popen:
    cmd = [
        sys.executable,
        "-m",
        "newstrace",
        "ingest",
        str(source),
        "--db",
        str(db),
        "--quiet",
        "--batch-size",
        "16",
    ]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _kill_when(proc: subprocess.Popen, db: Path, threshold: int, limit_s: float = 900) -> int:
    """SIGKILL `proc` once the store holds more than `threshold` articles; return the count seen."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        seen = _stored(db)
        if seen > threshold or (threshold == 0 and db.exists()):
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            return seen
        if proc.poll() is not None:
            pytest.fail(f"ingest ended before the kill point {threshold}: {proc.stderr.read()[-500:]}")
        time.sleep(0.05)
    proc.kill()
    pytest.fail(f"store never reached {threshold} articles")


@pytest.mark.slow
def test_sigkill_at_several_points_then_resume_stores_each_article_once(tmp_path):
    source = synthetic.write_jsonl(tmp_path / "articles.jsonl", ARTICLES)
    db = tmp_path / "store.db"
    counts = []
    for threshold in KILL_AFTER:
        proc = _ingest(source, db)
        counts.append(_kill_when(proc, db, threshold))
        assert proc.returncode == -signal.SIGKILL
    assert counts == sorted(counts), "each resumed run keeps what the earlier ones stored"

    final = _ingest(source, db)
    _, stderr = final.communicate(timeout=1800)
    assert final.returncode == 0, stderr[-2000:]

    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == ARTICLES
        assert conn.execute("select count(distinct text_key) from articles").fetchone()[0] == ARTICLES
        assert conn.execute("select count(*) from copies").fetchone()[0] == ARTICLES
    check = subprocess.run(
        [sys.executable, "-m", "newstrace", "check", "--db", str(db)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("ok: ")

    again = subprocess.run(
        [sys.executable, "-m", "newstrace", "ingest", str(source), "--db", str(db)],
        capture_output=True,
        text=True,
    )
    assert again.returncode == 0
    assert f"stored 0, duplicates 0, unchanged {ARTICLES}" in again.stderr
