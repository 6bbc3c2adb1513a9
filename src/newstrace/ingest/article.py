"""What ingest hands to analysis: raw article input, or the reason an input was skipped."""

from __future__ import annotations

from dataclasses import dataclass, field


class InputError(Exception):
    """An input that cannot be analysed; the message is the one-line reason shown to the user."""


@dataclass
class ArticleInput:
    """One article as read, before HTML extraction and language detection.

    `origin` names where it came from (a path, `path:LINE` for JSONL, `<stdin>`, the URL asked for,
    `file.warc.gz#OFFSET`), for messages.
    """

    origin: str
    text: str | None = None
    html: str | None = None
    id: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    # When the page was fetched (ISO 8601): the WARC-Date of an archived page, or the time of a live fetch.
    fetched_at: str | None = None


@dataclass
class Skipped:
    origin: str
    reason: str
