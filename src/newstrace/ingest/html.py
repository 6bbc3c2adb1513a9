"""HTML page to article text and metadata, with trafilatura."""

from __future__ import annotations

import trafilatura

from newstrace.ingest.article import ArticleInput, InputError

# trafilatura falls back to any text it finds (a menu, a login prompt); fewer words than this
# is not an article.
MIN_ARTICLE_WORDS = 15


def extract_html(html: str, url: str | None = None) -> ArticleInput:
    """Reduce a page to its article: text plus the metadata the page declares."""
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        deduplicate=False,
    )
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    words = len(text.split())
    if words < MIN_ARTICLE_WORDS:
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
