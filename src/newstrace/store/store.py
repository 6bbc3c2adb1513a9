"""The local store: one SQLite file holding records, the places each text was seen, and fetcher state.

Guarantees:

- **All or nothing.** Each `add_record` is one `BEGIN IMMEDIATE ... COMMIT` transaction: after a
  crash or SIGKILL at any point an article is in the store completely (with its copy, attributions,
  sources, events, spans, full-text row and MinHash) or not at all.
- **Never doubled.** A text is stored once, keyed by `text_key` (SHA-256 of the NFC-normalised,
  whitespace-collapsed text); every URL/outlet that carried it is a row in `copies`, and adding a
  known copy again changes nothing.
- **Concurrent writers.** WAL mode with a busy timeout: a second writer waits for the first
  (up to `timeout` seconds, then StoreError), readers never block.
- **Durability.** `synchronous=NORMAL` with WAL: a crash of the program (even SIGKILL) loses
  nothing that was committed; a power cut or OS crash may lose the last few commits, but never
  corrupts the file. Use `durable=True` for `synchronous=FULL` when that matters.

Article ids: a record keeps its `article.id`, unless that id is already used by a different text;
it is then stored as `id~` + the first 8 hex digits of its text_key (longer if that is taken too),
and `AddResult.article_id` says so; `articles.given_id` keeps the id it arrived with.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import TypeAdapter

from newstrace.errors import one_line
from newstrace.record import (
    Article,
    Attribution,
    Event,
    EventLocation,
    EventTime,
    Participant,
    Predicate,
    Record,
    Source,
    SourceGroup,
    Span,
)
from newstrace.store import dedup, migrations
from newstrace.store.checks import run_checks
from newstrace.store.dedup import text_key


class StoreError(Exception):
    """The store cannot be opened or written; the message is one line, fit for the terminal."""


@dataclass
class CopyMeta:
    """One place an article's text was seen."""

    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    origin: str = ""  # file path, URL, warc:PATH#offset ...
    fetched_at: str | None = None

    @classmethod
    def from_record(cls, record: Record, origin: str, fetched_at: str | None = None) -> CopyMeta:
        article = record.article
        return cls(article.url, article.outlet, article.title, article.published, origin, fetched_at)


@dataclass
class AddResult:
    article_id: str
    stored: bool  # False: the text was already stored, only a copy was added
    near_duplicates: list[tuple[str, float]]


@dataclass
class StoredArticle:
    """A stored article as re-analysis reads it: its text and metadata, not its analysis. `article` is
    None (and `problem` says why) when the row does not make a valid Article."""

    seq: int
    id: str
    article: Article | None
    problem: str | None = None


@dataclass
class Replaced:
    """What `Store.replace_analyses` did with one record: `outcome` "changed" (the analysis rows were
    replaced), "same" (the analysis was the stored one: only the version columns were updated) or
    "failed" (nothing was changed; `reason` says why); `stories`: the stories whose views it marked
    stale."""

    article_id: str
    outcome: str
    reason: str | None = None
    stories: list[str] = field(default_factory=list)


# A new analysis for a changed record replaces these fields of the stored one; the record's other
# fields (its article, its versions) are not compared.
_ANALYSIS_FIELDS = {"models", "attributions", "sources", "events", "predicates", "framing"}


class _Refused(Exception):
    """A record `replace_analyses` will not store; the message is the reason."""


def default_db_path() -> Path:
    return Path(platformdirs.user_data_dir("newstrace")) / "newstrace.db"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# Candidates whose estimated Jaccard is this far below the threshold are still checked exactly:
# the 128-value estimate has a standard deviation of about 0.035 near 0.8, so a pair truly at the
# threshold is missed about 4% of the time, and a pair 0.03 above it well under 1%.
_ESTIMATE_MARGIN = 0.06
# At most this many LSH candidates (those sharing the most bands) are verified per new article,
# so one add stays cheap however many near-copies of a text pile up.
_MAX_CANDIDATES = 200
# At most this many of them (the closest by estimate) are verified exactly (about 1 ms each): many
# stored versions of one text just under the threshold cannot make an add slow.
_MAX_VERIFIED = 16
_PAGE = 256
# Search ranks the best matches among this many of the latest matching articles (Store.search).
SEARCH_WINDOW = 2000
_LISTED_ARTICLE = ("id", "title", "outlet", "published")


