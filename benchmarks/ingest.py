"""Ingest benchmarks: speed by engine, peak memory by corpus size, store size, Parquet export.

All on synthetic articles (`newstrace.synthetic`), each case a fresh `newstrace ingest` process
into a fresh store, measured side by side in one run:

    python benchmarks/ingest.py [--articles 2000] [--rounds 2] [--memory-sizes 1000,10000]

- articles/s for 1 process, `--jobs 2`, and `--engine dask` with 2 workers (median of rounds,
  alternating the engines each round);
- peak resident memory of the ingest process tree at each corpus size (largest child's RSS
  via getrusage), to show that memory does not grow with the corpus;
- store size per 1,000 articles, and the time of `newstrace export --format parquet`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newstrace import synthetic

ENGINES = {
    "1 process": [],
    "--jobs 2": ["--jobs", "2"],
    "dask, 2 workers": ["--engine", "dask", "--workers", "2"],
}

# Runs the command as a child and reports the child's peak RSS: measured in a wrapper so each
# case's figure is its own (RUSAGE_CHILDREN accumulates the maximum over all waited children).
_PEAK_RSS = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
elapsed = time.perf_counter() - start
print(code, elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def run_ingest(source: Path, db: Path, extra: list[str]) -> tuple[float, int]:
    """Seconds and peak RSS (KiB) of one `newstrace ingest` run."""
    cmd = [sys.executable, "-m", "newstrace", "ingest", str(source), "--db", str(db), "--quiet", *extra]
    out = subprocess.run([sys.executable, "-c", _PEAK_RSS, *cmd], capture_output=True, text=True, check=True)
    code, elapsed, rss = out.stdout.split()
    if int(code) not in (0, 1):
        raise SystemExit(f"ingest failed ({code}): {' '.join(cmd)}")
    return float(elapsed), int(rss)


def stored_articles(db: Path) -> int:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return conn.execute("select count(*) from articles").fetchone()[0]


def bench_engines(work: Path, count: int, rounds: int) -> dict[str, float]:
    source = synthetic.write_jsonl(work / f"engines-{count}.jsonl", count)
    rates: dict[str, list[float]] = {name: [] for name in ENGINES}
    for r in range(rounds):
        for name, extra in ENGINES.items():
            db = work / f"engines-{r}-{name.replace(' ', '_').replace(',', '')}.db"
            elapsed, _ = run_ingest(source, db, extra)
            assert stored_articles(db) == count, f"{name}: stored {stored_articles(db)} of {count}"
            rates[name].append(count / elapsed)
    return {name: statistics.median(values) for name, values in rates.items()}


def bench_memory_and_size(work: Path, sizes: list[int]) -> list[dict]:
    rows = []
    for size in sizes:
        source = synthetic.write_jsonl(work / f"mem-{size}.jsonl", size)
        db = work / f"mem-{size}.db"
        elapsed, rss = run_ingest(source, db, [])
        wal = db.with_name(db.name + "-wal")
        db_bytes = db.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
        out_dir = work / f"parquet-{size}"
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "newstrace",
                "export",
                "--db",
                str(db),
                "--format",
                "parquet",
                "--out",
                str(out_dir),
            ],
            check=True,
            capture_output=True,
        )
        export_s = time.perf_counter() - start
        rows.append(
            {
                "articles": size,
                "seconds": round(elapsed, 1),
                "peak_rss_mib": round(rss / 1024, 1),
                "store_mib_per_1000": round(db_bytes / 2**20 / (size / 1000), 2),
                "parquet_export_s": round(export_s, 2),
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=2000, help="corpus size for the engine comparison")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--memory-sizes", default="1000,10000")
    parser.add_argument("--skip-engines", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newstrace-bench-") as tmp:
        work = Path(tmp)
        if not args.skip_engines:
            rates = bench_engines(work, args.articles, args.rounds)
            base = rates["1 process"]
            print(f"ingest speed, {args.articles} synthetic articles, median of {args.rounds} rounds:")
            for name, rate in rates.items():
                print(f"  {name:16s} {rate:7.1f} articles/s  {rate / base:5.2f}x")
        if args.skip_memory:
            return
        sizes = [int(s) for s in args.memory_sizes.split(",")]
        rows = bench_memory_and_size(work, sizes)
        print("memory, store size and export by corpus size (1 process):")
        for row in rows:
            print("  " + json.dumps(row))
        if len(rows) >= 2:
            print(f"  peak memory ratio {rows[-1]['articles']} / {rows[0]['articles']}: "
                  f"{rows[-1]['peak_rss_mib'] / rows[0]['peak_rss_mib']:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
