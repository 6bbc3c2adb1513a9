"""Integrity checks for a store: each returns problem lines, empty when all is well.

Every check is a set-based SQL query (plus one streamed pass for the text keys), so checking a
store of millions of articles needs no more memory than checking ten.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable

from newstrace.store.dedup import text_key

_SHOW = 10  # problems listed per check; the rest are counted


def _report(what: str, items: Iterable[str]) -> list[str]:
    items = list(items)
    if not items:
        return []
    shown = ", ".join(items[:_SHOW])
    more = f" (and {len(items) - _SHOW} more)" if len(items) > _SHOW else ""
    return [f"{what}: {shown}{more}"]


def _sqlite_integrity(conn: sqlite3.Connection) -> list[str]:
    rows = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    return [] if rows == ["ok"] else [f"integrity_check: {row}" for row in rows]


def _foreign_keys(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("PRAGMA foreign_key_check").fetchall()
    return _report(
        "rows pointing to missing parents",
        (f"{table} rowid {rowid} -> {parent}" for table, rowid, parent, _ in rows),
    )


def _fts(conn: sqlite3.Connection) -> list[str]:
    problems = _report(
        "articles missing from the full-text index",
        (
            str(r[0])
            for r in conn.execute(
                "SELECT id FROM articles WHERE seq NOT IN (SELECT id FROM articles_fts_docsize) ORDER BY seq"
            )
        ),
    )
    problems += _report(
        "full-text index rows without an article (rowid)",
        (
            str(r[0])
            for r in conn.execute(
                "SELECT id FROM articles_fts_docsize WHERE id NOT IN (SELECT seq FROM articles) ORDER BY id"
            )
        ),
    )
    try:
        # rank 1: also compare the index with the articles table, token by token.
        conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError as exc:
        if "readonly" in str(exc):
            return problems  # the token-level check is refused on a read-only connection
        problems.append(f"full-text index does not match the articles: {exc}")
    return problems


def _copies(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM copies c WHERE c.article_id = a.id)"
        " ORDER BY seq"
    )
    return _report("articles without a copy", (r[0] for r in rows))


def _spans(conn: sqlite3.Connection) -> list[str]:
    # substr counts characters, as Python string offsets do; it is 1-based.
    rows = conn.execute(
        """
        SELECT s.article_id, s.owner, s.role, s.ord FROM spans s JOIN articles a ON a.id = s.article_id
        WHERE s.start < 0 OR s."end" < s.start OR s."end" > length(a.text)
           OR substr(a.text, s.start + 1, s."end" - s.start) != s.text
        ORDER BY s.id
        """
    )
    return _report(
        "spans that do not match their article's text", (f"{a} {o} {r}[{i}]" for a, o, r, i in rows)
    )


_COUNTS = {
    "n_attributions": "SELECT article_id, count(*) AS n FROM attributions GROUP BY article_id",
    "n_sources": "SELECT article_id, count(*) AS n FROM sources GROUP BY article_id",
    "n_events": "SELECT article_id, count(*) AS n FROM events GROUP BY article_id",
    "n_spans": "SELECT article_id, count(*) AS n FROM spans GROUP BY article_id",
}


def _counts(conn: sqlite3.Connection) -> list[str]:
    problems = []
    for column, counted in _COUNTS.items():
        rows = conn.execute(
            f"SELECT a.id, a.{column}, coalesce(c.n, 0) FROM articles a"
            f" LEFT JOIN ({counted}) c ON c.article_id = a.id"
            f" WHERE a.{column} != coalesce(c.n, 0) ORDER BY a.seq"
        )
        problems += _report(
            f"{column} does not match the rows", (f"{a} ({want} != {got})" for a, want, got in rows)
        )
    return problems


def _participants(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        """
        SELECT p.article_id, p.event_id, p.role, p.ord
        FROM participants p LEFT JOIN spans s ON s.id = p.span_id
        WHERE s.id IS NULL OR s.article_id != p.article_id OR s.owner != p.event_id OR s.role != p.role
           OR s.ord != p.ord
        """
    )
    return _report("participants whose span is not theirs", (f"{a} {e} {r}[{i}]" for a, e, r, i in rows))


def _text_keys(conn: sqlite3.Connection) -> list[str]:
    # Streamed: the cursor yields one article text at a time.
    rows = conn.execute("SELECT id, text_key, text FROM articles ORDER BY seq")
    return _report(
        "articles whose text does not match their text_key", (i for i, k, t in rows if text_key(t) != k)
    )


CHECKS: list[Callable[[sqlite3.Connection], list[str]]] = [
    _sqlite_integrity,
    _foreign_keys,
    _fts,
    _copies,
    _spans,
    _counts,
    _participants,
    _text_keys,
]


def run_checks(conn: sqlite3.Connection) -> list[str]:
    problems: list[str] = []
    for check in CHECKS:
        problems += check(conn)
    return problems
