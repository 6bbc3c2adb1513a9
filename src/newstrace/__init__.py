"""newstrace: news coverage in, a sourced record out."""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from newstrace.ingest.article import ArticleInput
    from newstrace.record import Record


def analyze(text_or_article: str | dict | ArticleInput) -> Record:
    """Analyse one article (plain text, an article object, or an ArticleInput) into its Record."""
    # Imported here so `import newstrace` stays cheap and does not load spaCy.
    from newstrace.analysis import analyze as _analyze

    return _analyze(text_or_article)


__all__ = ["__version__", "analyze"]