class Store:
    """A newstrace store. Use as a context manager; see the module docstring for the guarantees."""

    def __init__(
        self,
        path: str | Path,
        readonly: bool = False,
        timeout: float = 30.0,
        *,
        near_duplicate_threshold: float = dedup.DEFAULT_THRESHOLD,
        durable: bool = False,
    ) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self.threshold = near_duplicate_threshold
        self._conn: sqlite3.Connection | None = None
        self._table_names: frozenset[str] | None = None
        try:
            self._conn = self._connect(timeout, durable)
        except StoreError:
            self._close_quietly()
            raise
        except migrations.MigrationError as exc:
            self._close_quietly()
            raise StoreError(f"cannot open store {self.path}: {exc}") from None
        except (sqlite3.Error, OSError) as exc:
            self._close_quietly()
            raise StoreError(f"cannot open store {self.path}: {one_line(exc)}") from None

    # -- opening ---------------------------------------------------------------------------------

    def _connect(self, timeout: float, durable: bool) -> sqlite3.Connection:
        if self.path.is_dir():
            raise StoreError(f"cannot open store {self.path}: is a directory")
        if self.readonly:
            if not self.path.exists():
                raise StoreError(f"cannot open store {self.path}: no such file")
            uri = f"{self.path.resolve().as_uri()}?mode=ro"
            conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        self._conn = conn
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        # Reading the version touches the header first: "file is not a database" surfaces here.
        version = migrations.check_version(conn)
        conn.execute("PRAGMA foreign_keys = ON")
        if self.readonly:
            if version < migrations.latest_version():
                raise migrations.MigrationError(
                    f"store is at schema version {version}; open it once for writing to upgrade it"
                )
            return conn
        if conn.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
            raise StoreError(f"cannot open store {self.path}: cannot switch it to WAL mode")
        conn.execute(f"PRAGMA synchronous = {'FULL' if durable else 'NORMAL'}")
        migrations.migrate(conn)
        return conn

    def _close_quietly(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def close(self) -> None:
        self._close_quietly()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing --------------------------------------------------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        """The underlying connection (autocommit mode), for read queries of your own."""
        if self._conn is None:
            raise StoreError(f"store {self.path} is closed")
        return self._conn

    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        """Turn sqlite3 errors into one-line StoreErrors."""
        try:
            yield
        except sqlite3.Error as exc:
            raise StoreError(f"store {self.path}: cannot {action}: {one_line(exc)}") from None

    @contextmanager
    def _write(self, action: str) -> Iterator[sqlite3.Connection]:
        """One write transaction: BEGIN IMMEDIATE takes the write lock up front (waiting up to the
        timeout), so the reads inside see the state the writes apply to."""
        if self.readonly:
            raise StoreError(f"store {self.path} is open read-only: cannot {action}")
        conn = self.conn
        with self._errors(action):
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    # -- texts and copies ------------------------------------------------------------------------

    def text_key(self, text: str) -> str:
        return text_key(text)

    def find_text(self, key: str) -> str | None:
        """The id of the stored article with this text_key, if any."""
        with self._errors("look up a text"):
            row = self.conn.execute("SELECT id FROM articles WHERE text_key = ?", (key,)).fetchone()
        return row[0] if row else None

    def add_copy(self, article_id: str, meta: CopyMeta) -> bool:
        """Record another place carrying a stored text; False when this copy is already known."""
        with self._write("add a copy") as conn:
            if conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
                raise StoreError(f"store {self.path}: no article {article_id!r}")
            return self._insert_copy(conn, article_id, meta)

    def _insert_copy(self, conn: sqlite3.Connection, article_id: str, meta: CopyMeta) -> bool:
        cursor = conn.execute(
            "INSERT INTO copies(article_id, url, outlet, title, published, origin, fetched_at, added_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (
                article_id,
                meta.url,
                meta.outlet,
                meta.title,
                meta.published,
                meta.origin or "",
                meta.fetched_at,
                _now(),
            ),
        )
        return cursor.rowcount == 1

    # -- adding a record -------------------------------------------------------------------------

    def add_record(self, record: Record, meta: CopyMeta) -> AddResult:
        """Store a record and its copy in one transaction; a text already stored only gains the copy."""
        key = text_key(record.article.text)
        # Shingling and MinHash are the CPU-heavy part: done before taking the write lock.
        grams = dedup.shingles(record.article.text)
        signature = dedup.signature(grams)
        with self._write("add a record") as conn:
            existing = self.find_text(key)
            if existing is not None:
                self._insert_copy(conn, existing, meta)
                return AddResult(existing, False, self._near_duplicates(existing))
            article_id = self._free_id(conn, record.article.id, key)
            _insert_article(conn, article_id, key, record)
            self._insert_copy(conn, article_id, meta)
            _insert_children(conn, article_id, record)
            near = self._link_near_duplicates(conn, article_id, grams, signature)
        return AddResult(article_id, True, near)

    def _free_id(self, conn: sqlite3.Connection, given: str, key: str) -> str:
        """`given`, or `given~KEY8` (then longer prefixes of the text key) when a different text has it."""
        for candidate in (given, f"{given}~{key[:8]}", f"{given}~{key[:16]}", f"{given}~{key}"):
            if conn.execute("SELECT 1 FROM articles WHERE id = ?", (candidate,)).fetchone() is None:
                return candidate
        raise StoreError(f"store {self.path}: no free id for article {given!r}")

    # -- near duplicates -------------------------------------------------------------------------

    def _link_near_duplicates(
        self,
        conn: sqlite3.Connection,
        article_id: str,
        grams: set[dedup.Shingle],
        signature: dedup.Signature | None,
    ) -> list[tuple[str, float]]:
        if signature is None:
            return []
        conn.execute(
            "INSERT INTO minhashes(article_id, num_perm, seed, scheme, shingle_size, hashvalues)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (article_id, dedup.NUM_PERM, dedup.SEED, dedup.SCHEME, dedup.SHINGLE, signature.to_blob()),
        )
        bands = signature.bands()
        candidates = self._candidates(conn, bands)
        estimates = signature.jaccard_many([blob for _, blob in candidates])
        close = sorted(
            (
                (estimate, other_id)
                for (other_id, _), estimate in zip(candidates, estimates, strict=True)
                if estimate >= self.threshold - _ESTIMATE_MARGIN
            ),
            reverse=True,
        )[:_MAX_VERIFIED]
        found = []
        for _, other_id in close:
            # The estimate only filters; the link is decided and scored on the exact shingle Jaccard,
            # which the stored text makes cheap for the few candidates left.
            other_text = conn.execute("SELECT text FROM articles WHERE id = ?", (other_id,)).fetchone()[0]
            similarity = round(dedup.jaccard_sets(grams, dedup.shingles(other_text)), 4)
            if similarity >= self.threshold:
                found.append((other_id, similarity))
        conn.executemany(
            "INSERT INTO lsh_bands(band, hash, article_id) VALUES (?, ?, ?)",
            [(band, value, article_id) for band, value in bands],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO near_duplicates(article_id, other_id, similarity) VALUES (?, ?, ?)",
            [row for other, sim in found for row in ((article_id, other, sim), (other, article_id, sim))],
        )
        return sorted(found, key=lambda item: (-item[1], item[0]))

    def _candidates(self, conn: sqlite3.Connection, bands: list[tuple[int, int]]) -> list[tuple[str, bytes]]:
        """(article id, signature) of articles sharing at least one band, most shared bands first.

        The probe rows drive the join (CROSS JOIN fixes the order), so each band is one primary-key
        lookup in lsh_bands: the cost depends on the bucket sizes, not on the size of the store."""
        values = ", ".join("(?, ?)" for _ in bands)
        params = [x for pair in bands for x in pair]
        return conn.execute(
            f"""
            WITH probe(band, hash) AS (VALUES {values}),
            hits AS (
                SELECT l.article_id, count(*) AS shared
                FROM probe CROSS JOIN lsh_bands l ON l.band = probe.band AND l.hash = probe.hash
                GROUP BY l.article_id ORDER BY shared DESC, l.article_id LIMIT {_MAX_CANDIDATES}
            )
            SELECT m.article_id, m.hashvalues FROM hits JOIN minhashes m ON m.article_id = hits.article_id
            WHERE m.num_perm = ? AND m.seed = ? AND m.scheme = ? AND m.shingle_size = ?
            ORDER BY hits.shared DESC, m.article_id
            """,
            [*params, dedup.NUM_PERM, dedup.SEED, dedup.SCHEME, dedup.SHINGLE],
        ).fetchall()

    def _near_duplicates(self, article_id: str) -> list[tuple[str, float]]:
        rows = self.conn.execute(
            "SELECT other_id, similarity FROM near_duplicates WHERE article_id = ?"
            " ORDER BY similarity DESC, other_id",
            (article_id,),
        ).fetchall()
        return [(other, sim) for other, sim in rows]

    def near_duplicates(self, article_id: str) -> list[tuple[str, float]]:
        """Articles linked to this one as near duplicates, most similar first: (id, Jaccard)."""
        with self._errors("read near duplicates"):
            return self._near_duplicates(article_id)

    # -- reading records -------------------------------------------------------------------------

    def get_record(self, article_id: str) -> Record:
        """The stored record, rebuilt field for field. KeyError when there is no such article."""
        with self._errors("read a record"):
            row = self.conn.execute(f"SELECT {_ARTICLE_COLS} FROM articles WHERE id = ?", (article_id,))
            row = row.fetchone()
            if row is None:
                raise KeyError(article_id)
            return self._build_all([row])[0]

    def _build_all(self, rows: list[tuple]) -> list[Record]:
        """The records of these article rows, their child rows read for all of them at once."""
        children = _child_rows(self.conn, [row[0] for row in rows])
        records = []
        for row in rows:
            try:
                records.append(_build_record(row, children[row[0]]))
            except (ValueError, TypeError) as exc:  # pydantic's ValidationError is a ValueError
                raise StoreError(
                    f"store {self.path}: article {row[0]!r} is damaged: {one_line(exc)}"
                ) from None
        return records

    def iter_records(self) -> Iterator[Record]:
        """Every record in insertion order, fetched a page at a time (no cursor held across yields,
        so the caller may write to the store while iterating)."""
        last = 0
        while True:
            with self._errors("read records"):
                rows = self.conn.execute(
                    f"SELECT {_ARTICLE_COLS}, seq FROM articles WHERE seq > ? ORDER BY seq LIMIT ?",
                    (last, _PAGE),
                ).fetchall()
            if not rows:
                return
            with self._errors("read records"):
                records = self._build_all([row[:-1] for row in rows])
            yield from records
            last = rows[-1][-1]

    def articles(self, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Articles (id, title, outlet, published), latest published first, then latest stored."""
        with self._errors("list articles"):
            rows = self.conn.execute(
                "SELECT id, title, outlet, published FROM articles"
                " ORDER BY coalesce(published, '') DESC, seq DESC LIMIT ? OFFSET ?",
                (limit, offset),
            ).fetchall()
        return [dict(zip(_LISTED_ARTICLE, row, strict=True)) for row in rows]

    def article_summaries(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """id -> (id, title, outlet, published) for the given article ids that exist."""
        with self._errors("read articles"):
            marks = ", ".join("?" * len(ids))
            rows = self.conn.execute(
                f"SELECT id, title, outlet, published FROM articles WHERE id IN ({marks})", ids
            ).fetchall()
        return {row[0]: dict(zip(_LISTED_ARTICLE, row, strict=True)) for row in rows}

    # -- re-analysis -----------------------------------------------------------------------------

    def analysis_versions(self) -> list[dict[str, Any]]:
        """How the stored analyses were made: one dict per (newstrace_version, schema_version,
        attribution model, whether it kept the predicates: none stored before store schema 9) with its
        number of `articles`, most articles first."""
        with self._errors("read analysis versions"):
            rows = self.conn.execute(
                "SELECT newstrace_version, schema_version, json_extract(models, '$.attribution'),"
                " predicates IS NOT NULL, count(*) FROM articles"
                " GROUP BY 1, 2, 3, 4 ORDER BY 5 DESC, 1, 2, 3, 4"
            ).fetchall()
        fields = ("newstrace_version", "schema_version", "attribution", "predicates", "articles")
        return [dict(zip(fields, row, strict=True)) for row in rows]

    def max_seq(self) -> int:
        """The insertion number of the latest stored article (0 when there is none)."""
        with self._errors("read the articles"):
            return self.conn.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()[0]

    def stored_articles(
        self,
        after_seq: int = 0,
        limit: int = _PAGE,
        *,
        stale_for: tuple[str, int] | None = None,
        max_seq: int | None = None,
    ) -> list[StoredArticle]:
        """The next `limit` articles after `after_seq` (up to `max_seq`), in insertion order, with their
        text and metadata: what a re-analysis reads. With `stale_for` (newstrace version, record schema
        version), only the articles whose stored analysis another version made, or a store before
        schema 9 kept without its predicates."""
        where, params = "seq > ?", [after_seq]
        if max_seq is not None:
            where, params = f"{where} AND seq <= ?", [*params, max_seq]
        if stale_for is not None:
            where = f"{where} AND (newstrace_version != ? OR schema_version != ? OR predicates IS NULL)"
            params = [*params, *stale_for]
        with self._errors("read articles"):
            rows = self.conn.execute(
                f"SELECT {_STORED_ARTICLE_COLS} FROM articles WHERE {where} ORDER BY seq LIMIT ?",
                [*params, limit],
            ).fetchall()
        return [_stored_article(row) for row in rows]

    def stored_articles_by_id(self, ids: list[str]) -> list[StoredArticle]:
        """`stored_articles` for the given article ids, in insertion order; ids not stored are left out."""
        found: list[StoredArticle] = []
        unique = list(dict.fromkeys(ids))
        with self._errors("read articles"):
            for start in range(0, len(unique), _IDS_PER_QUERY):
                chunk = unique[start : start + _IDS_PER_QUERY]
                marks = ", ".join("?" * len(chunk))
                rows = self.conn.execute(
                    f"SELECT {_STORED_ARTICLE_COLS} FROM articles WHERE id IN ({marks})", chunk
                ).fetchall()
                found += [_stored_article(row) for row in rows]
        return sorted(found, key=lambda a: a.seq)

    def replace_analyses(self, records: list[Record], remention: Remention | None = None) -> list[Replaced]:
        """Replace the stored analysis of already stored articles with these records' (made from the
        stored text: `record.article.id` is the stored id), in one transaction: the article keeps its
        id, text, metadata, copies, near-duplicate links and story; its analysis columns (framing,
        counts, models, versions) and its attributions, sources, events, participants and spans are
        rewritten (the full-text index covers only the title and text, which do not change).

        When the analysis differs from the stored one, the views of the article's story are deleted,
        so `stale_story_views` lists the story and the next link run computes them again; and, when
        `remention` is given and the article was already canonicalised, its entity mentions are
        replaced: the old ones are taken off their entities' counts (an entity left without mentions
        is deleted) and `remention(lookup, record, next_id)` gives the new ones, as
        `newstrace.link.canonical.article_entities` does. A record that cannot be stored (its article
        is gone, its text differs, its rows do not fit) is left out, the others are stored: each record
        is a savepoint of the transaction."""
        done: list[Replaced] = []
        with self._write("replace analyses") as conn:
            row = conn.execute("SELECT value FROM link_state WHERE key = 'entities'").fetchone()
            progress = json.loads(row[0]) if row else {"seq": 0, "next_id": 1}
            for record in records:
                done.append(self._replace_one(conn, record, remention, progress))
        return done

    def _replace_one(
        self, conn: sqlite3.Connection, record: Record, remention: Remention | None, progress: dict[str, int]
    ) -> Replaced:
        article_id = record.article.id
        before = dict(progress)
        conn.execute("SAVEPOINT replace_analysis")
        try:
            row = conn.execute(
                f"SELECT seq, published, text, {_ARTICLE_COLS} FROM articles WHERE id = ?", (article_id,)
            ).fetchone()
            if row is None:
                raise _Refused("no such article in the store")
            seq, published, text = row[:3]
            if text != record.article.text:
                raise _Refused("the stored text is not the text analysed")
            if self._stored_analysis(row[3:]) == record.model_dump(mode="json", include=_ANALYSIS_FIELDS):
                conn.execute(
                    "UPDATE articles SET newstrace_version = ?, schema_version = ? WHERE id = ?",
                    (record.newstrace_version, record.schema_version, article_id),
                )
                done = Replaced(article_id, "same")
            else:
                _update_analysis(conn, article_id, record)
                _delete_children(conn, article_id)
                _insert_children(conn, article_id, record)
                done = Replaced(article_id, "changed", stories=_drop_story_views(conn, article_id))
                if remention is not None and seq <= progress["seq"]:
                    self._remention(conn, article_id, published, record, remention, progress)
        except Exception as exc:  # one record's failure must not lose the others of the transaction
            conn.execute("ROLLBACK TO replace_analysis")
            conn.execute("RELEASE replace_analysis")
            progress.clear()
            progress.update(before)
            reason = str(exc) if isinstance(exc, _Refused) else f"cannot store it: {one_line(exc)}"
            return Replaced(article_id, "failed", reason)
        conn.execute("RELEASE replace_analysis")
        return done

    def _stored_analysis(self, row: tuple) -> dict[str, Any] | None:
        """The analysis fields of the stored record of this `_ARTICLE_COLS` row (None if damaged)."""
        try:
            return self._build_all([row])[0].model_dump(mode="json", include=_ANALYSIS_FIELDS)
        except StoreError:
            return None

    def _remention(
        self,
        conn: sqlite3.Connection,
        article_id: str,
        published: str | None,
        record: Record,
        remention: Remention,
        progress: dict[str, int],
    ) -> None:
        """Replace one canonicalised article's entity mentions with those of its new record."""
        old = conn.execute(
            "SELECT entity_id, count(*) FROM entity_mentions WHERE article_id = ? GROUP BY entity_id",
            (article_id,),
        ).fetchall()
        conn.execute("DELETE FROM entity_mentions WHERE article_id = ?", (article_id,))
        conn.executemany(
            "UPDATE entities SET n_mentions = n_mentions - ?, n_articles = n_articles - 1 WHERE id = ?",
            [(n, entity_id) for entity_id, n in old],
        )
        entities, mentions, progress["next_id"] = remention(self.entities_by_key, record, progress["next_id"])
        _write_entities(conn, entities, mentions, progress)
        # Entities the article no longer mentions: deleted when nothing else does, else their first
        # and last dates read again from their mentions when this article's date was one of them.
        for (entity_id,) in {(e,) for e, _ in old} - {(m[2],) for m in mentions}:
            found = conn.execute(
                "SELECT n_mentions, first_seen, last_seen FROM entities WHERE id = ?", (entity_id,)
            ).fetchone()
            if found is None:
                continue
            if found[0] <= 0:
                conn.execute(
                    "DELETE FROM entities WHERE id = ?1"
                    " AND NOT EXISTS (SELECT 1 FROM entity_mentions WHERE entity_id = ?1)",
                    (entity_id,),
                )
            elif published is not None and published in found[1:]:
                conn.execute(
                    "UPDATE entities SET (first_seen, last_seen) = (SELECT min(a.published), max(a.published)"
                    " FROM entity_mentions m JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ?1)"
                    " WHERE id = ?1",
                    (entity_id,),
                )

    # -- search ----------------------------------------------------------------------------------

    def search(
        self, query: str, limit: int = 20, window: int | None = SEARCH_WINDOW
    ) -> list[tuple[str, str]]:
        """Full-text search over article titles and texts: (article_id, snippet), best first.

        `query` is FTS5 syntax ("exact phrase", AND, OR, NOT, prefix*); when it does not parse
        (e.g. `drug-smuggling`), it is searched as a plain phrase instead. The best matches are
        chosen among the `window` most recently stored matching articles (at least `limit`; None: all
        of them): ranking costs time for every match, over a second for a word in most of 100,000
        articles, while finding the latest matches is an index walk."""
        query = query.replace("\x00", " ")  # SQLite would stop reading the query at a NUL
        window = None if window is None else max(window, limit)
        try:
            return self._search(query, limit, window)
        except sqlite3.OperationalError:
            # A query FTS5 cannot parse ("syntax error", "no such column: smuggling") is retried as
            # a phrase; an error that is not about the query fails the retry too and is reported.
            pass
        phrase = '"' + " ".join(query.split()).replace('"', '""') + '"'
        with self._errors("search"):
            return self._search(phrase, limit, window)

    def _search(self, query: str, limit: int, window: int | None) -> list[tuple[str, str]]:
        # The window is a lower bound on the FTS rowid (the articles' seq): the rowid of the
        # window-th latest match, read off the index in reverse without ranking anything.
        rows = self.conn.execute(
            """
            SELECT a.id, snippet(articles_fts, -1, '[', ']', '…', 16)
            FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
            WHERE articles_fts MATCH ?1 AND articles_fts.rowid >= coalesce((
                SELECT min(rowid) FROM (
                    SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?3
                )
            ), 0)
            ORDER BY rank LIMIT ?2
            """,
            (query, limit, -1 if window is None else window),
        ).fetchall()
        return [(article_id, snippet) for article_id, snippet in rows]

    # -- fetcher state ---------------------------------------------------------------------------

    def url_seen(self, url: str) -> bool:
        """True when `mark_url` was called for this URL, or a stored copy came from it."""
        with self._errors("look up a URL"):
            row = self.conn.execute(
                "SELECT EXISTS(SELECT 1 FROM urls WHERE url = ?)"
                " OR EXISTS(SELECT 1 FROM copies WHERE url = ?)",
                (url, url),
            ).fetchone()
        return bool(row[0])

    def mark_url(self, url: str, status: str) -> None:
        """Remember what became of a URL ("stored", "duplicate", "skipped: <reason>"); last one wins."""
        with self._write("mark a URL") as conn:
            now = _now()
            conn.execute(
                "INSERT INTO urls(url, status, first_seen, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(url) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at",
                (url, status, now, now),
            )

    def url_status(self, url: str) -> str | None:
        with self._errors("look up a URL"):
            row = self.conn.execute("SELECT status FROM urls WHERE url = ?", (url,)).fetchone()
        return row[0] if row else None

    def feed_state(self, feed_url: str) -> dict | None:
        with self._errors("read feed state"):
            row = self.conn.execute("SELECT state FROM feeds WHERE feed_url = ?", (feed_url,)).fetchone()
        return json.loads(row[0]) if row else None

    def set_feed_state(self, feed_url: str, state: dict) -> None:
        """Store a feed's state (etag, last_modified, last_polled ...), replacing what was there."""
        payload = json.dumps(state, ensure_ascii=False, sort_keys=True)
        with self._write("store feed state") as conn:
            conn.execute(
                "INSERT INTO feeds(feed_url, state, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT(feed_url) DO UPDATE SET state = excluded.state,"
                " updated_at = excluded.updated_at",
                (feed_url, payload, _now()),
            )

    # -- stories -------------------------------------------------------------------------------

    def unlinked_records(self) -> Iterator[Record]:
        """Records not yet in a story, in insertion order, a page at a time."""
        last = 0
        while True:
            with self._errors("read unlinked records"):
                rows = self.conn.execute(
                    f"SELECT {_ARTICLE_COLS}, seq FROM articles WHERE seq > ? AND id NOT IN"
                    " (SELECT article_id FROM story_articles) ORDER BY seq LIMIT ?",
                    (last, _PAGE),
                ).fetchall()
            if not rows:
                return
            with self._errors("read unlinked records"):
                records = self._build_all([row[:-1] for row in rows])
            yield from records
            last = rows[-1][-1]

    def load_story_state(self) -> StoryState | None:
        """The story index as saved by `save_story_state`; None before the first link run."""
        with self._errors("read the story index"):
            meta = dict(self.conn.execute("SELECT key, value FROM link_state").fetchall())
            if "index" not in meta:
                return None
            df = dict(self.conn.execute("SELECT term, df FROM story_terms").fetchall())
            profiles = [json.loads(p) for (p,) in self.conn.execute("SELECT profile FROM stories")]
        return StoryState(json.loads(meta["index"]), df, profiles)

    def save_story_state(
        self,
        state: StoryState,
        summaries: list[dict],
        links: list[tuple[str, str]],
        before: dict | None = None,
    ) -> bool:
        """Write what a link run changed: the index counters, the changed document frequencies
        (`state.df`), the changed stories (`state.profiles` with their `summaries`, same order)
        and the new article -> story links, in one transaction. Nothing is written, and False is
        returned, when the saved counters are no longer `before` (another run linked meanwhile)."""
        with self._write("save stories") as conn:
            row = conn.execute("SELECT value FROM link_state WHERE key = 'index'").fetchone()
            if (json.loads(row[0]) if row else None) != before:
                return False
            conn.execute(
                "INSERT INTO link_state(key, value) VALUES ('index', ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (json.dumps(state.index),),
            )
            conn.executemany(
                "INSERT INTO story_terms(term, df) VALUES (?, ?)"
                " ON CONFLICT(term) DO UPDATE SET df = excluded.df",
                state.df.items(),
            )
            conn.executemany(
                "INSERT INTO stories(id, label, first_seen, last_seen, n_articles, outlets, profile)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET label = excluded.label,"
                " first_seen = excluded.first_seen, last_seen = excluded.last_seen,"
                " n_articles = excluded.n_articles, outlets = excluded.outlets, profile = excluded.profile",
                [
                    (
                        s["id"],
                        s["label"],
                        s["first_seen"],
                        s["last_seen"],
                        s["articles"],
                        json.dumps(s["outlets"], ensure_ascii=False),
                        json.dumps(profile, ensure_ascii=False),
                    )
                    for s, profile in zip(summaries, state.profiles, strict=True)
                ],
            )
            conn.executemany(
                "INSERT INTO story_articles(article_id, story_id, linked_seq) VALUES (?, ?,"
                " (SELECT coalesce(max(linked_seq), 0) + 1 FROM story_articles))",
                links,
            )
        return True

    def stories(self, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Stories, latest activity first: id, label, first/last seen, article count, outlets."""
        with self._errors("list stories"):
            rows = self.conn.execute(
                "SELECT id, label, first_seen, last_seen, n_articles, outlets FROM stories"
                # undated stories (or equal dates): the newest story first, s10 after s9, not s1
                " ORDER BY coalesce(last_seen, '') DESC, length(id) DESC, id DESC LIMIT ? OFFSET ?",
                (limit, offset),
            ).fetchall()
        return [_story_row(row) for row in rows]

    def story(self, story_id: str) -> dict[str, Any]:
        """One story with its articles (id, outlet, title, published), oldest first. KeyError if none."""
        with self._errors("read a story"):
            row = self.conn.execute(
                "SELECT id, label, first_seen, last_seen, n_articles, outlets FROM stories WHERE id = ?",
                (story_id,),
            ).fetchone()
            if row is None:
                raise KeyError(story_id)
            articles = self.conn.execute(
                "SELECT a.id, a.outlet, a.title, a.published FROM story_articles s"
                " JOIN articles a ON a.id = s.article_id WHERE s.story_id = ?"
                " ORDER BY coalesce(a.published, ''), s.linked_seq",
                (story_id,),
            ).fetchall()
        story = _story_row(row)
        story["articles"] = [
            dict(zip(("id", "outlet", "title", "published"), a, strict=True)) for a in articles
        ]
        return story

    def drop_story_views(self) -> int:
        """Delete every story's stored claims and timeline (so `stale_story_views` lists them all and the
        next link computes them with the running linker); the number of stories, all now stale."""
        if not self.has_table("story_views"):
            return 0
        with self._write("drop story views") as conn:
            conn.execute("DELETE FROM story_view_items")
            conn.execute("DELETE FROM story_views")
            return conn.execute("SELECT count(*) FROM stories").fetchone()[0]

    def stale_story_views(self, limit: int = _PAGE) -> list[str]:
        """Stories whose stored claims and timeline are missing or were computed from fewer articles."""
        with self._errors("read story views"):
            rows = self.conn.execute(
                "SELECT s.id FROM stories s LEFT JOIN story_views v ON v.story_id = s.id"
                " WHERE v.story_id IS NULL OR v.n_articles != s.n_articles"
                " OR coalesce(v.last_seen, '') != coalesce(s.last_seen, '') LIMIT ?",
                (limit,),
            ).fetchall()
        return [row[0] for row in rows]

    def save_story_view(
        self,
        version: tuple[str, int, str | None],
        claims: list[dict],
        timeline: list[dict],
        badges: list[dict] | None = None,
        sources: dict | None = None,
    ) -> None:
        """Keep a story's claims and timeline rows, computed from this version of it: one row each, in
        order (`story_view_items`), so a page of them is read without the rest. With them, what the
        story page shows of its sourcing: `badges`, one per claim in the claims' order (kind "badges"),
        and `sources`, one item (kind "sources"); read by `story_view_sourcing`."""
        story_id, n_articles, last_seen = version
        if badges is not None and len(badges) != len(claims):
            raise ValueError(f"{len(badges)} badges for {len(claims)} claims")
        kinds: list[tuple[str, list[dict]]] = [("claims", claims), ("timeline", timeline)]
        if badges is not None:
            kinds.append(("badges", badges))
        if sources is not None:
            kinds.append(("sources", [sources]))
        items = [
            (story_id, kind, n, json.dumps(row, ensure_ascii=False, separators=(",", ":")))
            for kind, rows in kinds
            for n, row in enumerate(rows)
        ]
        with self._write("save a story view") as conn:
            conn.execute(
                "INSERT OR REPLACE INTO story_views(story_id, n_articles, last_seen, computed_at, n_claims,"
                " n_timeline) VALUES (?, ?, ?, ?, ?, ?)",
                (story_id, n_articles, last_seen, _now(), len(claims), len(timeline)),
            )
            conn.execute("DELETE FROM story_view_items WHERE story_id = ?", (story_id,))
            conn.executemany("INSERT INTO story_view_items VALUES (?, ?, ?, ?)", items)

    def story_view(self, version: tuple[str, int, str | None]) -> tuple[list[dict], list[dict]] | None:
        """The stored (claims, timeline) rows of this version of a story, None if not stored for it."""
        with self._reading("read a story view"):
            counts = self._view_counts(version)
            if counts is None:
                return None
            rows = self.conn.execute(
                "SELECT kind, item FROM story_view_items"
                " WHERE story_id = ? AND kind IN ('claims', 'timeline') ORDER BY kind, ord",
                (version[0],),
            ).fetchall()
        found: dict[str, list[dict]] = {"claims": [], "timeline": []}
        for kind, item in rows:
            found[kind].append(json.loads(item))
        return found["claims"], found["timeline"]

    def story_view_items(
        self,
        version: tuple[str, int, str | None],
        kind: str,
        limit: int,
        offset: int = 0,
        omit: tuple[str, ...] = (),
    ) -> tuple[list[str], int] | None:
        """One page of a stored story view's rows (`kind` "claims" or "timeline") as their JSON text,
        without the top-level keys in `omit` (removed by SQLite, never parsed here), and how many rows
        there are in all; None if no view is stored for this version of the story."""
        if kind not in ("claims", "timeline"):
            raise ValueError(f"no story view rows of kind {kind!r}")
        if not all(key.isidentifier() for key in omit):
            raise ValueError(f"not a row key: {omit!r}")
        item = f"json_remove(item, {', '.join(repr('$.' + key) for key in omit)})" if omit else "item"
        with self._reading("read a story view"):
            counts = self._view_counts(version)
            if counts is None:
                return None
            rows = self.conn.execute(
                f"SELECT {item} FROM story_view_items WHERE story_id = ? AND kind = ? AND ord >= ?"
                " ORDER BY ord LIMIT ?",
                (version[0], kind, offset, limit),
            ).fetchall()
        return [row[0] for row in rows], counts[0 if kind == "claims" else 1]

    def story_view_sourcing(
        self, version: tuple[str, int, str | None], limit: int, offset: int = 0
    ) -> tuple[list[dict], dict | None] | None:
        """The stored badges of a page of a story view's claims (as `save_story_view` kept them, in the
        claims' order; none when linking stored none) and its "sources" item (None when not stored); None
        if no view is stored for this version of the story."""
        with self._reading("read a story view"):
            if self._view_counts(version) is None:
                return None
            badges = self.conn.execute(
                "SELECT item FROM story_view_items WHERE story_id = ? AND kind = 'badges' AND ord >= ?"
                " ORDER BY ord LIMIT ?",
                (version[0], offset, limit),
            ).fetchall()
            sources = self.conn.execute(
                "SELECT item FROM story_view_items WHERE story_id = ? AND kind = 'sources' AND ord = 0",
                (version[0],),
            ).fetchone()
        return [json.loads(row[0]) for row in badges], None if sources is None else json.loads(sources[0])

    def story_view_counts(self, versions: list[tuple[str, int, str | None]]) -> dict[str, tuple[int, int]]:
        """story id -> (claims, timeline rows) of its stored view, for those of these story versions that
        have one stored."""
        found: dict[str, tuple[int, int]] = {}
        with self._errors("read story views"):
            for start in range(0, len(versions), _IDS_PER_QUERY):
                chunk = {v[0]: v for v in versions[start : start + _IDS_PER_QUERY]}
                marks = ", ".join("?" * len(chunk))
                rows = self.conn.execute(
                    "SELECT story_id, n_articles, last_seen, n_claims, n_timeline FROM story_views"
                    f" WHERE story_id IN ({marks})",
                    list(chunk),
                ).fetchall()
                for story_id, n_articles, last_seen, n_claims, n_timeline in rows:
                    if chunk[story_id][1:] == (n_articles, last_seen):
                        found[story_id] = (n_claims, n_timeline)
        return found

    def _view_counts(self, version: tuple[str, int, str | None]) -> tuple[int, int] | None:
        row = self.conn.execute(
            "SELECT n_claims, n_timeline FROM story_views WHERE story_id = ? AND n_articles = ?"
            " AND coalesce(last_seen, '') = coalesce(?, '')",
            version,
        ).fetchone()
        return None if row is None else (row[0], row[1])

    @contextmanager
    def _reading(self, action: str) -> Iterator[None]:
        """Several reads seeing one state of the store (a read transaction), as `_errors` words failures."""
        with self._errors(action):
            if self.conn.in_transaction:
                yield
                return
            self.conn.execute("BEGIN")
            try:
                yield
            finally:
                self.conn.execute("COMMIT")  # nothing was written: ending the read is all it does

    def story_version(self, story_id: str) -> tuple[str, int, str | None]:
        """(id, article count, last seen) of one story: a story only grows, so this changes whenever
        its articles do; one primary-key lookup. KeyError if there is no such story."""
        with self._errors("read a story"):
            row = self.conn.execute(
                "SELECT id, n_articles, last_seen FROM stories WHERE id = ?", (story_id,)
            ).fetchone()
        if row is None:
            raise KeyError(story_id)
        return row[0], row[1], row[2]

    def story_records(self, story_id: str) -> list[Record]:
        """The records of one story's articles, in published order (as `story` lists them).
        KeyError if there is no such story."""
        with self._errors("read a story's records"):
            found = self.conn.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone()
            if found is None:
                raise KeyError(story_id)
            cols = ", ".join(f"a.{c.strip()}" for c in _ARTICLE_COLS.split(","))
            rows = self.conn.execute(
                f"SELECT {cols} FROM story_articles s JOIN articles a ON a.id = s.article_id"
                " WHERE s.story_id = ? ORDER BY coalesce(a.published, ''), s.linked_seq",
                (story_id,),
            ).fetchall()
            return self._build_all(rows)

    def story_sourcing(self, story_id: str) -> list[SourcingRecord]:
        """What a story's sourcing is read from (its sources table, its claims' badges), for each of its
        articles in `story_records` order: the article's metadata (its text left empty), its
        attributions' ids and source ids, and its sources in full; at a fraction of the cost of
        `story_records` for a story of hundreds of articles. KeyError if there is no such story."""
        with self._reading("read a story's sources"):
            found = self.conn.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone()
            if found is None:
                raise KeyError(story_id)
            articles = self.conn.execute(
                "SELECT a.id, a.url, a.outlet, a.title, a.published"
                " FROM story_articles s JOIN articles a ON a.id = s.article_id"
                " WHERE s.story_id = ? ORDER BY coalesce(a.published, ''), s.linked_seq",
                (story_id,),
            ).fetchall()
            rows: dict[str, dict[str, list[tuple]]] = {
                a[0]: {name: [] for name in _SOURCING_QUERIES} for a in articles
            }
            ids = list(rows)
            for start in range(0, len(ids), _IDS_PER_QUERY):
                chunk = ids[start : start + _IDS_PER_QUERY]
                marks = ", ".join("?" * len(chunk))
                for name, query in _SOURCING_QUERIES.items():
                    for aid, *rest in self.conn.execute(query.format(marks), chunk):
                        rows[aid][name].append(tuple(rest))
        sources: list[dict[str, Any]] = []  # every source of the story, validated in one call below
        for aid in ids:
            mentions: dict[str, list[dict[str, Any]]] = {}
            for owner, start, end, text in rows[aid]["mentions"]:
                mentions.setdefault(owner, []).append({"start": start, "end": end, "text": text})
            includes: dict[str, list[dict[str, Any]]] = {}
            for source_id, text, count, affiliation in rows[aid]["includes"]:
                includes.setdefault(source_id, []).append(
                    {"text": text, "count": count, "affiliation": affiliation}
                )
            sources.extend(
                {
                    "id": sid,
                    "type": type_,
                    "name": name,
                    "normalized_name": normalized,
                    "anonymous": bool(anonymous),
                    "count": count,
                    "includes": includes.get(sid, []),
                    "affiliation": affiliation,
                    "role": role,
                    "mentions": mentions.get(sid, []),
                }
                for sid, type_, name, normalized, anonymous, count, affiliation, role in rows[aid]["sources"]
            )
        try:
            built = iter(_SOURCES.validate_python(sources))
        except ValueError as exc:  # pydantic's ValidationError is a ValueError
            damaged = f"a source of story {story_id!r} is damaged"
            raise StoreError(f"store {self.path}: {damaged}: {one_line(exc)}") from None
        return [
            SourcingRecord(
                article=Article(id=aid, url=url, outlet=outlet, title=title, published=published, text=""),
                attributions=[AttributionRef(*row) for row in rows[aid]["attributions"]],
                sources=[next(built) for _ in rows[aid]["sources"]],
            )
            for aid, url, outlet, title, published in articles
        ]

    # -- canonical entities ----------------------------------------------------------------------

    def entity_progress(self) -> dict[str, int]:
        """The canonicaliser's progress: {"seq": the last article seq done, "next_id": the next entity
        number}; {"seq": 0, "next_id": 1} before the first run."""
        with self._errors("read the entity progress"):
            row = self.conn.execute("SELECT value FROM link_state WHERE key = 'entities'").fetchone()
        return json.loads(row[0]) if row else {"seq": 0, "next_id": 1}

    def entity_inputs(self, after_seq: int, limit: int = _PAGE) -> list[dict[str, Any]]:
        """The next `limit` articles after `after_seq`, in insertion order, with what canonicalisation
        reads: id, seq, outlet, published, sources [(id, type, name, anonymous, affiliation)] and
        participants [(event_id, role, ord, name, country, sector)], both in record order."""
        with self._errors("read articles for entities"):
            rows = self.conn.execute(
                "SELECT id, seq, outlet, published FROM articles WHERE seq > ? ORDER BY seq LIMIT ?",
                (after_seq, limit),
            ).fetchall()
            if not rows:
                return []
            articles = {
                aid: {"id": aid, "seq": seq, "outlet": outlet, "published": published, "sources": [],
                      "participants": []}
                for aid, seq, outlet, published in rows
            }  # fmt: skip
            marks = ", ".join("?" * len(articles))
            for aid, *source in self.conn.execute(
                "SELECT article_id, id, type, name, anonymous, affiliation FROM sources"
                f" WHERE article_id IN ({marks}) ORDER BY article_id, ord",
                list(articles),
            ):
                articles[aid]["sources"].append((source[0], source[1], source[2], bool(source[3]), source[4]))
            for aid, *participant in self.conn.execute(
                "SELECT p.article_id, p.event_id, p.role, p.ord, p.name, p.country, p.sector"
                " FROM participants p JOIN events e ON e.article_id = p.article_id AND e.id = p.event_id"
                f" WHERE p.article_id IN ({marks}) ORDER BY p.article_id, e.ord, p.role, p.ord",
                list(articles),
            ):
                articles[aid]["participants"].append(tuple(participant))
        return list(articles.values())

    def entities_by_key(self, keys: list[str]) -> list[dict[str, Any]]:
        """The entities whose matching key is one of `keys` (an indexed lookup, any number of keys)."""
        found: list[dict[str, Any]] = []
        with self._errors("read entities"):
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                rows = self.conn.execute(
                    f"SELECT {_ENTITY_COLS} FROM entities WHERE key IN ({', '.join('?' * len(chunk))})"
                    " ORDER BY rowid",
                    chunk,
                ).fetchall()
                found += [dict(zip(_ENTITY_FIELDS, row, strict=True)) for row in rows]
        return found

    def save_entities(
        self,
        before: dict[str, int],
        after: dict[str, int],
        entities: list[dict[str, Any]],
        mentions: list[tuple[str, str, str, str, str, str | None]],
    ) -> bool:
        """Write what a canonicalisation batch changed, in one transaction: the new and changed
        `entities` (dicts with the `entities` columns), the new `mentions` (article_id, ref, entity_id,
        role, name_as_written, outlet) and the progress `after`. Nothing is written, and False is
        returned, when the progress is no longer `before` (another run got there first)."""
        with self._write("save entities") as conn:
            row = conn.execute("SELECT value FROM link_state WHERE key = 'entities'").fetchone()
            if (json.loads(row[0]) if row else {"seq": 0, "next_id": 1}) != before:
                return False
            _write_entities(conn, entities, mentions, after)
        return True

    def entities(
        self, type: str | None = None, limit: int = 50, offset: int = 0, max_articles: int = 20
    ) -> list[dict[str, Any]]:
        """Entities, most mentioned first (of one `type` when given), each with its `variants` (name as
        written -> mentions), `outlets` (outlet -> mentions, articles without an outlet left out) and
        up to `max_articles` of its `articles` (latest first)."""
        where, params = ("WHERE type = ?", [type]) if type else ("", [])
        with self._errors("list entities"):
            rows = self.conn.execute(
                f"SELECT {_ENTITY_COLS} FROM entities {where}"
                " ORDER BY n_mentions DESC, n_articles DESC, name, id LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
            found = [dict(zip(_ENTITY_FIELDS, row, strict=True)) for row in rows]
            by_id = {e["id"]: e for e in found}
            for e in found:
                e.update(variants={}, outlets={}, articles=[])
            if not found:
                return found
            marks = ", ".join("?" * len(by_id))
            for eid, name, n in self.conn.execute(
                "SELECT entity_id, name_as_written, count(*) FROM entity_mentions"
                f" WHERE entity_id IN ({marks}) GROUP BY entity_id, name_as_written"
                " ORDER BY entity_id, count(*) DESC, name_as_written",
                list(by_id),
            ):
                by_id[eid]["variants"][name] = n
            for eid, outlet, n in self.conn.execute(
                "SELECT entity_id, outlet, count(*) FROM entity_mentions"
                f" WHERE entity_id IN ({marks}) AND outlet IS NOT NULL GROUP BY entity_id, outlet"
                " ORDER BY entity_id, count(*) DESC, outlet",
                list(by_id),
            ):
                by_id[eid]["outlets"][outlet] = n
            for eid, aid in self.conn.execute(
                "SELECT entity_id, article_id FROM (SELECT m.entity_id, m.article_id, row_number() OVER"
                " (PARTITION BY m.entity_id ORDER BY coalesce(a.published, '') DESC, a.seq DESC) AS n"
                " FROM (SELECT DISTINCT entity_id, article_id FROM entity_mentions"
                f" WHERE entity_id IN ({marks})) m JOIN articles a ON a.id = m.article_id)"
                " WHERE n <= ? ORDER BY entity_id, n",
                [*by_id, max_articles],
            ):
                by_id[eid]["articles"].append(aid)
        return found

    def entity_mentions(self, entity_id: str) -> list[dict[str, Any]]:
        """Every reference to one entity: article_id, ref, role, name_as_written, outlet, published,
        oldest first. KeyError if there is no such entity."""
        with self._errors("read an entity's mentions"):
            if self.conn.execute("SELECT 1 FROM entities WHERE id = ?", (entity_id,)).fetchone() is None:
                raise KeyError(entity_id)
            rows = self.conn.execute(
                "SELECT m.article_id, m.ref, m.role, m.name_as_written, m.outlet, a.published"
                " FROM entity_mentions m JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ?"
                " ORDER BY coalesce(a.published, ''), a.seq, m.ref",
                (entity_id,),
            ).fetchall()
        fields = ("article_id", "ref", "role", "name_as_written", "outlet", "published")
        return [dict(zip(fields, row, strict=True)) for row in rows]

    # -- inspection ------------------------------------------------------------------------------

    def has_table(self, name: str) -> bool:
        """Whether the store has this table. Its tables are read once: the schema is settled when the
        store is opened (migrated, or refused when read-only and older)."""
        if self._table_names is None:
            self._table_names = frozenset(self.tables())
        return name in self._table_names

    def tables(self) -> list[str]:
        """The store's own tables (not SQLite's, not the full-text index's)."""
        with self._errors("list tables"):
            rows = self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " AND name NOT LIKE 'articles_fts%' ORDER BY rowid"
            ).fetchall()
        return [name for (name,) in rows]

    def stats(self) -> dict[str, Any]:
        """Rows per table ({"articles": n, "copies": n, ...}), plus "file_size" (bytes, with the WAL),
        "schema_version" and "path". Flat, so every int value is a count or a size to print."""
        with self._errors("read statistics"):
            counts = {
                t: self.conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in self.tables()
            }
            version = migrations.current_version(self.conn)
        size = sum(p.stat().st_size for p in (self.path, Path(f"{self.path}-wal")) if p.exists())
        return {**counts, "file_size": size, "schema_version": version, "path": str(self.path)}

    def check(self) -> list[str]:
        """Integrity problems, one line each; empty when all is well."""
        with self._errors("check the store"):
            return run_checks(self.conn)


