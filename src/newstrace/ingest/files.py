"""Paths (files, directories, `-` for stdin) to ArticleInputs, or Skipped with the reason.

Nothing here raises for a bad input: every problem becomes a `Skipped` item in the stream,
in input order, so a batch goes on and the caller can list what was skipped.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

from newstrace.ingest.article import ArticleInput, InputError, Skipped
from newstrace.ingest.decode import decode_bytes

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
STDIN = "-"

ARTICLE_FIELDS = ("id", "text", "html", "url", "outlet", "title", "published", "authors")

Item = ArticleInput | Skipped


def expand_paths(paths: list[str]) -> Iterator[Path | str | Skipped]:
    """Files in the order given; a directory's supported files sorted by path."""
    for raw in paths:
        if raw == STDIN:
            yield STDIN
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
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
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield Skipped(origin, f"file is {_human(size)}, over the {_human(max_bytes)} limit (--max-size)")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Skipped(origin, f"cannot read: {exc.strerror or exc}")
        return
    yield from _read_stream(origin, data, max_bytes, kind=_kind_of(path))


def _kind_of(path: Path) -> str | None:
    suffix = path.suffix.lower()
    for kind, suffixes in (
        ("text", TEXT_SUFFIXES),
        ("html", HTML_SUFFIXES),
        ("json", JSON_SUFFIXES),
        ("jsonl", JSONL_SUFFIXES),
    ):
        if suffix in suffixes:
            return kind
    return None


def _read_stream(origin: str, data: bytes, max_bytes: int, kind: str | None) -> Iterator[Item]:
    if len(data) > max_bytes:
        yield Skipped(origin, f"input is over the {_human(max_bytes)} limit (--max-size)")
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
            if _kind_of(entry) == "jsonl":
                try:
                    with entry.open("rb") as handle:
                        total += sum(1 for line in handle if line.strip())
                except OSError:
                    total += 1
            else:
                total += 1
    return total


def parse_size(value: str) -> int:
    """'5MB', '500k', '1048576' -> bytes."""
    units = {"": 1, "b": 1, "k": 1024, "kb": 1024, "m": 1024**2, "mb": 1024**2, "g": 1024**3, "gb": 1024**3}
    text = value.strip().lower()
    number = text.rstrip("kmgb")
    unit = text[len(number) :]
    if unit not in units:
        raise ValueError(f"unknown size unit in {value!r}")
    return int(float(number) * units[unit])


def _human(size: int) -> str:
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}".replace(".0 ", " ")
    return f"{size} B"
