"""The embedded store: SQLite in WAL mode, one transaction per unit of work.

One connection serves the process; a lock serialises units of work, and BEGIN IMMEDIATE takes the database
write lock up front so several processes can share one file without upgrade deadlocks.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from connect_local.store.migrations import MIGRATIONS
from connect_local.store.sql import UPSERT_TOKEN, SqlUnitOfWork


class SqliteStore:
    def __init__(self, path: str | None, synchronous: str = "FULL") -> None:
        self.path = path or ":memory:"
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA busy_timeout = 10000")
        if path:
            self._db.execute("PRAGMA journal_mode = WAL")
        if synchronous not in ("OFF", "NORMAL", "FULL", "EXTRA"):
            raise ValueError(f"unknown synchronous mode {synchronous!r}")
        self._db.execute(f"PRAGMA synchronous = {synchronous}")
        self._migrate()

    def _migrate(self) -> None:
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
                row = db.execute("SELECT max(version) FROM schema_version").fetchone()
                current = row[0] or 0
                for version, statements in MIGRATIONS:
                    if version > current:
                        for statement in statements:
                            db.execute(statement.format(serial="INTEGER PRIMARY KEY AUTOINCREMENT"))
                        db.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("SELECT max(version) FROM schema_version").fetchone()[0])

    @contextmanager
    def unit_of_work(self, read_only: bool = False, now: float | None = None) -> Iterator[SqliteUnitOfWork]:
        """One transaction, holding the database write lock from the start.

        A read-only unit that finds nothing due at `now` needs neither: it reads in autocommit mode and is marked
        `nothing_due`, so the caller skips settling. This is the hot path of every Describe/List/Get.
        """
        with self._lock:
            if read_only and now is not None and not self._anything_due(now):
                yield ReadOnlyUnitOfWork(self._db)
                return
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield SqliteUnitOfWork(self._db)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _anything_due(self, now: float) -> bool:
        return self._db.execute("SELECT 1 FROM records WHERE due <= ? LIMIT 1", (now,)).fetchone() is not None

    def reset(self) -> None:
        """Forget every resource (the control plane's reset)."""
        with self.unit_of_work():
            self._db.execute("DELETE FROM records")
            self._db.execute("DELETE FROM idempotency")

    def close(self) -> None:
        with self._lock:
            self._db.close()


class SqliteUnitOfWork(SqlUnitOfWork):
    def __init__(self, db: sqlite3.Connection) -> None:
        super().__init__(db.execute, sqlite3.IntegrityError, UPSERT_TOKEN)


class ReadOnlyUnitOfWork(SqliteUnitOfWork):
    """Reads outside a transaction; any write is a bug in an operation registered as read-only."""

    nothing_due = True

    def _refuse(self, *args: object, **kwargs: object) -> None:
        raise RuntimeError("an operation registered as read-only tried to write")

    insert = update = delete = remember = purge_expired_tokens = set_meta = _refuse  # type: ignore[assignment]