@dataclass
class StoryState:
    """The story index as plain data: counters and parameters (`index`), document frequencies
    (`df`: all on load, the changed ones on save) and story profiles (all on load, changed on save)."""

    index: dict[str, Any]
    df: dict[str, int]
    profiles: list[dict[str, Any]]


def _story_row(row: tuple) -> dict[str, Any]:
    sid, label, first_seen, last_seen, n_articles, outlets = row
    return {
        "id": sid,
        "label": label,
        "first_seen": first_seen,
        "last_seen": last_seen,
        "n_articles": n_articles,
        "outlets": json.loads(outlets),
    }


# -- re-analysis ---------------------------------------------------------------------------------

# (entity lookup by keys, new record, next entity number) -> (new and changed entity rows, the
# record's mention rows, the next entity number): `newstrace.link.canonical.article_entities`.
Remention = Callable[
    [Callable[[list[str]], list[dict[str, Any]]], Record, int],
    tuple[list[dict[str, Any]], list[tuple[str, str, str, str, str, str | None]], int],
]
_STORED_ARTICLE_COLS = "seq, id, url, outlet, title, published, authors, language, text"


def _article(article_id: str, url, outlet, title, published, authors: str, language, text: str) -> Article:
    """The Article of an `articles` row's columns (`authors` as stored: a JSON list)."""
    return Article(
        id=article_id,
        url=url,
        outlet=outlet,
        title=title,
        published=published,
        authors=json.loads(authors),
        language=language,
        text=text,
    )


