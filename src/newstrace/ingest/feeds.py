"""RSS and Atom feeds: poll with a conditional GET, then fetch the entries not yet seen.

Feeds are fetched by `web.fetch` (same size, address and robots.txt checks as pages) and parsed
by feedparser from the bytes fetched: feedparser itself never touches the network.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import feedparser
import httpx

from newstrace.ingest.article import ArticleInput, Skipped
from newstrace.ingest.decode import HTML_TYPES, parse_content_type
from newstrace.ingest.web import NOT_MODIFIED, Fetched, FetchPolicy, fetch, fetch_url

FEED_ACCEPT = "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5"


@dataclass
class FeedEntry:
    link: str  # absolute http(s) URL of the article
    title: str | None = None
    published: str | None = None  # ISO 8601, UTC
    id: str | None = None


@dataclass
class FeedPoll:
    """One poll of a feed. `state` (etag, last_modified) is what to pass to the next poll."""

    entries: list[FeedEntry] = field(default_factory=list)
    state: dict = field(default_factory=dict)
    not_modified: bool = False  # the server answered 304: nothing new since `state`
    error: Skipped | None = None  # the feed could not be read; entries is empty


def poll_feed(
    feed_url: str, client: httpx.Client, policy: FetchPolicy, state: dict | None = None
) -> FeedPoll:
    """Fetch and parse a feed; with the `state` of an earlier poll, a 304 yields no entries."""
    state = dict(state or {})
    got = fetch(feed_url, client, policy, headers=_request_headers(state), what="feed")
    if isinstance(got, Skipped):
        return FeedPoll(state=state, error=got)
    state = _next_state(state, got.headers)
    if got.status == NOT_MODIFIED:
        return FeedPoll(state=state, not_modified=True)
    parsed = feedparser.parse(
        io.BytesIO(got.body),  # a stream, so feedparser neither fetches a URL nor opens a path
        response_headers={
            "content-type": got.headers.get("content-type", ""),
            "content-location": got.url,  # base for relative links
        },
    )
    if not parsed.entries and not parsed.version:
        return FeedPoll(state=state, error=Skipped(feed_url, f"not a feed: {_not_a_feed(got, parsed)}"))
    entries = [e for e in (_entry(raw, got.url) for raw in parsed.entries) if e is not None]
    return FeedPoll(entries=entries, state=state)


def iter_feed_articles(
    poll: FeedPoll, client: httpx.Client, policy: FetchPolicy, seen: Callable[[str], bool]
) -> Iterator[ArticleInput | Skipped]:
    """Fetch each entry's page whose link is not `seen` (poll.error is not repeated here).

    The entry's title and date fill in what the page does not declare itself.
    """
    fetched: set[str] = set()
    for entry in poll.entries:
        if entry.link in fetched or seen(entry.link):
            continue
        fetched.add(entry.link)
        item = fetch_url(entry.link, client, policy)
        if isinstance(item, ArticleInput):
            _fill_from_entry(item, entry)
        yield item


def _request_headers(state: dict) -> dict[str, str]:
    headers = {"Accept": FEED_ACCEPT}
    if state.get("etag"):
        headers["If-None-Match"] = state["etag"]
    if state.get("last_modified"):
        headers["If-Modified-Since"] = state["last_modified"]
    return headers


def _next_state(state: dict, headers: httpx.Headers) -> dict:
    """The validators to send next time; a 304 may omit them, and then the old ones still hold."""
    new = {"etag": headers.get("etag"), "last_modified": headers.get("last-modified")}
    return {**state, **{k: v for k, v in new.items() if v}}


def _not_a_feed(got: Fetched, parsed: feedparser.FeedParserDict) -> str:
    media, _ = parse_content_type(got.headers.get("content-type"))
    if media in HTML_TYPES or got.body.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        return f"got an HTML page ({media or 'no content type'})"
    if parsed.get("bozo_exception") is not None:
        return " ".join(str(parsed.bozo_exception).split()) or "unreadable XML"
    return "no RSS or Atom content"


def _entry(raw: feedparser.FeedParserDict, base: str) -> FeedEntry | None:
    """A FeedEntry, or None for an entry without an http(s) link (nothing to fetch)."""
    link = raw.get("link")
    if not link:
        return None
    link = urljoin(base, link.strip())
    if urlsplit(link).scheme not in ("http", "https"):
        return None
    return FeedEntry(link=link, title=raw.get("title") or None, published=_iso(raw), id=raw.get("id") or None)


def _iso(raw: feedparser.FeedParserDict) -> str | None:
    stamp: time.struct_time | None = raw.get("published_parsed") or raw.get("updated_parsed")
    if stamp is None:
        return None
    return datetime(*stamp[:6], tzinfo=UTC).isoformat()  # feedparser normalises dates to UTC


def _fill_from_entry(item: ArticleInput, entry: FeedEntry) -> None:
    """Set title/published from the feed where the page lacks them.

    analysis.prepare() lets given fields win over what the page declares, so a field is set here
    only when the page's own metadata does not have it.
    """
    page_title, page_date = _page_metadata(item)
    if not page_title:
        item.title = entry.title
    if not page_date:
        item.published = entry.published


def _page_metadata(item: ArticleInput) -> tuple[str | None, str | None]:
    if item.html is None:
        return None, None  # a text/plain page declares nothing
    import trafilatura  # slow to import; only needed once a page arrives

    try:
        meta = trafilatura.extract_metadata(item.html, default_url=item.url)
    except Exception:  # metadata is a nicety; an odd page must not stop the feed
        return None, None
    return (meta.title, meta.date) if meta is not None else (None, None)
