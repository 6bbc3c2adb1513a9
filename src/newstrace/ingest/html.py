"""HTML page to article text and metadata, with trafilatura.

Measured on the article extraction benchmark's 181 pages by `benchmarks/extraction.py`
(figures in BENCHMARKS.md). Three things differ from calling trafilatura with its defaults:

- Precision first. trafilatura's `favor_precision` mode leaves out more of what sits around
  an article (teasers, "read more" blocks, captions, bylines); comments are never included.
  Precision mode sometimes keeps only the first block of an article, so when its text is short
  (under `SHORT_ARTICLE_WORDS`) a second, balanced pass runs, and its text replaces the first
  when it is at least `FALLBACK_GAIN` times as long.
- The headline is not part of the text. Pages often repeat it as the body's first block; when
  that block is the page's title (or the title without a " | Site" suffix) it is dropped. The
  title stays in `ArticleInput.title`.
- Paragraphs are separated by a blank line, as in the plain-text articles newstrace reads; a
  line break inside a paragraph (`<br>`, list items) stays a single newline.
"""

from __future__ import annotations

import re

import trafilatura
from trafilatura.xml import xmltotxt

from newstrace.ingest.article import ArticleInput, InputError

# trafilatura falls back to any text it finds (a menu, a login prompt); fewer words than this
# is not an article.
MIN_ARTICLE_WORDS = 15
# A precision-mode text shorter than this gets a second, balanced pass ...
SHORT_ARTICLE_WORDS = 100
# ... whose text is kept when it is at least this many times as long.
FALLBACK_GAIN = 2.0

_OPTIONS = {
    "include_comments": False,
    "include_tables": True,
    "include_formatting": False,
    # trafilatura's deduplication keeps a cache across calls: the result would depend on what
    # was extracted before.
    "deduplicate": False,
}
_SPACE = re.compile(r"\s+")
# What separates a headline from a site name appended to the page title.
_TITLE_SUFFIX_SEPARATORS = ("|", "-", "–", "—", ":", "·", "»", "•")


def extract_html(html: str, url: str | None = None) -> ArticleInput:
    """Reduce a page to its article: text plus the metadata the page declares."""
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, favor_precision=True, **_OPTIONS)
    blocks = _blocks(doc)
    if _word_count(blocks) < SHORT_ARTICLE_WORDS:
        # The metadata does not depend on the mode: extract it again only if the first pass
        # discarded the page (trafilatura then returns nothing at all).
        second = trafilatura.bare_extraction(html, url=url, with_metadata=doc is None, **_OPTIONS)
        second_blocks = _blocks(second)
        if _word_count(second_blocks) >= FALLBACK_GAIN * max(_word_count(blocks), 1):
            blocks = second_blocks
            doc = doc if doc is not None else second
    text = "\n\n".join(_drop_headline(blocks, doc.title if doc is not None else None))
    words = len(text.split())
    if doc is None or words < MIN_ARTICLE_WORDS:
        raise InputError(f"no article text found in the HTML ({words} words of text)")
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return ArticleInput(
        origin="",
        text=text,
        url=doc.url,
        outlet=doc.sitename,
        title=doc.title,
        published=doc.date,
        authors=authors,
    )


def _blocks(doc) -> list[str]:
    """The article's paragraphs, headings, lists, quotes and tables, as text, in order."""
    body = getattr(doc, "body", None)
    if body is None:
        return []
    blocks = (xmltotxt(child, include_formatting=False).strip() for child in body)
    return [b for b in blocks if b]


def _word_count(blocks: list[str]) -> int:
    return sum(len(b.split()) for b in blocks)


def _drop_headline(blocks: list[str], title: str | None) -> list[str]:
    """Drop a first block that repeats the page title, if anything follows it."""
    if len(blocks) < 2 or not title:
        return blocks
    first, title = _normal(blocks[0]), _normal(title)
    if first == title:
        return blocks[1:]
    suffix = title[len(first) :].lstrip() if first and title.startswith(first) else ""
    return blocks[1:] if suffix.startswith(_TITLE_SUFFIX_SEPARATORS) else blocks


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()