def _stored_article(row: tuple) -> StoredArticle:
    seq, article_id = row[0], row[1]
    try:
        article = _article(*row[1:])
    except ValueError as exc:  # pydantic's ValidationError and json's JSONDecodeError are ValueErrors
        return StoredArticle(seq, article_id, None, f"the stored article is damaged: {one_line(exc)}")
    return StoredArticle(seq, article_id, article)


def _drop_story_views(conn: sqlite3.Connection, article_id: str) -> list[str]:
    """Delete the stored views of the article's story (so `stale_story_views` lists it); its id."""
    stories = [
        row[0]
        for row in conn.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,))
    ]
    for story_id in stories:
        conn.execute("DELETE FROM story_view_items WHERE story_id = ?", (story_id,))
        conn.execute("DELETE FROM story_views WHERE story_id = ?", (story_id,))
    return stories


# -- canonical entities: the `entities` columns, in order ---------------------------------------

_ENTITY_FIELDS = (
    "id", "type", "name", "key", "country", "n_mentions", "n_articles", "first_seen", "last_seen",
)  # fmt: skip
_ENTITY_COLS = ", ".join(_ENTITY_FIELDS)


def _write_entities(
    conn: sqlite3.Connection,
    entities: list[dict[str, Any]],
    mentions: list[tuple[str, str, str, str, str, str | None]],
    progress: dict[str, int],
) -> None:
    """Upsert these entities, add these mentions and save the canonicaliser's progress (in the caller's
    transaction)."""
    conn.executemany(
        f"INSERT INTO entities({_ENTITY_COLS}) VALUES ({', '.join('?' * len(_ENTITY_FIELDS))})"
        " ON CONFLICT(id) DO UPDATE SET name = excluded.name, n_mentions = excluded.n_mentions,"
        " n_articles = excluded.n_articles, first_seen = excluded.first_seen,"
        " last_seen = excluded.last_seen",
        [tuple(e[f] for f in _ENTITY_FIELDS) for e in entities],
    )
    conn.executemany(
        "INSERT INTO entity_mentions(article_id, ref, entity_id, role, name_as_written, outlet)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        mentions,
    )
    conn.execute(
        "INSERT INTO link_state(key, value) VALUES ('entities', ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (json.dumps(progress),),
    )


