"""`newstrace ingest`, `watch`, `check`, `export` end to end, on files, URLs, feeds and WARC.

Web sources are served by pytest-httpserver on 127.0.0.1 (hence --allow-private).
"""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newstrace.cli import main
from newstrace.cli.common import EXIT_ENVIRONMENT, EXIT_NOTHING, EXIT_OK, EXIT_PROBLEMS, EXIT_SKIPPED
from newstrace.store import Store

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def page(headline: str, body: str) -> str:
    paragraphs = "".join(
        f"<p>{body} Paragraph {i} of the report adds detail on the events.</p>" for i in range(3)
    )
    return f"<html><head><title>{headline}</title></head><body><article>{paragraphs}</article></body></html>"


PAGE_A = page("Navy strikes boats", "The navy said on Tuesday that it had struck three boats near the coast.")
PAGE_B = page(
    "Port reopens", "Officials said the port reopened on Wednesday after a week of strikes by dockworkers."
)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {t: conn.execute(f"select count(*) from {t}").fetchone()[0] for t in ("articles", "copies")}


def test_ingest_examples_then_again_changes_nothing(tmp_path):
    db = tmp_path / "s.db"
    first = run("ingest", str(EXAMPLES), "--db", str(db))
    assert first.exit_code == EXIT_OK, first.stderr
    assert "stored 18, duplicates 0, unchanged 0" in first.stderr
    before = db.read_bytes()
    again = run("ingest", str(EXAMPLES), "--db", str(db))
    assert again.exit_code == EXIT_OK
    assert "stored 0, duplicates 0, unchanged 18" in again.stderr
    assert counts(db) == {"articles": 18, "copies": 18}
    with Store(db, readonly=True) as store:
        assert store.check() == []
    assert len(before) > 0


def test_same_text_from_two_outlets_is_stored_once_with_both_copies(tmp_path):
    text = (EXAMPLES / "02-coastal-wire-rereports-meridian.json").read_text()
    obj = json.loads(text)
    lines = [
        dict(obj, outlet="Outlet One", url="https://example.org/1"),
        dict(obj, outlet="Outlet Two", url="https://example.org/2"),
    ]
    (tmp_path / "two.jsonl").write_text("\n".join(json.dumps(x) for x in lines))
    db = tmp_path / "s.db"
    result = run("ingest", str(tmp_path / "two.jsonl"), "--db", str(db))
    assert "stored 1, duplicates 1, unchanged 0" in result.stderr
    with sqlite3.connect(db) as conn:
        outlets = [r[0] for r in conn.execute("select outlet from copies order by outlet")]
    assert outlets == ["Outlet One", "Outlet Two"]


def test_ingest_urls_from_loopback_needs_allow_private(httpserver, tmp_path):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /private/\n")
    httpserver.expect_request("/a").respond_with_data(PAGE_A, content_type="text/html")
    httpserver.expect_request("/private/b").respond_with_data(PAGE_B, content_type="text/html")
    httpserver.expect_request("/missing").respond_with_data("gone", status=404)
    db = tmp_path / "s.db"
    urls = [httpserver.url_for(p) for p in ("/a", "/private/b", "/missing")]

    refused = run("ingest", *urls, "--db", str(db))
    assert refused.exit_code == EXIT_NOTHING
    assert refused.stderr.count("is a loopback address (use --allow-private)") == 3

    result = run("ingest", *urls, "--db", str(db), "--allow-private")
    assert result.exit_code == EXIT_SKIPPED
    assert f"skipped {urls[1]}: disallowed by robots.txt" in result.stderr
    assert f"skipped {urls[2]}: HTTP 404" in result.stderr
    assert "stored 1," in result.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("select url from copies").fetchall() == [(urls[0],)]

    again = run("ingest", urls[0], "--db", str(db), "--allow-private")
    assert "stored 0, duplicates 0, unchanged 1" in again.stderr


def test_feed_is_ingested_then_a_conditional_repoll_fetches_nothing(httpserver, tmp_path):
    base = httpserver.url_for("").rstrip("/")
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbor Ledger</title>'
        f"<item><title>Navy strikes boats</title><link>{base}/a</link></item>"
        f"<item><title>Port reopens</title><link>{base}/b</link></item></channel></rss>"
    )
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/rss", headers={"If-None-Match": '"v1"'}).respond_with_data("", status=304)
    httpserver.expect_request("/rss").respond_with_data(
        rss, content_type="application/rss+xml", headers={"ETag": '"v1"'}
    )
    httpserver.expect_request("/a").respond_with_data(PAGE_A, content_type="text/html")
    httpserver.expect_request("/b").respond_with_data(PAGE_B, content_type="text/html")
    db = tmp_path / "s.db"

    result = run("watch", f"{base}/rss", "--db", str(db), "--allow-private", "--every", "0s", "--times", "2")
    assert result.exit_code == EXIT_OK, result.stderr
    summaries = [line for line in result.stderr.splitlines() if line.startswith("newstrace: ")]
    assert summaries == [
        "newstrace: stored 2, duplicates 0, unchanged 0, near-duplicates linked 0, skipped 0",
        "newstrace: stored 0, duplicates 0, unchanged 0, near-duplicates linked 0, skipped 0",
    ]
    page_requests = [r for r, _ in httpserver.log if r.path in ("/a", "/b")]
    assert len(page_requests) == 2, "the second poll got 304 and fetched no page"


def _warc(path: Path) -> Path:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, html in (("https://example.org/a", PAGE_A), ("https://example.org/b", PAGE_B)):
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(html.encode()), http_headers=headers,
                warc_headers_dict={"WARC-Date": "2026-11-10T12:00:00Z"},
            )  # fmt: skip
            writer.write_record(record)
    return path


