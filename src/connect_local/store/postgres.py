"""PostgreSQL store: the same records schema and UnitOfWork contract as SQLite.

Each unit of work takes a transaction-scoped advisory lock first, giving the same serial semantics as SQLite's
BEGIN IMMEDIATE, so several server processes can share one database safely.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg

from connect_local.store.migrations import MIGRATIONS
from connect_local.store.sql import UPSERT_TOKEN, SqlUnitOfWork

_LOCK_KEY = 0x636F6E6E  # "conn": any constant shared by every connect-local process


class PostgresStore:
    def __init__(self, url: str) -> None:
        self.path = _redact(url)
        self._lock = threading.Lock()
        self._db = psycopg.connect(url, autocommit=True)
        self._migrate()

    def _execute(self, sql: str, args: Sequence[Any] = ()) -> Any:
        return self._db.execute(sql.replace("?", "%s"), args)

    def _migrate(self) -> None:
        with self._transaction():
            self._execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            current = self._execute("SELECT max(version) FROM schema_version").fetchone()[0] or 0
            for version, statements in MIGRATIONS:
                if version > current:
                    for statement in statements:
                        self._execute(statement.format(serial="BIGSERIAL PRIMARY KEY"))
                    self._execute("INSERT INTO schema_version (version) VALUES (?)", (version,))

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._lock, self._db.transaction():
            self._execute("SELECT pg_advisory_xact_lock(?)", (_LOCK_KEY,))
            yield

    @property
    def schema_version(self) -> int:
        return int(self._execute("SELECT max(version) FROM schema_version").fetchone()[0])

    @contextmanager
    def unit_of_work(self, read_only: bool = False, now: float | None = None) -> Iterator[SqlUnitOfWork]:
        with self._transaction():
            yield SqlUnitOfWork(self._execute, psycopg.errors.UniqueViolation, UPSERT_TOKEN)

    def reset(self) -> None:
        with self._transaction():
            self._execute("DELETE FROM records")
            self._execute("DELETE FROM idempotency")

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _redact(url: str) -> str:
    """The URL without its password, for printing."""
    info = psycopg.conninfo.conninfo_to_dict(url)
    info.pop("password", None)
    return " ".join(f"{k}={v}" for k, v in info.items())