# -- writing a record's rows ---------------------------------------------------------------------

_ARTICLE_COLS = (
    "id, url, outlet, title, published, authors, language, text, framing, newstrace_version, schema_version, "
    "models, predicates"
)


# The columns of `articles` that hold a record's analysis (the rest is the text, its metadata and
# bookkeeping): what `Store.replace_analyses` rewrites.
_ANALYSIS_COLS = (
    "framing", "newstrace_version", "schema_version", "n_attributions", "n_sources", "n_events", "n_spans",
    "models", "predicates",
)  # fmt: skip


def _analysis_values(record: Record) -> tuple:
    """The values of `_ANALYSIS_COLS` for a record."""
    return (
        None
        if record.framing is None
        else json.dumps(record.framing.model_dump(mode="json"), ensure_ascii=False),
        record.newstrace_version,
        record.schema_version,
        len(record.attributions),
        len(record.sources),
        len(record.events),
        _count_spans(record),
        json.dumps(record.models, sort_keys=True),
        json.dumps([[p.trigger.start, p.trigger.end, p.status, p.depth] for p in record.predicates]),
    )


def _insert_article(conn: sqlite3.Connection, article_id: str, key: str, record: Record) -> None:
    a = record.article
    conn.execute(
        f"""
        INSERT INTO articles(id, given_id, text_key, url, outlet, title, published, authors, language, text,
            ingested_at, {", ".join(_ANALYSIS_COLS)})
        VALUES ({", ".join("?" * (11 + len(_ANALYSIS_COLS)))})
        """,
        (
            article_id,
            a.id,
            key,
            a.url,
            a.outlet,
            a.title,
            a.published,
            json.dumps(a.authors, ensure_ascii=False),
            a.language,
            a.text,
            _now(),
            *_analysis_values(record),
        ),
    )


