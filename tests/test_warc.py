"""WARC archives: archived HTML pages become articles; the rest is passed over; damage is reported once."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newstrace.ingest.article import ArticleInput, Skipped
from newstrace.ingest.files import read_inputs
from newstrace.ingest.warc import read_warc

PAGE_ONE = (
    "<html><head><title>One</title></head><body><p>The navy said three boats were struck.</p></body></html>"
)
PAGE_TWO = (
    "<html><body><p>Officials in Harbor City denied the report on Monday, café owners said.</p></body></html>"
)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4

# (target URI, HTTP status line, content type, body, WARC-Date)
RECORDS = [
    (
        "https://example.org/one",
        "200 OK",
        "text/html; charset=utf-8",
        PAGE_ONE.encode(),
        "2026-11-10T09:00:00Z",
    ),
    ("https://example.org/logo.png", "200 OK", "image/png", PNG, "2026-11-10T09:00:01Z"),
    (
        "https://example.org/gone",
        "404 Not Found",
        "text/html",
        b"<html>Not found</html>",
        "2026-11-10T09:00:02Z",
    ),
    (
        "https://example.org/two",
        "200 OK",
        "text/html; charset=windows-1252",
        PAGE_TWO.encode("cp1252"),
        "2026-11-10T09:00:03Z",
    ),
]


def write_warc(path: Path, records=RECORDS, gzip: bool = True) -> list[int]:
    """Write `records` as WARC response records; return each record's start offset."""
    offsets = []
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        for number, (uri, status, content_type, body, date) in enumerate(records):
            offsets.append(handle.tell())
            http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri,
                "response",
                payload=io.BytesIO(body),
                http_headers=http,
                warc_headers_dict={
                    "WARC-Date": date,
                    "WARC-Record-ID": f"<urn:uuid:00000000-0000-0000-0000-{number:012d}>",
                },
            )
            writer.write_record(record)
    return offsets


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_html_responses_become_articles_and_the_rest_is_ignored(tmp_path, name):
    path = tmp_path / name
    offsets = write_warc(path, gzip=name.endswith(".gz"))
    items = list(read_warc(path, max_bytes=1024 * 1024))
    assert items == [
        ArticleInput(
            origin=f"{path}#{offsets[0]}",
            html=PAGE_ONE,
            url="https://example.org/one",
            fetched_at="2026-11-10T09:00:00Z",
        ),
        ArticleInput(
            origin=f"{path}#{offsets[3]}",
            html=PAGE_TWO,  # decoded with the charset the HTTP header declares
            url="https://example.org/two",
            fetched_at="2026-11-10T09:00:03Z",
        ),
    ]
    assert items[0].published is None


def test_truncated_warc_gz_yields_earlier_records_then_one_skipped(tmp_path):
    path = tmp_path / "cut.warc.gz"
    offsets = write_warc(path)
    data = path.read_bytes()
    path.write_bytes(data[: offsets[3] + (len(data) - offsets[3]) // 2])  # half of the last record
    items = list(read_warc(path, max_bytes=1024 * 1024))
    assert [type(i).__name__ for i in items] == ["ArticleInput", "Skipped"]
    assert items[0].url == "https://example.org/one"
    assert items[1].origin == str(path)
    assert items[1].reason.startswith("corrupt WARC after 3 records: ")


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_a_cut_anywhere_never_raises_nor_yields_a_partial_page(tmp_path, gzip):
    path = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    write_warc(path, gzip=gzip)
    data = path.read_bytes()
    whole = [i for i in read_warc(path, 1024 * 1024) if isinstance(i, ArticleInput)]
    for cut in range(1, len(data), 7 if gzip else 37):
        path.write_bytes(data[:cut])
        items = list(read_warc(path, 1024 * 1024))
        pages = [i for i in items if isinstance(i, ArticleInput)]
        assert pages == whole[: len(pages)], cut
        # Every cut is reported, except one that falls between records or in a gzip member's
        # trailer: then no data is lost and the archive reads as a shorter, valid one.
        assert all(isinstance(i, ArticleInput) for i in items[:-1]), cut


def test_record_over_the_size_limit_is_skipped(tmp_path):
    path = tmp_path / "big.warc.gz"
    big = b"<html><body>" + b"<p>word</p>" * 200 + b"</body></html>"
    offsets = write_warc(
        path, [("https://example.org/big", "200 OK", "text/html", big, "2026-11-10T09:00:00Z")]
    )
    assert list(read_warc(path, max_bytes=1024)) == [
        Skipped(f"{path}#{offsets[0]}", "record is over the 1 KB limit (--max-size)")
    ]


def test_warc_without_pages_says_so(tmp_path):
    path = tmp_path / "images.warc.gz"
    write_warc(path, [RECORDS[1]])
    assert list(read_warc(path, 1024 * 1024)) == [Skipped(str(path), "no HTML pages in the WARC (1 records)")]


def test_not_a_warc(tmp_path):
    path = tmp_path / "page.warc"
    path.write_text("<html><body>not an archive</body></html>")
    assert list(read_warc(path, 1024 * 1024)) == [
        Skipped(str(path), "corrupt WARC after 0 records: not a WARC record at offset 0")
    ]


def test_warc_files_are_read_from_directories_and_paths(tmp_path):
    write_warc(tmp_path / "a.warc.gz")
    write_warc(tmp_path / "b.warc", gzip=False)
    (tmp_path / "notes.csv").write_text("x")
    urls = [i.url for i in read_inputs([str(tmp_path)])]
    assert urls == ["https://example.org/one", "https://example.org/two"] * 2
    [first, _] = read_inputs([str(tmp_path / "b.warc")])
    assert first.origin == f"{tmp_path / 'b.warc'}#0"
