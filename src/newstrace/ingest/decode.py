"""Bytes to text: UTF-8 first, otherwise the encoding charset-normalizer detects."""

from __future__ import annotations

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