def _update_analysis(conn: sqlite3.Connection, article_id: str, record: Record) -> None:
    """Rewrite an article row's analysis columns from a record (text and metadata untouched)."""
    assignments = ", ".join(f"{col} = ?" for col in _ANALYSIS_COLS)
    conn.execute(f"UPDATE articles SET {assignments} WHERE id = ?", (*_analysis_values(record), article_id))


# A record's child tables, in an order that deletes children before their parents (participants
# point at spans and events, included groups at sources).
_CHILD_TABLES = ("participants", "source_includes", "events", "attributions", "sources", "spans")


def _delete_children(conn: sqlite3.Connection, article_id: str) -> None:
    for table in _CHILD_TABLES:
        conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))


def _count_spans(record: Record) -> int:
    return len(_spans_of(record))


def _spans_of(record: Record) -> list[tuple[str, str, int, Span]]:
    """Every span of the record as (owner id, role, position, span)."""
    out: list[tuple[str, str, int, Span]] = []
    for a in record.attributions:
        out.append((a.id, "cue", 0, a.cue))
        if a.source is not None:
            out.append((a.id, "source", 0, a.source))
        out.extend((a.id, "content", i, span) for i, span in enumerate(a.content))
    for s in record.sources:
        out.extend((s.id, "mention", i, span) for i, span in enumerate(s.mentions))
    for e in record.events:
        out.append((e.id, "trigger", 0, e.trigger))
        out.extend((e.id, "actor", i, p.span) for i, p in enumerate(e.actors))
        out.extend((e.id, "target", i, p.span) for i, p in enumerate(e.targets))
        if e.location is not None:
            out.append((e.id, "location", 0, e.location.span))
        if e.time is not None:
            out.append((e.id, "time", 0, e.time.span))
    return out


