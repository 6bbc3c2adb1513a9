"""`newstrace ingest`: sources in, records kept in the store, each article exactly once.

The flow is one way: read (files, URLs, feeds, WARC) -> prepare (HTML to text, language) ->
look the text up in the store (a text already stored only gains a copy: no parsing) -> analyse
the new ones (in `jobs` processes) -> store each record in its own transaction. Killing the
process at any point loses at most the articles in flight; running the same command again
stores exactly those, because everything already stored is recognised before it is parsed.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newstrace.analysis import DEFAULT_BATCH, analyze_prepared, prepare
from newstrace.ingest.article import ArticleInput, InputError, Skipped
from newstrace.ingest.files import DEFAULT_MAX_BYTES, read_inputs
from newstrace.record import Article, Record
from newstrace.store import CopyMeta, Store


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


@dataclass
class IngestOptions:
    sources: list[str]  # files, directories, WARC files, page URLs
    feeds: list[str] = field(default_factory=list)
    jobs: int = 1
    batch_size: int = DEFAULT_BATCH
    max_bytes: int = DEFAULT_MAX_BYTES
    allow_private: bool = False
    respect_robots: bool = True
    timeout: float = 20.0
    attribution: str | None = None  # attribution model; None: the process setting


@dataclass
class IngestSummary:
    stored: int = 0  # new articles analysed and stored
    duplicates: int = 0  # same text as a stored article: a new copy (URL/outlet) recorded
    unchanged: int = 0  # already in the store exactly so (re-ingest)
    near_duplicates: int = 0  # stored articles linked to a near-duplicate
    skipped: list[Skipped] = field(default_factory=list)

    def count(self, kind: str) -> None:
        """One more input settled as `kind`: 'stored', 'duplicates' or 'unchanged'."""
        setattr(self, kind, getattr(self, kind) + 1)

    def counts(self) -> str:
        return (
            f"stored {self.stored}, duplicates {self.duplicates}, unchanged {self.unchanged}, "
            f"near-duplicates linked {self.near_duplicates}"
        )


@dataclass
class _Pending:
    """What travels beside an article through analysis: where it came from."""

    meta: CopyMeta
    url_key: str | None  # the URL asked for, marked as seen once stored


def copy_meta(article: Article, item: ArticleInput) -> CopyMeta:
    return CopyMeta(
        url=article.url,
        outlet=article.outlet,
        title=article.title,
        published=article.published,
        origin=item.origin,
        fetched_at=item.fetched_at,
    )


# How each outcome is remembered for a fetched URL, so a re-run does not fetch it again.
_URL_STATUS = {"stored": "stored", "duplicates": "duplicate", "unchanged": "unchanged"}


def add_known_copy(store: Store, text: str, meta: CopyMeta, summary: IngestSummary) -> str | None:
    """When the store already holds `text`, record this copy of it and return the outcome
    ('duplicates' for a new copy, 'unchanged' for a known one); None when the text is new."""
    existing = store.find_text(store.text_key(text))
    if existing is None:
        return None
    kind = "duplicates" if store.add_copy(existing, meta) else "unchanged"
    summary.count(kind)
    return kind


def add_new_record(store: Store, record: Record, meta: CopyMeta, summary: IngestSummary) -> str:
    """Store an analysed record (its text may have been stored meanwhile: then only a copy)."""
    result = store.add_record(record, meta)
    kind = "stored" if result.stored else "duplicates"
    summary.count(kind)
    summary.near_duplicates += result.stored and bool(result.near_duplicates)
    return kind


class IngestJob:
    """One run of `newstrace ingest` against one store."""

    def __init__(
        self,
        store: Store,
        options: IngestOptions,
        on_done: Callable[[], None] = lambda: None,
        on_skip: Callable[[Skipped], None] = lambda _item: None,
    ):
        self.store = store
        self.options = options
        self.summary = IngestSummary()
        self.on_done = on_done  # called once per input settled (stored, duplicate, skipped...)
        self.on_skip = on_skip
        self._pending: deque[_Pending] = deque()

    # -- reading -------------------------------------------------------------------------
    def inputs(self) -> Iterator[ArticleInput | Skipped]:
        files = [s for s in self.options.sources if not is_url(s)]
        urls = [s for s in self.options.sources if is_url(s)]
        if files:
            yield from read_inputs(files, self.options.max_bytes)
        if urls or self.options.feeds:
            yield from self._web_inputs(urls)

    def _web_inputs(self, urls: list[str]) -> Iterator[ArticleInput | Skipped]:
        from newstrace.ingest.feeds import iter_feed_articles, poll_feed
        from newstrace.ingest.web import FetchPolicy, fetch_url, make_client

        policy = FetchPolicy(
            timeout=self.options.timeout,
            max_bytes=self.options.max_bytes,
            respect_robots=self.options.respect_robots,
            allow_private=self.options.allow_private,
        )
        with make_client(policy) as client:
            for url in urls:
                if self.store.url_seen(url):
                    self._count("unchanged")
                else:
                    yield fetch_url(url, client, policy)
            for feed in self.options.feeds:
                poll = poll_feed(feed, client, policy, self.store.feed_state(feed))
                if poll.error is not None:
                    yield poll.error
                    continue
                yield from iter_feed_articles(poll, client, policy, self.store.url_seen)
                # Saved only once every entry was read, so a crash mid-feed re-polls in full.
                self.store.set_feed_state(feed, poll.state)

    # -- the run -------------------------------------------------------------------------
    def run(self) -> IngestSummary:
        records = analyze_prepared(
            self._new_articles(self.inputs()), self.options.jobs, self.options.batch_size
        )
        for record in records:  # only new articles reach analysis, in the order they were queued
            self._store(record, self._pending.popleft())
        return self.summary

    def _new_articles(self, items: Iterable[ArticleInput | Skipped]) -> Iterator[Article]:
        """Prepare each input; texts the store already holds are settled here, without parsing."""
        for item in items:
            if isinstance(item, Skipped):
                self._skip(item)
                continue
            try:
                article = prepare(item)
            except InputError as exc:
                self._skip(Skipped(item.origin, str(exc)))
                continue
            meta = copy_meta(article, item)
            url_key = item.origin if is_url(item.origin) else None
            known = add_known_copy(self.store, article.text, meta, self.summary)
            if known is not None:
                self._settled(url_key, known)
                continue
            self._pending.append(_Pending(meta, url_key))
            yield article

    def _store(self, record: Record, pending: _Pending) -> None:
        self._settled(pending.url_key, add_new_record(self.store, record, pending.meta, self.summary))

    def _settled(self, url: str | None, kind: str) -> None:
        if url is not None:
            self.store.mark_url(url, _URL_STATUS[kind])
        self.on_done()

    def _skip(self, item: Skipped) -> None:
        self.summary.skipped.append(item)
        self.on_skip(item)
        self.on_done()

    def _count(self, kind: str) -> None:
        self.summary.count(kind)
        self.on_done()


def ingest(db: Path | str, options: IngestOptions) -> IngestSummary:
    """Ingest `options.sources` into the store at `db` (created if missing)."""
    with Store(db) as store:
        return IngestJob(store, options).run()
