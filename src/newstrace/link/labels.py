"""How an article is named to a reader in claims, chains and timelines."""

from __future__ import annotations

from urllib.parse import urlsplit

from newstrace.record import Article

TITLE_CHARS = 40


def article_label(article: Article) -> str:
    """The outlet; else the site of its URL; else its title, clipped and quoted; else its id (a hash
    for text with no metadata, which tells a reader nothing)."""
    if article.outlet:
        return article.outlet
    host = urlsplit(article.url).hostname if article.url else None
    if host:
        return host.removeprefix("www.")
    if article.title:
        title = " ".join(article.title.split())
        return f'"{title[: TITLE_CHARS - 1]}…"' if len(title) > TITLE_CHARS else f'"{title}"'
    return article.id
