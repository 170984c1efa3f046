"""Domain test scaffolding: an in-memory store, a manual clock and a Call factory."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from connect_local.clock import ManualClock
from connect_local.config import Settings
from connect_local.domain.lifecycle import settle_due
from connect_local.domain.records import Call
from connect_local.ids import IdFactory
from connect_local.store.sqlite import SqliteStore

ACCOUNT = "111122223333"


@dataclass
class World:
    """A store, a clock and settings shared by a test's calls."""

    settings: Settings = field(default_factory=lambda: Settings(delays={}))
    clock: ManualClock = field(default_factory=ManualClock)
    store: SqliteStore = field(default_factory=lambda: SqliteStore(None))
    ids: IdFactory = field(default_factory=lambda: IdFactory(seed=7))

    @contextmanager
    def call(self, region: str = "us-east-1", account: str = ACCOUNT) -> Iterator[Call]:
        """One unit of work, settled first, exactly as the web pipeline runs it."""
        with self.store.unit_of_work() as uow:
            call = Call(uow, account, region, self.clock.now(), self.settings, self.ids)
            settle_due(call)
            yield call

    def configure(self, **changes: Any) -> None:
        self.settings = replace(self.settings, **changes)
