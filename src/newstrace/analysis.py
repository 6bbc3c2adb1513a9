"""Articles in, records out: preparation (HTML, language, id) and batched, ordered analysis."""

from __future__ import annotations

import hashlib
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import datetime
from itertools import islice

from spacy.language import Language

from newstrace.ingest.article import ArticleInput, InputError, Skipped
from newstrace.ingest.decode import normalize_newlines
from newstrace.ingest.files import article_from_object
from newstrace.ingest.html import extract_html
from newstrace.ingest.language import SKIP_CONFIDENCE, detect_language
from newstrace.nlp.pipeline import shared_pipeline
from newstrace.nlp.to_record import doc_to_record
from newstrace.record import Article, Record

Result = Record | Skipped
DEFAULT_BATCH = 32


def article_id(text: str) -> str:
    """A stable id for an article given without one: the same text always gets the same id."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def normalize_published(value: str | None) -> str | None:
    """Keep ISO dates as given; rewrite other date forms to ISO; drop what is not a date."""
    if not value:
        return None
    text = value.strip()
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
        return text
    except ValueError:
        pass
    import dateparser  # slow to import; only needed for unusual date forms

    parsed = dateparser.parse(text, settings={"RETURN_AS_TIMEZONE_AWARE": False})
    return parsed.isoformat() if parsed else None


_MAX_HEADLINE_CHARS = 200


def headline_of(text: str) -> str | None:
    """A plain-text article's first line is its headline when it is short, unpunctuated and set apart."""
    first, sep, rest = text.partition("\n")
    first = first.strip()
    if not sep or not rest.startswith("\n") or not first or len(first) > _MAX_HEADLINE_CHARS:
        return None
    return None if first.endswith((".", ":", ";", ",", '"', "”")) else first


def prepare(item: ArticleInput) -> Article:
    """Turn raw input into the Article to analyse; raise InputError with the reason to skip it."""
    if item.text is None and item.html is not None:
        extracted = extract_html(item.html, url=item.url)
        text = extracted.text or ""
        meta = extracted
    else:
        text = item.text or ""
        meta = None
    text = normalize_newlines(text).strip("\n")
    if not text.strip():
        raise InputError("empty article text")
    language, prob = detect_language(text)
    if language not in (None, "en") and prob >= SKIP_CONFIDENCE:
        raise InputError(f"language is '{language}' ({prob:.0%} sure), not English")

    def pick(name: str):
        given = getattr(item, name)
        return given if given else (getattr(meta, name) if meta else None)

    return Article(
        id=item.id or article_id(text),
        url=pick("url"),
        outlet=pick("outlet"),
        title=pick("title") or (headline_of(text) if meta is None else None),
        published=normalize_published(pick("published")),
        authors=pick("authors") or [],
        language=language if language == "en" else None,
        text=text,
    )


def _as_input(value: str | dict | ArticleInput) -> ArticleInput:
    if isinstance(value, ArticleInput):
        return value
    if isinstance(value, dict):
        return article_from_object("<object>", value)
    if isinstance(value, str):
        return ArticleInput(origin="<text>", text=value)
    raise TypeError(f"analyze() takes text, an article dict or an ArticleInput, not {type(value).__name__}")


def analyze(value: str | dict | ArticleInput, nlp: Language | None = None) -> Record:
    """Analyse one article. Raises InputError when it cannot be analysed (empty, not English...)."""
    result = next(analyze_batch([_as_input(value)], nlp or shared_pipeline()))
    if isinstance(result, Skipped):
        raise InputError(result.reason)
    return result


def analyze_batch(
    items: Iterable[ArticleInput | Skipped], nlp: Language, batch_size: int = DEFAULT_BATCH
) -> Iterator[Result]:
    """Analyse in input order; inputs that fail preparation come out as Skipped in their place."""
    items = list(items)
    prepared: list[Article | Skipped] = []
    for item in items:
        if isinstance(item, Skipped):
            prepared.append(item)
            continue
        try:
            prepared.append(prepare(item))
        except InputError as exc:
            prepared.append(Skipped(item.origin, str(exc)))
    articles = [p for p in prepared if isinstance(p, Article)]
    docs = []
    for article in articles:
        doc = nlp.make_doc(article.text)
        doc._.published = article.published
        docs.append(doc)
    records = iter(
        doc_to_record(doc, article)
        for doc, article in zip(nlp.pipe(docs, batch_size=batch_size), articles, strict=True)
    )
    for p in prepared:
        yield p if isinstance(p, Skipped) else next(records)


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _worker_batch(chunk: list[ArticleInput | Skipped]) -> list[Result]:
    return list(analyze_batch(chunk, shared_pipeline()))


def _warm_worker() -> None:
    shared_pipeline()


def analyze_stream(
    items: Iterable[ArticleInput | Skipped], jobs: int = 1, batch_size: int = DEFAULT_BATCH
) -> Iterator[Result]:
    """Analyse a stream of inputs, in order, with `jobs` processes; memory stays bounded by a window."""
    if jobs <= 1:
        nlp = shared_pipeline()
        for chunk in _chunks(items, batch_size):
            yield from analyze_batch(chunk, nlp, batch_size)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_warm_worker) as pool:
        window: deque[Future] = deque()
        for chunk in _chunks(items, batch_size):
            window.append(pool.submit(_worker_batch, chunk))
            if len(window) >= 2 * jobs:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()


def default_jobs() -> int:
    return max(1, (os.cpu_count() or 1))