def test_warc_ingest(tmp_path):
    db = tmp_path / "s.db"
    result = run("ingest", str(_warc(tmp_path / "crawl.warc.gz")), "--db", str(db))
    assert result.exit_code == EXIT_OK, result.stderr
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select url, fetched_at from copies order by url").fetchall()
    assert [r[0] for r in rows] == ["https://example.org/a", "https://example.org/b"]
    assert all(r[1].startswith("2026-11-10T12:00:00") for r in rows)


def test_a_file_that_is_not_a_store_is_an_environment_error(tmp_path):
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"this is not sqlite" * 100)
    result = run("ingest", str(EXAMPLES / "16-recipe-black-bean-soup.txt"), "--db", str(bogus))
    assert result.exit_code == EXIT_ENVIRONMENT
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("newstrace: cannot open store") and "Traceback" not in result.output
    assert bogus.read_bytes() == b"this is not sqlite" * 100


def test_check_reports_problems_with_exit_code(tmp_path):
    db = tmp_path / "s.db"
    run("ingest", str(EXAMPLES / "05-channel9-admiral-confirms.json"), "--db", str(db))
    assert run("check", "--db", str(db)).exit_code == EXIT_OK
    with sqlite3.connect(db) as conn:
        conn.execute("delete from copies")
    result = run("check", "--db", str(db))
    assert result.exit_code == EXIT_PROBLEMS
    assert "problem: " in result.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_writes_every_table(tmp_path, fmt):
    db = tmp_path / "s.db"
    run("ingest", str(EXAMPLES / "01-meridian-breaks-land-strike-plans.json"), "--db", str(db))
    out = tmp_path / "out"
    result = run("export", "--db", str(db), "--format", fmt, "--out", str(out))
    assert result.exit_code == EXIT_OK
    names = {p.stem for p in out.iterdir()}
    assert {"articles", "copies", "attributions", "sources", "events", "spans"} <= names


def test_two_ingests_into_one_store_at_once(tmp_path):
    db = tmp_path / "s.db"
    files = sorted(EXAMPLES.glob("*.json"))
    halves = [files[::2], files[1::2]]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "newstrace", "ingest", *map(str, half), "--db", str(db), "--quiet"],
            stderr=subprocess.PIPE,
            text=True,
        )
        for half in halves
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
    assert counts(db) == {"articles": len(files), "copies": len(files)}
    assert run("check", "--db", str(db)).exit_code == EXIT_OK


@pytest.mark.slow
def test_dask_engine_on_two_workers_equals_a_single_process_run(tmp_path):
    from newstrace import synthetic

    source = tmp_path / "corpus"
    source.mkdir()
    synthetic.write_jsonl(source / "a.jsonl", 60)
    synthetic.write_jsonl(source / "b.jsonl", 40, seed=11)
    (source / "dup.json").write_text(
        json.dumps(dict(synthetic.article(3), outlet="Elsewhere", url="https://example.org/x"))
    )
    (source / "empty.txt").write_text("")
    local, dask = tmp_path / "local.db", tmp_path / "dask.db"
    one = run("ingest", str(source), "--db", str(local))
    two = run("ingest", str(source), "--db", str(dask), "--engine", "dask", "--workers", "2")
    assert one.exit_code == two.exit_code == EXIT_SKIPPED, two.stderr
    assert two.stderr.splitlines()[-2:] == one.stderr.splitlines()[-2:]
    with Store(local, readonly=True) as a, Store(dask, readonly=True) as b:
        records_a = {r.article.id: r for r in a.iter_records()}
        records_b = {r.article.id: r for r in b.iter_records()}
        assert len(records_a) == 100 and records_a == records_b
        copies = "select article_id, url, outlet, origin from copies order by 1, 2"
        assert a.conn.execute(copies).fetchall() == b.conn.execute(copies).fetchall()
        assert b.check() == []


@pytest.mark.slow
def test_dask_parquet_out_leaves_a_dataset_duckdb_reads(tmp_path):
    import duckdb

    from newstrace import synthetic

    synthetic.write_jsonl(tmp_path / "a.jsonl", 30)
    out = tmp_path / "dataset"
    result = run("ingest", str(tmp_path / "a.jsonl"), "--db", str(tmp_path / "unused.db"), "--engine", "dask",
                 "--workers", "2", "--parquet-out", str(out))  # fmt: skip
    assert result.exit_code == EXIT_OK, result.stderr
    con = duckdb.connect()
    rows = con.execute(
        f"select count(*), count(distinct article_id) from read_parquet('{out}/*.parquet')"
    ).fetchall()
    assert rows == [(30, 30)]
    record = con.execute(f"select record from read_parquet('{out}/*.parquet') limit 1").fetchall()[0][0]
    assert json.loads(record)["schema_version"] == 1
    assert not (tmp_path / "unused.db").exists()


def test_the_store_opens_in_datasette(tmp_path):
    import asyncio

    from datasette.app import Datasette

    db = tmp_path / "news.db"
    run("ingest", str(EXAMPLES), "--db", str(db), "--quiet")

    async def query() -> tuple[int, list[dict]]:
        ds = Datasette([str(db)])
        articles = await ds.client.get("/news/articles.json?_shape=array&_size=100")
        sql = "select status, count(*) as n from events group by status order by status"
        statuses = await ds.client.get("/news.json", params={"sql": sql, "_shape": "array"})
        return len(articles.json()), statuses.json()

    n_articles, statuses = asyncio.run(query())
    assert n_articles == 18
    with sqlite3.connect(db) as conn:
        expected = conn.execute(
            "select status, count(*) from events group by status order by status"
        ).fetchall()
    assert [(row["status"], row["n"]) for row in statuses] == expected