def _insert_children(conn: sqlite3.Connection, article_id: str, record: Record) -> None:
    conn.executemany(
        "INSERT INTO attributions(article_id, id, ord, kind, source_id, via) VALUES (?, ?, ?, ?, ?, ?)",
        [(article_id, a.id, i, a.kind, a.source_id, a.via) for i, a in enumerate(record.attributions)],
    )
    conn.executemany(
        "INSERT INTO sources(article_id, id, ord, type, name, normalized_name, anonymous, count,"
        " affiliation, role) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                article_id,
                s.id,
                i,
                s.type,
                s.name,
                s.normalized_name,
                int(s.anonymous),
                s.count,
                s.affiliation,
                s.role,
            )
            for i, s in enumerate(record.sources)
        ],
    )
    conn.executemany(
        "INSERT INTO source_includes(article_id, source_id, ord, text, count, affiliation)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            (article_id, s.id, i, g.text, g.count, g.affiliation)
            for s in record.sources
            for i, g in enumerate(s.includes)
        ],
    )
    conn.executemany(
        "INSERT INTO events(article_id, id, ord, category, mode, status, factuality, attributed_to,"
        " location_name, location_country, time_value, time_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                article_id,
                e.id,
                i,
                e.category,
                e.mode,
                e.status,
                e.factuality,
                e.attributed_to,
                e.location.name if e.location else None,
                e.location.country if e.location else None,
                e.time.value if e.time else None,
                e.time.end if e.time else None,
            )
            for i, e in enumerate(record.events)
        ],
    )
    conn.executemany(
        'INSERT INTO spans(article_id, owner, role, ord, start, "end", text) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [
            (article_id, owner, role, i, span.start, span.end, span.text)
            for owner, role, i, span in _spans_of(record)
        ],
    )
    span_ids = {
        (owner, role, i): span_id
        for span_id, owner, role, i in conn.execute(
            "SELECT id, owner, role, ord FROM spans WHERE article_id = ? AND role IN ('actor', 'target')",
            (article_id,),
        )
    }
    conn.executemany(
        "INSERT INTO participants(article_id, event_id, role, ord, name, country, sector, span_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (article_id, e.id, role, i, p.name, p.country, p.sector, span_ids[e.id, role, i])
            for e in record.events
            for role, people in (("actor", e.actors), ("target", e.targets))
            for i, p in enumerate(people)
        ],
    )


