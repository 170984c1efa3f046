"""Stores behind the domain's UnitOfWork port: SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

from connect_local.config import Settings
from connect_local.store.sql import SqlUnitOfWork
from connect_local.store.sqlite import SqliteStore


class Store(Protocol):
    path: str

    def unit_of_work(self, read_only: bool = False,
                     now: float | None = None) -> AbstractContextManager[SqlUnitOfWork]: ...

    @property
    def schema_version(self) -> int: ...

    def reset(self) -> None: ...

    def close(self) -> None: ...


def open_store(settings: Settings) -> Store:
    if settings.state and settings.state.startswith(("postgresql://", "postgres://")):
        from connect_local.store.postgres import PostgresStore

        return PostgresStore(settings.state)
    return SqliteStore(settings.state, synchronous=settings.sqlite_synchronous,
                       read_cache_rows=settings.read_cache_rows)
