"""The UnitOfWork port in portable SQL, shared by the SQLite and PostgreSQL stores.

Statements are written with '?' placeholders; an engine that wants another style converts them once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import orjson

from connect_local.domain.records import Record, Remembered, UniqueViolation

COLUMNS = "seq, kind, account, region, id, parent, uniq, due, data"
Execute = Callable[[str, Sequence[Any]], Any]


def to_record(row: Sequence[Any]) -> Record:
    seq, kind, account, region, id_, parent, uniq, due, data = row
    return Record(kind, account, region, id_, orjson.loads(data), parent, uniq, due, seq)


def dump(data: Any) -> str:
    return orjson.dumps(data).decode()


def _scope(kind: str, account: str, region: str | None, parent: str | None) -> tuple[list[str], list[Any]]:
    clauses = ["kind = ?", "account = ?"]
    args: list[Any] = [kind, account]
    if region is not None:
        clauses.append("region = ?")
        args.append(region)
    if parent is not None:
        clauses.append("parent = ?")
        args.append(parent)
    return clauses, args


@functools.cache
def _find_sql(by_region: bool, by_parent: bool, limited: bool) -> str:
    """The listing query for one combination of filters, built once (listings are on the hot path)."""
    clauses = ["kind = ?", "account = ?"]
    if by_region:
        clauses.append("region = ?")
    if by_parent:
        clauses.append("parent = ?")
    clauses.append("seq > ?")
    return (f"SELECT {COLUMNS} FROM records WHERE {' AND '.join(clauses)} ORDER BY seq"
            + (" LIMIT ?" if limited else ""))


class SqlUnitOfWork:
    """One transaction. `execute(sql, args)` returns a cursor; `integrity_error` is the engine's unique-violation."""

    nothing_due = False  # set by a store that already knows no transition is due, so settling can be skipped

    def __init__(self, execute: Execute, integrity_error: type[Exception], upsert_token_sql: str) -> None:
        self._execute = execute
        self._integrity_error = integrity_error
        self._upsert_token_sql = upsert_token_sql

    def _one(self, sql: str, args: tuple[Any, ...]) -> Any:
        """The first row of a read (every read goes through `_one` or `_all`, so a store may cache them)."""
        return self._execute(sql, args).fetchone()

    def _all(self, sql: str, args: tuple[Any, ...]) -> list[Any]:
        return self._execute(sql, args).fetchall()  # type: ignore[no-any-return]

    def get(self, kind: str, account: str, region: str, id: str) -> Record | None:
        # The hottest read: fetch only what the key does not already say.
        row = self._one(
            "SELECT seq, parent, uniq, due, data FROM records WHERE kind = ? AND account = ? AND region = ? AND id = ?",
            (kind, account, region, id),
        )
        if row is None:
            return None
        seq, parent, uniq, due, data = row
        return Record(kind, account, region, id, orjson.loads(data), parent, uniq, due, seq)

    def find(self, kind: str, account: str, region: str | None = None, *, parent: str | None = None,
             after: int = 0, limit: int | None = None) -> list[Record]:
        args: list[Any] = [kind, account]
        if region is not None:
            args.append(region)
        if parent is not None:
            args.append(parent)
        args.append(after)
        if limit is not None:
            args.append(limit)
        sql = _find_sql(region is not None, parent is not None, limit is not None)
        return [to_record(row) for row in self._all(sql, tuple(args))]

    def find_unique(self, kinds: Iterable[str], unique: str) -> Record | None:
        kinds = list(kinds)
        marks = ", ".join("?" for _ in kinds)
        row = self._one(f"SELECT {COLUMNS} FROM records WHERE kind IN ({marks}) AND uniq = ? LIMIT 1",
                        (*kinds, unique))
        return to_record(row) if row else None

    def count(self, kind: str, account: str, region: str | None = None, *, parent: str | None = None) -> int:
        clauses, args = _scope(kind, account, region, parent)
        row = self._one(f"SELECT count(*) FROM records WHERE {' AND '.join(clauses)}", tuple(args))
        return int(row[0])

    def insert(self, record: Record) -> Record:
        try:
            row = self._execute(
                "INSERT INTO records (kind, account, region, id, parent, uniq, due, data) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq",
                (record.kind, record.account, record.region, record.id, record.parent, record.unique,
                 record.due, dump(record.data)),
            ).fetchone()
        except self._integrity_error as exc:
            raise UniqueViolation(str(exc)) from None
        record.seq = int(row[0])
        return record

    def update(self, record: Record) -> None:
        try:
            self._execute(
                "UPDATE records SET parent = ?, uniq = ?, due = ?, data = ? "
                "WHERE kind = ? AND account = ? AND region = ? AND id = ?",
                (record.parent, record.unique, record.due, dump(record.data),
                 record.kind, record.account, record.region, record.id),
            )
        except self._integrity_error as exc:
            raise UniqueViolation(str(exc)) from None

    def delete(self, record: Record) -> None:
        self._execute(
            "DELETE FROM records WHERE kind = ? AND account = ? AND region = ? AND id = ?",
            (record.kind, record.account, record.region, record.id),
        )

    def due(self, now: float, limit: int) -> list[Record]:
        rows = self._all(
            f"SELECT {COLUMNS} FROM records WHERE due IS NOT NULL AND due <= ? ORDER BY due, seq LIMIT ?",
            (now, limit),
        )
        return [to_record(row) for row in rows]

    def recall(self, account: str, region: str, operation: str, token: str) -> Remembered | None:
        row = self._one(
            "SELECT fingerprint, result, expires FROM idempotency "
            "WHERE account = ? AND region = ? AND operation = ? AND token = ?",
            (account, region, operation, token),
        )
        return Remembered(row[0], orjson.loads(row[1]), row[2]) if row else None

    def remember(self, account: str, region: str, operation: str, token: str, remembered: Remembered) -> None:
        self._execute(self._upsert_token_sql, (account, region, operation, token, remembered.fingerprint,
                                               dump(remembered.result), remembered.expires))

    def purge_expired_tokens(self, now: float) -> None:
        self._execute("DELETE FROM idempotency WHERE expires <= ?", (now,))

    def meta(self, key: str) -> str | None:
        """A server-wide setting kept with the state (e.g. the emulated clock's offset)."""
        row = self._one("SELECT value FROM meta WHERE key = ?", (key,))
        return str(row[0]) if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._execute("INSERT INTO meta (key, value) VALUES (?, ?) "
                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))


UPSERT_TOKEN = (
    "INSERT INTO idempotency (account, region, operation, token, fingerprint, result, expires) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account, region, operation, token) "
    "DO UPDATE SET fingerprint = excluded.fingerprint, result = excluded.result, expires = excluded.expires"
)
