"""The embedded store: SQLite in WAL mode, one transaction per unit of work.

One connection serves the process; a lock serialises units of work, and BEGIN IMMEDIATE takes the database
write lock up front so several processes can share one file without upgrade deadlocks.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from contextlib import contextmanager
from typing import Any, Iterable, Iterator

from connect_local.domain.records import Record, Remembered, UniqueViolation
from connect_local.store.migrations import MIGRATIONS

_COLUMNS = "seq, kind, account, region, id, parent, uniq, due, data"


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
    def unit_of_work(self) -> Iterator[SqliteUnitOfWork]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield SqliteUnitOfWork(self._db)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def reset(self) -> None:
        """Forget every resource (the control plane's reset)."""
        with self.unit_of_work():
            self._db.execute("DELETE FROM records")
            self._db.execute("DELETE FROM idempotency")

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _record(row: tuple[Any, ...]) -> Record:
    seq, kind, account, region, id_, parent, uniq, due, data = row
    return Record(kind, account, region, id_, json.loads(data), parent, uniq, due, seq)


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, separators=(",", ":"))


class SqliteUnitOfWork:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def get(self, kind: str, account: str, region: str, id: str) -> Record | None:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM records WHERE kind = ? AND account = ? AND region = ? AND id = ?",
            (kind, account, region, id),
        ).fetchone()
        return _record(row) if row else None

    def find(self, kind: str, account: str, region: str | None = None, *, parent: str | None = None,
             after: int = 0, limit: int | None = None) -> list[Record]:
        clauses = ["kind = ?", "account = ?"]
        args: list[Any] = [kind, account]
        if region is not None:
            clauses.append("region = ?")
            args.append(region)
        if parent is not None:
            clauses.append("parent = ?")
            args.append(parent)
        clauses.append("seq > ?")
        args.append(after)
        sql = f"SELECT {_COLUMNS} FROM records WHERE {' AND '.join(clauses)} ORDER BY seq"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        return [_record(row) for row in self._db.execute(sql, args)]

    def find_unique(self, kinds: Iterable[str], unique: str) -> Record | None:
        kinds = list(kinds)
        marks = ", ".join("?" for _ in kinds)
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM records WHERE kind IN ({marks}) AND uniq = ? LIMIT 1", (*kinds, unique)
        ).fetchone()
        return _record(row) if row else None

    def count(self, kind: str, account: str, region: str | None = None, *, parent: str | None = None) -> int:
        clauses = ["kind = ?", "account = ?"]
        args: list[Any] = [kind, account]
        if region is not None:
            clauses.append("region = ?")
            args.append(region)
        if parent is not None:
            clauses.append("parent = ?")
            args.append(parent)
        row = self._db.execute(f"SELECT count(*) FROM records WHERE {' AND '.join(clauses)}", args).fetchone()
        return int(row[0])

    def insert(self, record: Record) -> Record:
        try:
            cursor = self._db.execute(
                "INSERT INTO records (kind, account, region, id, parent, uniq, due, data) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (record.kind, record.account, record.region, record.id, record.parent, record.unique,
                 record.due, _dump(record.data)),
            )
        except sqlite3.IntegrityError as exc:
            raise UniqueViolation(str(exc)) from None
        record.seq = int(cursor.lastrowid or 0)
        return record

    def update(self, record: Record) -> None:
        try:
            self._db.execute(
                "UPDATE records SET parent = ?, uniq = ?, due = ?, data = ? "
                "WHERE kind = ? AND account = ? AND region = ? AND id = ?",
                (record.parent, record.unique, record.due, _dump(record.data),
                 record.kind, record.account, record.region, record.id),
            )
        except sqlite3.IntegrityError as exc:
            raise UniqueViolation(str(exc)) from None

    def delete(self, record: Record) -> None:
        self._db.execute(
            "DELETE FROM records WHERE kind = ? AND account = ? AND region = ? AND id = ?",
            (record.kind, record.account, record.region, record.id),
        )

    def due(self, now: float, limit: int) -> list[Record]:
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM records WHERE due IS NOT NULL AND due <= ? ORDER BY due, seq LIMIT ?",
            (now, limit),
        )
        return [_record(row) for row in rows]

    def recall(self, account: str, region: str, operation: str, token: str) -> Remembered | None:
        row = self._db.execute(
            "SELECT fingerprint, result, expires FROM idempotency "
            "WHERE account = ? AND region = ? AND operation = ? AND token = ?",
            (account, region, operation, token),
        ).fetchone()
        return Remembered(row[0], json.loads(row[1]), row[2]) if row else None

    def remember(self, account: str, region: str, operation: str, token: str, remembered: Remembered) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO idempotency (account, region, operation, token, fingerprint, result, expires) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (account, region, operation, token, remembered.fingerprint, _dump(remembered.result),
             remembered.expires),
        )

    def purge_expired_tokens(self, now: float) -> None:
        self._db.execute("DELETE FROM idempotency WHERE expires <= ?", (now,))
