"""Paths (files, directories, `-` for stdin) to ArticleInputs, or Skipped with the reason.

Nothing here raises for a bad input: every problem becomes a `Skipped` item in the stream,
in input order, so a batch goes on and the caller can list what was skipped.
"""

from __future__ import annotations

import gzip
import json
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

from newstrace.ingest.article import ArticleInput, InputError, Skipped
from newstrace.ingest.decode import decode_bytes

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
WARC_SUFFIXES = {".warc"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | WARC_SUFFIXES
GZIP_SUFFIX = ".gz"
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
_GZIP_CHUNK = 64 * 1024
STDIN = "-"

ARTICLE_FIELDS = ("id", "text", "html", "url", "outlet", "title", "published", "authors")

Item = ArticleInput | Skipped


def expand_paths(paths: list[str]) -> Iterator[Path | str | Skipped]:
    """Files in the order given; a directory's supported files (also gzipped) sorted by path."""
    for raw in paths:
        if raw == STDIN:
            yield STDIN
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and file_kind(p) is not None)
            if not found:
                yield Skipped(raw, "directory holds no .txt, .html, .json or .jsonl files")
            yield from found
        elif path.is_file():
            yield path
        elif path.exists():
            yield Skipped(raw, "not a regular file")
        else:
            yield Skipped(raw, "no such file or directory")


