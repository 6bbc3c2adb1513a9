"""WARC archives (.warc, .warc.gz) to ArticleInputs: each archived HTML page is one input.

Only `response` records with HTTP status 200 and an HTML content type are articles; every other
record (images, scripts, redirects, 404 pages, requests, metadata) is passed over silently.
warcio reads a cut-short archive without complaint, so each record is checked to be complete:
the pages before the damage are yielded, then one Skipped("corrupt WARC after N records: ...").
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader
from warcio.recordloader import ArcWarcRecord

from newstrace.ingest.article import ArticleInput, InputError, Skipped
from newstrace.ingest.decode import HTML_TYPES, decode_declared, parse_content_type
from newstrace.ingest.files import human_size

_CHUNK = 64 * 1024


class _QuietArchiveIterator(ArchiveIterator):
    # warcio prints a warning to stderr when a record's Content-Length is off by a few bytes (it
    # recovers); stderr belongs to the CLI's "skipped ..." lines.
    INC_RECORD = ""


class _Damaged(Exception):
    """The archive cannot be read past this point."""


def read_warc(path: Path | str, max_bytes: int) -> Iterator[ArticleInput | Skipped]:
    """The HTML pages archived in `path`, in order, with origin `path#OFFSET` (the record's offset)."""
    name = str(path)
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, after the generator is done
    except OSError as exc:
        yield Skipped(name, f"cannot read: {exc.strerror or exc}")
        return
    with handle:
        yield from _read_records(name, handle, max_bytes)


def _read_records(name: str, handle: BinaryIO, max_bytes: int) -> Iterator[ArticleInput | Skipped]:
    records = _QuietArchiveIterator(handle)
    count = pages = 0
    while True:
        try:
            record = next(records, None)
            if record is None:
                _check_consumed(records, handle)
                break
            item = _record_item(name, records, record, max_bytes)
        except Exception as exc:  # warcio reports damage with many types (zlib, parser, EOF, ...)
            yield Skipped(name, f"corrupt WARC after {count} records: {_describe(exc, records)}")
            return
        count += 1
        if item is not None:
            pages += 1
            yield item
    if pages == 0:
        yield Skipped(name, f"no HTML pages in the WARC ({count} records)")


def _record_item(
    name: str, records: ArchiveIterator, record: ArcWarcRecord, max_bytes: int
) -> ArticleInput | Skipped | None:
    """The page in `record`, a Skipped for a page that cannot be used, or None if it is no page."""
    declared = (record.rec_headers.get_header("Content-Length") or "").strip()
    # A header block cut short parses as a record without a type or a (whole) length.
    if record.rec_type is None or not declared.isdigit() or not isinstance(record.raw_stream, LimitReader):
        raise _Damaged("a record without WARC-Type or Content-Length")
    page = _is_page(record)
    body = record.content_stream().read(max_bytes + 1) if page else b""
    _drain(record)
    if not page:
        return None
    origin = f"{name}#{records.get_record_offset()}"
    if len(body) > max_bytes:
        return Skipped(origin, f"record is over the {human_size(max_bytes)} limit (--max-size)")
    _, charset = parse_content_type(record.http_headers.get_header("Content-Type"))
    try:
        html = decode_declared(body, charset)
    except InputError as exc:
        return Skipped(origin, str(exc))
    return ArticleInput(
        origin=origin,
        html=html,
        url=record.rec_headers.get_header("WARC-Target-URI"),
        fetched_at=record.rec_headers.get_header("WARC-Date"),
    )


def _is_page(record: ArcWarcRecord) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    media, _ = parse_content_type(record.http_headers.get_header("Content-Type"))
    return record.http_headers.get_statuscode() == "200" and media in HTML_TYPES


def _drain(record: ArcWarcRecord) -> None:
    """Read the record to its end; raise _Damaged if the file ends first."""
    raw = record.raw_stream
    while raw.read(_CHUNK):
        pass
    if raw.limit > 0:
        raise _Damaged(f"record cut short ({raw.limit} bytes missing)")


def _check_consumed(records: ArchiveIterator, handle: BinaryIO) -> None:
    """warcio stops silently at a gzip member it cannot inflate; the end of the last record read
    (`offset`, where the next one would start) must then be the end of the file."""
    end = getattr(records, "offset", None)
    size = os.fstat(handle.fileno()).st_size
    if end is not None and end < size:
        raise _Damaged(f"unreadable data at offset {end}")


def _describe(exc: Exception, records: ArchiveIterator) -> str:
    if isinstance(exc, _Damaged):
        return str(exc)
    # warcio's own messages quote raw bytes or its internals; the offset is what helps.
    what = "not a WARC record" if isinstance(exc, ArchiveLoadFailed) else "unreadable record"
    return f"{what} at offset {getattr(records, 'offset', '?')}"
