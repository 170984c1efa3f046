"""The embedded store: SQLite in WAL mode, one transaction per unit of work.

One connection serves the process; a lock serialises units of work, and BEGIN IMMEDIATE takes the database
write lock up front so several processes can share one file without upgrade deadlocks.
"""

from __future__ import annotations

import functools
import math
import sqlite3
import threading
import time

from connect_local.config import Settings
from connect_local.store.migrations import MIGRATIONS
from connect_local.store.read_cache import ReadCache
from connect_local.store.sql import UPSERT_TOKEN, SqlUnitOfWork


class SqliteStore:
    def __init__(self, path: str | None, synchronous: str = "FULL", read_cache_rows: int = Settings.read_cache_rows) -> None:
        self.path = path or ":memory:"
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA busy_timeout = 10000")
        if path:
            self._db.execute("PRAGMA journal_mode = WAL")
        if synchronous not in ("OFF", "NORMAL", "FULL", "EXTRA"):
            raise ValueError(f"unknown synchronous mode {synchronous!r}")
        self._db.execute(f"PRAGMA synchronous = {synchronous}")
        # The earliest pending transition, as last read: lets read-only units skip the due probe. Any write unit of
        # this process forgets it; other processes' writes are noticed within NEXT_DUE_TTL seconds.
        self._next_due: float | None = None
        self._next_due_read_at = 0.0
        self._migrate()
        wal = path is not None and self._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        self._reads = ReadCache(self._db, path, wal, read_cache_rows)
        self._read_only_unit = ReadOnlyUnitOfWork(self._db, self._reads)  # stateless, so one serves every unit

    def _nothing_due(self, now: float) -> bool:
        """Whether no transition is due at `now`, asking the database at most every NEXT_DUE_TTL seconds."""
        moment = time.monotonic()
        if self._next_due is None or moment - self._next_due_read_at > NEXT_DUE_TTL or self._next_due <= now:
            earliest = self._db.execute("SELECT min(due) FROM records WHERE due IS NOT NULL").fetchone()[0]
            self._next_due = math.inf if earliest is None else float(earliest)
            self._next_due_read_at = moment
        return self._next_due > now

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

    def unit_of_work(self, read_only: bool = False, now: float | None = None) -> _Scope:
        """One transaction, holding the database write lock from the start.

        A read-only unit that finds nothing due at `now` needs neither: it reads in autocommit mode and is marked
        `nothing_due`, so the caller skips settling. This is the hot path of every Describe/List/Get.
        """
        return _Scope(self, read_only, now)

    def reset(self) -> None:
        """Forget every resource (the control plane's reset)."""
        with self.unit_of_work():
            self._db.execute("DELETE FROM records")
            self._db.execute("DELETE FROM idempotency")

    def close(self) -> None:
        with self._lock:
            self._reads.close()
            self._db.close()


# How stale this process's view of other processes' pending transitions may be (several servers on one file).
NEXT_DUE_TTL = 0.1


class _Scope:
    """The unit of work's `with` block (a class, not a generator: it runs on every request)."""

    __slots__ = ("_in_transaction", "_now", "_read_only", "_store")

    def __init__(self, store: SqliteStore, read_only: bool, now: float | None) -> None:
        self._store = store
        self._read_only = read_only
        self._now = now
        self._in_transaction = False

    def __enter__(self) -> SqliteUnitOfWork:
        store = self._store
        store._lock.acquire()
        try:
            db = store._db
            if self._read_only and self._now is not None and store._nothing_due(self._now):
                store._reads.validate()
                return store._read_only_unit
            store._next_due = None  # this unit may schedule or settle transitions
            store._reads.clear()  # ... and change what earlier reads saw
            db.execute("BEGIN IMMEDIATE")
            self._in_transaction = True
            return SqliteUnitOfWork(db)
        except BaseException:
            store._lock.release()
            raise

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: object) -> None:
        db = self._store._db
        try:
            if self._in_transaction:
                if kind is not None:
                    db.execute("ROLLBACK")
                else:
                    try:
                        db.execute("COMMIT")
                    except BaseException:
                        db.execute("ROLLBACK")  # a 2xx only ever follows a commit that happened
                        raise
        finally:
            self._store._lock.release()


class SqliteUnitOfWork(SqlUnitOfWork):
    def __init__(self, db: sqlite3.Connection) -> None:
        super().__init__(db.execute, sqlite3.IntegrityError, UPSERT_TOKEN)


class ReadOnlyUnitOfWork(SqliteUnitOfWork):
    """Reads outside a transaction, through the read cache; any write is a bug in an operation registered as
    read-only."""

    nothing_due = True

    def __init__(self, db: sqlite3.Connection, reads: ReadCache) -> None:
        super().__init__(db)
        self._one = functools.partial(reads.read, False)  # type: ignore[method-assign]
        self._all = functools.partial(reads.read, True)  # type: ignore[method-assign]

    def _refuse(self, *args: object, **kwargs: object) -> None:
        raise RuntimeError("an operation registered as read-only tried to write")

    insert = update = delete = remember = purge_expired_tokens = set_meta = _refuse  # type: ignore[assignment]
