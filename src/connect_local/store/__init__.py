"""Stores behind the domain's UnitOfWork port."""

from __future__ import annotations

from connect_local.config import Settings
from connect_local.store.sqlite import SqliteStore


def open_store(settings: Settings) -> SqliteStore:
    return SqliteStore(settings.state, synchronous=settings.sqlite_synchronous)
