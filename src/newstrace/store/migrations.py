"""Versioned schema migrations.

The schema version is kept twice: in `PRAGMA user_version` (read without knowing any table, so
a store from a newer newstrace is refused before anything else is touched) and in the
`schema_migrations` table (a readable history: when, and by which newstrace). Each migration runs
in one `BEGIN IMMEDIATE` transaction together with the version bump, so a crash leaves the store at
the old version or the new one, never in between; two processes opening a fresh store at once
serialise on that lock and the second finds the work done.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

from newstrace import __version__
from newstrace.store import schema

Migration = Callable[[sqlite3.Connection], None]


def _run(statements: list[str]) -> Migration:
    def migrate(conn: sqlite3.Connection) -> None:
        for statement in statements:
            conn.execute(statement)

    return migrate


# MIGRATIONS[n - 1] takes a store from version n - 1 to n. Append only; never edit a released one.
MIGRATIONS: list[Migration] = [
    _run(schema.V1),
    _run(schema.V2),
    _run(schema.V3),
    _run(schema.V4),
    _run(schema.V5),
    _run(schema.V6),
    _run(schema.V7),
    _run(schema.V8),
    _run(schema.V9),
]


class MigrationError(Exception):
    """The store's version cannot be handled by this newstrace (the caller words the message)."""


def latest_version() -> int:
    return len(MIGRATIONS)


def current_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def check_version(conn: sqlite3.Connection) -> int:
    """The store's version; MigrationError if it was written by a newer newstrace."""
    version = current_version(conn)
    if version > latest_version():
        raise MigrationError(
            f"store is at schema version {version}, newer than this newstrace ({__version__}) "
            f"supports ({latest_version()}); upgrade newstrace"
        )
    return version


def _is_foreign(conn: sqlite3.Connection) -> bool:
    """A version-0 file that already has tables is someone else's database: do not write into it."""
    row = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchone()
    return row[0] > 0


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the store up to the latest version; return the version it was at. `conn` is in autocommit."""
    start = check_version(conn)
    if start == latest_version():
        return start
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Re-read under the write lock: another process may have migrated meanwhile.
        version = check_version(conn)
        if version == 0 and _is_foreign(conn):
            raise MigrationError("file is a SQLite database but not a newstrace store")
        for target in range(version + 1, latest_version() + 1):
            MIGRATIONS[target - 1](conn)
            conn.execute(
                "INSERT INTO schema_migrations(version, applied_at, newstrace_version) VALUES (?, ?, ?)",
                (target, datetime.now(UTC).isoformat(timespec="seconds"), __version__),
            )
            # PRAGMA does not take parameters; target is an int we computed.
            conn.execute(f"PRAGMA user_version = {int(target)}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return start