def read_inputs(paths: list[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    for entry in expand_paths(paths):
        if isinstance(entry, Skipped):
            yield entry
        elif entry == STDIN:
            yield from _read_stream("<stdin>", sys.stdin.buffer.read(max_bytes + 1), max_bytes, kind=None)
        else:
            yield from _read_file(entry, max_bytes)


def _read_file(path: Path, max_bytes: int) -> Iterator[Item]:
    kind = file_kind(path)
    if kind == "warc":
        from newstrace.ingest.warc import read_warc  # warcio is only needed for archives

        yield from read_warc(path, max_bytes)
        return
    if kind == "jsonl":
        yield from _read_jsonl_file(path, max_bytes)
        return
    if path.suffix.lower() == GZIP_SUFFIX:
        yield from _read_gzip(path, max_bytes, kind)
        return
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            limit = human_size(max_bytes)
            yield Skipped(origin, f"file is {human_size(size)}, over the {limit} limit (--max-size)")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Skipped(origin, f"cannot read: {exc.strerror or exc}")
        return
    yield from _read_stream(origin, data, max_bytes, kind=kind)


def _read_jsonl_file(path: Path, max_bytes: int) -> Iterator[Item]:
    """A JSONL file (or .jsonl.gz) is streamed line by line: it may hold millions of articles, so
    --max-size applies to each line, and memory stays flat whatever the file's size."""
    origin = str(path)
    opener = gzip.open if path.suffix.lower() == GZIP_SUFFIX else open
    try:
        with opener(path, "rb") as stream:
            yield from _jsonl_lines(origin, stream, max_bytes)
    except OSError as exc:
        yield Skipped(origin, f"cannot read: {exc.strerror or exc}")
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        message = str(exc) or type(exc).__name__
        yield Skipped(origin, f"corrupt gzip: {message[:1].lower() + message[1:]}")


def read_jsonl_range(path: Path, start: int, end: int, max_bytes: int) -> Iterator[Item]:
    """The lines of a plain JSONL file that begin in the byte range [start, end), so a large
    file can be split among workers; origins keep the file's own line numbers."""
    origin = str(path)
    try:
        with open(path, "rb") as stream:
            if start > 0:
                stream.seek(start - 1)
                stream.readline()  # the line under way at `start` belongs to the previous range
            number = _count_newlines(path, stream.tell())
            yield from _jsonl_lines(origin, stream, max_bytes, first_number=number, stop=end)
    except OSError as exc:
        yield Skipped(origin, f"cannot read: {exc.strerror or exc}")


def _count_newlines(path: Path, upto: int) -> int:
    count = 0
    with open(path, "rb") as stream:
        while upto > 0 and (chunk := stream.read(min(upto, 1 << 20))):
            count += chunk.count(b"\n")
            upto -= len(chunk)
    return count


def _jsonl_lines(
    origin: str, stream, max_bytes: int, first_number: int = 0, stop: int | None = None
) -> Iterator[Item]:
    number = first_number
    while (stop is None or stream.tell() < stop) and (line := stream.readline(max_bytes + 1)):
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := stream.readline(_GZIP_CHUNK)) and not rest.endswith(b"\n"):
                pass  # skip the remainder of the over-long line without holding it
            limit = human_size(max_bytes)
            yield Skipped(f"{origin}:{number}", f"line is over the {limit} limit (--max-size)")
            continue
        if not line.strip():
            continue
        try:
            text = line.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            yield Skipped(f"{origin}:{number}", "line is not UTF-8 (JSON Lines must be UTF-8)")
            continue
        yield _parse_json_object(f"{origin}:{number}", text)


def file_kind(path: Path) -> str | None:
    """'text', 'html', 'json', 'jsonl' or 'warc' from the suffix; `a.jsonl.gz` is 'jsonl'."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes[-1:] == [GZIP_SUFFIX]:
        suffixes.pop()
    suffix = suffixes[-1] if suffixes else ""
    for kind, known in (
        ("text", TEXT_SUFFIXES),
        ("html", HTML_SUFFIXES),
        ("json", JSON_SUFFIXES),
        ("jsonl", JSONL_SUFFIXES),
        ("warc", WARC_SUFFIXES),
    ):
        if suffix in known:
            return kind
    return None


def _read_gzip(path: Path, max_bytes: int, kind: str | None) -> Iterator[Item]:
    """A gzipped file: its decompressed size counts against max_bytes. From a damaged .jsonl.gz the
    complete lines before the damage are still read."""
    origin = str(path)
    try:
        data, damage = gunzip_capped(path, max_bytes)
    except OSError as exc:
        yield Skipped(origin, f"cannot read: {exc.strerror or exc}")
        return
    if len(data) > max_bytes:
        yield Skipped(origin, f"decompressed size is over the {human_size(max_bytes)} limit (--max-size)")
        return
    if damage is None:
        yield from _read_stream(origin, data, max_bytes, kind)
        return
    if kind == "jsonl":
        complete = data[: data.rfind(b"\n") + 1]  # the last line is cut short by the damage
        if complete.strip():
            yield from _read_stream(origin, complete, max_bytes, kind)
    yield Skipped(origin, f"corrupt gzip: {damage}")


def gunzip_capped(path: Path, max_bytes: int) -> tuple[bytes, str | None]:
    """Decompress up to a little past max_bytes (so a gzip bomb is never inflated in memory).

    Returns the bytes read and, when the stream is truncated or corrupt, what is wrong with it;
    the bytes are then what came before the damage. Raises OSError when the file cannot be opened.
    """
    chunks: list[bytes] = []
    size = 0
    with gzip.open(path, "rb") as stream:
        try:
            # read1 inflates at most one chunk per call, so the cap bounds the memory used.
            while size <= max_bytes and (chunk := stream.read1(_GZIP_CHUNK)):
                chunks.append(chunk)
                size += len(chunk)
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            message = str(exc) or type(exc).__name__
            return b"".join(chunks), message[:1].lower() + message[1:]
    return b"".join(chunks), None


def _read_stream(origin: str, data: bytes, max_bytes: int, kind: str | None) -> Iterator[Item]:
    if len(data) > max_bytes:
        yield Skipped(origin, f"input is over the {human_size(max_bytes)} limit (--max-size)")
        return
    try:
        text = decode_bytes(data)
    except InputError as exc:
        yield Skipped(origin, str(exc))
        return
    kind = kind or sniff_kind(text)
    if kind == "jsonl":
        yield from parse_jsonl(origin, text)
    elif kind == "json":
        yield _parse_json_object(origin, text)
    elif kind == "html":
        yield ArticleInput(origin=origin, html=text)
    else:
        yield ArticleInput(origin=origin, text=text)


def sniff_kind(text: str) -> str:
    """Guess the format of unnamed input (stdin) from its first characters."""
    head = text.lstrip()[:512].lower()
    if head.startswith("{"):
        first_line = text.lstrip().split("\n", 1)[0]
        try:
            json.loads(first_line)
        except ValueError:
            return "json"
        return "jsonl" if "\n" in text.strip() else "json"
    if head.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in head:
        return "html"
    return "text"


def parse_jsonl(origin: str, text: str) -> Iterator[Item]:
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            yield _parse_json_object(f"{origin}:{number}", line)


def _parse_json_object(origin: str, text: str) -> Item:
    try:
        obj = json.loads(text)
    except ValueError as exc:
        return Skipped(origin, f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
    try:
        return article_from_object(origin, obj)
    except InputError as exc:
        return Skipped(origin, str(exc))


def article_from_object(origin: str, obj: object) -> ArticleInput:
    """Validate an article object: {"id", "text" | "html", "url", "outlet", "title", ...}."""
    if not isinstance(obj, dict):
        raise InputError(f"expected a JSON object, got {type(obj).__name__}")
    text, html = obj.get("text"), obj.get("html")
    if not any(isinstance(v, str) and v.strip() for v in (text, html)):
        raise InputError('article object has no "text" or "html"')
    fields: dict = {}
    for name in ("id", "url", "outlet", "title", "published"):
        value = obj.get(name)
        if value is not None and not isinstance(value, str | int):
            raise InputError(f'"{name}" must be a string')
        fields[name] = None if value is None else str(value)
    authors = obj.get("authors") or []
    if isinstance(authors, str):
        authors = [authors]
    if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
        raise InputError('"authors" must be a list of strings')
    return ArticleInput(
        origin=origin,
        text=text if isinstance(text, str) and text.strip() else None,
        html=html if isinstance(html, str) and html.strip() else None,
        authors=authors,
        **fields,
    )


def count_articles(paths: list[str]) -> int | None:
    """Cheap upper bound on the articles in `paths`, for a progress bar; None when unknown (stdin)."""
    total = 0
    for entry in expand_paths(paths):
        if entry == STDIN:
            return None
        if isinstance(entry, Path):
            kind = file_kind(entry)
            if kind == "warc":
                return None  # counting an archive's pages means reading all of it
            total += _count_lines(entry) if kind == "jsonl" else 1
    return total


def _count_lines(path: Path) -> int:
    opener = gzip.open if path.suffix.lower() == GZIP_SUFFIX else open
    count = 0
    try:
        with opener(path, "rb") as handle:
            count = sum(1 for line in handle if line.strip())
    except (OSError, EOFError, zlib.error):
        pass  # a damaged file still yields what it can and one Skipped
    return max(count, 1)


def parse_size(value: str) -> int:
    """'5MB', '500k', '1048576' -> bytes."""
    units = {"": 1, "b": 1, "k": 1024, "kb": 1024, "m": 1024**2, "mb": 1024**2, "g": 1024**3, "gb": 1024**3}
    text = value.strip().lower()
    number = text.rstrip("kmgb")
    unit = text[len(number) :]
    if unit not in units:
        raise ValueError(f"unknown size unit in {value!r}")
    return int(float(number) * units[unit])


def human_size(size: int) -> str:
    """1536 -> '1.5 KB'; 5242880 -> '5 MB'."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}".replace(".0 ", " ")
    return f"{size} B"