# -- rebuilding a record -------------------------------------------------------------------------


# Each child table of a record, read for many articles at once: the rows come grouped by article
# (the article id first, dropped when grouped), in the order a record lists them. One query per table
# for a whole page or story, where a query per table per article made a story of 300 articles cost
# 1,800 queries.
_CHILD_QUERIES = {
    "spans": 'SELECT article_id, owner, role, start, "end", text FROM spans WHERE article_id IN ({})'
    " ORDER BY article_id, owner, role, ord",
    "attributions": "SELECT article_id, id, kind, source_id, via FROM attributions WHERE article_id IN ({})"
    " ORDER BY article_id, ord",
    "includes": "SELECT article_id, source_id, text, count, affiliation FROM source_includes"
    " WHERE article_id IN ({}) ORDER BY article_id, source_id, ord",
    "sources": "SELECT article_id, id, type, name, normalized_name, anonymous, count, affiliation, role"
    " FROM sources WHERE article_id IN ({}) ORDER BY article_id, ord",
    "participants": "SELECT article_id, event_id, role, name, country, sector FROM participants"
    " WHERE article_id IN ({}) ORDER BY article_id, event_id, role, ord",
    "events": "SELECT article_id, id, category, mode, status, factuality, attributed_to, location_name,"
    " location_country, time_value, time_end FROM events WHERE article_id IN ({}) ORDER BY article_id, ord",
}
_IDS_PER_QUERY = 500  # well under SQLite's limit on bound parameters

# What `Store.story_sourcing` reads: the child rows behind a story's sources table and badges.
_SOURCING_QUERIES = {
    "mentions": 'SELECT article_id, owner, start, "end", text FROM spans WHERE article_id IN ({})'
    " AND role = 'mention' ORDER BY article_id, owner, ord",
    "attributions": _CHILD_QUERIES["attributions"],
    "sources": _CHILD_QUERIES["sources"],
    "includes": _CHILD_QUERIES["includes"],
}
_SOURCES = TypeAdapter(list[Source])


@dataclass(frozen=True)
class AttributionRef:
    """An attribution as sourcing reads it: which source it rests on (no spans)."""

    id: str
    kind: str
    source_id: str | None
    via: str | None


@dataclass
class SourcingRecord:
    """The part of an article's record that its sourcing is read from, with a record's field names
    (`newstrace.link.sourcing` and the story page's sources table read these fields): the article's
    metadata (no text), its attributions' sources, and its sources in full."""

    article: Article
    attributions: list[AttributionRef]
    sources: list[Source]


ChildRows = dict[str, list[tuple]]  # child table -> one article's rows, without the article id


def _child_rows(conn: sqlite3.Connection, ids: list[str]) -> dict[str, ChildRows]:
    """article id -> its rows of every child table, for all `ids` in one query per table (per 500)."""
    found: dict[str, ChildRows] = {aid: {name: [] for name in _CHILD_QUERIES} for aid in ids}
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), _IDS_PER_QUERY):
        chunk = unique[start : start + _IDS_PER_QUERY]
        marks = ", ".join("?" * len(chunk))
        for name, query in _CHILD_QUERIES.items():
            for aid, *rest in conn.execute(query.format(marks), chunk):
                found[aid][name].append(tuple(rest))
    return found


def _build_record(row: tuple, children: ChildRows) -> Record:
    framing, version, schema, models, predicates = row[8:13]
    spans = _load_spans(children["spans"])
    article = _article(*row[:8])
    return Record(
        schema_version=schema,
        newstrace_version=version,
        models=json.loads(models),
        article=article,
        attributions=_load_attributions(children["attributions"], spans),
        sources=_load_sources(children["sources"], children["includes"], spans),
        events=_load_events(children["events"], children["participants"], spans),
        predicates=_load_predicates(predicates, article.text),
        framing=None if framing is None else json.loads(framing),
    )


def _load_predicates(stored: str | None, text: str) -> list[Predicate]:
    """The predicates of the `predicates` column ([start, end, status, depth] each; none before version 9)."""
    return [
        Predicate(trigger=Span(start=start, end=end, text=text[start:end]), status=status, depth=depth)
        for start, end, status, depth in json.loads(stored or "[]")
    ]


# (event id, role) -> (name, country, sector) per participant, in order
ParticipantRows = dict[tuple[str, str], list[tuple[str, str | None, str | None]]]
SpanMap = dict[tuple[str, str], list[Span]]


def _load_spans(rows: list[tuple]) -> SpanMap:
    """{(owner, role): [spans in order]} for one article."""
    spans: SpanMap = {}
    for owner, role, start, end, text in rows:
        spans.setdefault((owner, role), []).append(Span(start=start, end=end, text=text))
    return spans


def _first(spans: SpanMap, owner: str, role: str) -> Span | None:
    found = spans.get((owner, role))
    return found[0] if found else None


def _load_attributions(rows: list[tuple], spans: SpanMap) -> list[Attribution]:
    return [
        Attribution(
            id=aid,
            kind=kind,
            cue=_first(spans, aid, "cue"),
            source=_first(spans, aid, "source"),
            source_id=source_id,
            content=spans.get((aid, "content"), []),
            via=via,
        )
        for aid, kind, source_id, via in rows
    ]


def _load_sources(rows: list[tuple], include_rows: list[tuple], spans: SpanMap) -> list[Source]:
    includes: dict[str, list[SourceGroup]] = {}
    for source_id, text, count, affiliation in include_rows:
        includes.setdefault(source_id, []).append(
            SourceGroup(text=text, count=count, affiliation=affiliation)
        )
    return [
        Source(
            id=sid,
            type=type_,
            name=name,
            normalized_name=normalized,
            anonymous=bool(anonymous),
            count=count,
            includes=includes.get(sid, []),
            affiliation=affiliation,
            role=role,
            mentions=spans.get((sid, "mention"), []),
        )
        for sid, type_, name, normalized, anonymous, count, affiliation, role in rows
    ]


def _load_events(rows: list[tuple], participant_rows: list[tuple], spans: SpanMap) -> list[Event]:
    names: ParticipantRows = {}
    for event_id, role, *row in participant_rows:
        names.setdefault((event_id, role), []).append(tuple(row))
    events = []
    for eid, category, mode, status, factuality, attributed_to, location_name, country, value, end in rows:
        location_span, time_span = _first(spans, eid, "location"), _first(spans, eid, "time")
        location = (
            EventLocation(span=location_span, name=location_name, country=country) if location_span else None
        )
        events.append(
            Event(
                id=eid,
                trigger=_first(spans, eid, "trigger"),
                category=category,
                mode=mode,
                actors=_participants(spans, names, eid, "actor"),
                targets=_participants(spans, names, eid, "target"),
                location=location,
                time=EventTime(span=time_span, value=value, end=end) if time_span else None,
                status=status,
                factuality=factuality,
                attributed_to=attributed_to,
            )
        )
    return events


def _participants(spans: SpanMap, rows: ParticipantRows, event_id: str, role: str) -> list[Participant]:
    found = rows.get((event_id, role), [])
    return [
        Participant(span=span, name=name, country=country, sector=sector)
        for span, (name, country, sector) in zip(spans.get((event_id, role), []), found, strict=True)
    ]
