"""Bytes to text: UTF-8 first, otherwise the encoding charset-normalizer detects."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from newstrace.ingest.article import InputError

# A text file has next to no control characters; a binary file is full of them.
_CONTROL = frozenset(range(0, 32)) - {9, 10, 12, 13}
_MAX_CONTROL_SHARE = 0.01


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if sample.startswith(_UTF16_BOMS):
        return False  # UTF-16 text is full of NUL bytes; charset-normalizer decodes it
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b in _CONTROL)
    return control > _MAX_CONTROL_SHARE * max(len(sample), 1)


def decode_bytes(data: bytes) -> str:
    """Decode article bytes; raise InputError for empty or binary input."""
    if not data.strip():
        raise InputError("empty input")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _detect_and_decode(data)
    else:
        if looks_binary(data):
            raise InputError("binary data, not text")
    return normalize_newlines(text)


def _detect_and_decode(data: bytes) -> str:
    if looks_binary(data):
        raise InputError("binary data, not text")
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise InputError("not text in any encoding that could be detected")
    return str(best)


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# What counts as a page to extract an article from, by media type (web fetches and WARC records).
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})

# Browsers (WHATWG Encoding) read these labels as windows-1252, and so do pages that declare them.
_AS_CP1252 = frozenset({"ascii", "iso8859-1"})
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# The HTML spec looks for <meta charset> in the first 1024 bytes; real pages put it a little later.
_META_SCAN_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


def parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    """'text/html; charset="UTF-8"' -> ('text/html', 'UTF-8'); (None, None) when absent."""
    if not value or not value.strip():
        return None, None
    media, *params = value.split(";")
    charset = None
    for param in params:
        name, _, val = param.partition("=")
        if name.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return media.strip().lower() or None, charset


def meta_charset(data: bytes) -> str | None:
    """The charset a page declares in <meta charset> or <meta http-equiv="Content-Type">."""
    match = _META_CHARSET.search(data[:_META_SCAN_BYTES])
    return match.group(1).decode("ascii", "replace") if match else None


def decode_declared(data: bytes, charset: str | None) -> str:
    """Decode a web page: its BOM, else the charset declared in the header, else in a <meta>,
    else as `decode_bytes` does (UTF-8, then detection). Raise InputError for empty or binary data.

    A declared charset that cannot decode the bytes is a wrong declaration: the next source wins.
    """
    if not data.strip():
        raise InputError("empty input")
    declared = [codec for prefix, codec in _BOMS if data.startswith(prefix)][:1]
    for codec in [*declared, _codec(charset), _codec(meta_charset(data))]:
        if codec is None:
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _control_share_too_high(text):
            raise InputError("binary data, not text")
        return normalize_newlines(text.removeprefix("\ufeff"))
    return decode_bytes(data)


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "cp1252" if name in _AS_CP1252 else name


def _control_share_too_high(text: str) -> bool:
    sample = text[:8192]
    if "\x00" in sample:
        return True
    control = sum(1 for ch in sample if ord(ch) in _CONTROL)
    return control > _MAX_CONTROL_SHARE * max(len(sample), 1)
