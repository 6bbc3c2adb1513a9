"""Articles in, records out: preparation (HTML, language, id) and batched, ordered analysis."""

from __future__ import annotations

import hashlib
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
from newstrace.nlp.settings import attribution_setting, use_attribution
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


def prepare_stream(items: Iterable[ArticleInput | Skipped]) -> Iterator[Article | Skipped]:
    """Prepare each input in order; one that cannot be analysed becomes a Skipped in its place."""
    for item in items:
        if isinstance(item, Skipped):
            yield item
            continue
        try:
            yield prepare(item)
        except InputError as exc:
            yield Skipped(item.origin, str(exc))


def analyze_articles(
    articles: Iterable[Article | Skipped], nlp: Language, batch_size: int = DEFAULT_BATCH
) -> Iterator[Result]:
    """Run the pipeline over prepared articles with nlp.pipe; Skipped items pass through in place."""
    items = list(articles)
    ready = [a for a in items if isinstance(a, Article)]
    docs = []
    for article in ready:
        doc = nlp.make_doc(article.text)
        doc._.published = article.published
        docs.append(doc)
    records = (
        doc_to_record(doc, article)
        for doc, article in zip(nlp.pipe(docs, batch_size=batch_size), ready, strict=True)
    )
    for item in items:
        yield item if isinstance(item, Skipped) else next(records)


def analyze_batch(
    items: Iterable[ArticleInput | Skipped], nlp: Language, batch_size: int = DEFAULT_BATCH
) -> Iterator[Result]:
    """Prepare and analyse raw inputs, in input order."""
    return analyze_articles(prepare_stream(items), nlp, batch_size)


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _worker_batch(chunk: list[Article | Skipped]) -> list[Result]:
    return list(analyze_articles(chunk, shared_pipeline()))


def warm_worker(attribution: str) -> None:
    use_attribution(attribution)
    shared_pipeline()


def analyze_prepared(
    articles: Iterable[Article | Skipped], jobs: int = 1, batch_size: int = DEFAULT_BATCH
) -> Iterator[Result]:
    """Analyse prepared articles in order with `jobs` processes; memory stays bounded by a window
    of 2 x jobs batches in flight."""
    if jobs <= 1:
        nlp = shared_pipeline()
        for chunk in _chunks(articles, batch_size):
            yield from analyze_articles(chunk, nlp, batch_size)
        return
    with ProcessPoolExecutor(
        max_workers=jobs, initializer=warm_worker, initargs=(attribution_setting(),)
    ) as pool:
        window: deque[Future] = deque()
        for chunk in _chunks(articles, batch_size):
            window.append(pool.submit(_worker_batch, chunk))
            if len(window) >= 2 * jobs:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()


def analyze_stream(
    items: Iterable[ArticleInput | Skipped], jobs: int = 1, batch_size: int = DEFAULT_BATCH
) -> Iterator[Result]:
    """Prepare (in this process: it is cheap) and analyse (in `jobs` processes) raw inputs, in order."""
    return analyze_prepared(prepare_stream(items), jobs, batch_size)
