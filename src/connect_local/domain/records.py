"""The stored form of every resource, and the port the domain reads and writes through.

A record is one resource in one (account, Region). `parent` groups children for listing (an instance's flows,
a target's numbers); `unique` is a key the store keeps unique across all accounts and Regions for the kind
(instance aliases, claimed E.164 numbers); `due` is when the record's pending transition must be settled.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from connect_local.config import Settings
from connect_local.ids import IdFactory


@dataclass(slots=True)  # built for every row read: slots make that cheaper
class Record:
    kind: str
    account: str
    region: str
    id: str
    data: dict[str, Any]
    parent: str = ""
    unique: str | None = None
    due: float | None = None
    seq: int = 0


@dataclass(frozen=True)
class Remembered:
    fingerprint: str
    result: dict[str, Any]
    expires: float


class UniqueViolation(Exception):
    """Another record of the kind already holds the unique key."""


class UnitOfWork(Protocol):
    """One transaction. Every method sees the writes made earlier in the same unit."""

    def get(self, kind: str, account: str, region: str, id: str) -> Record | None: ...

    def find(
        self,
        kind: str,
        account: str,
        region: str | None = None,
        *,
        parent: str | None = None,
        after: int = 0,
        limit: int | None = None,
    ) -> list[Record]:
        """Records in creation order (seq), optionally of one Region and one parent, after a seq."""
        ...

    def find_unique(self, kinds: Iterable[str], unique: str) -> Record | None:
        """The record of any account holding the unique key in one of the kinds."""
        ...

    def count(self, kind: str, account: str, region: str | None = None, *, parent: str | None = None) -> int: ...

    def insert(self, record: Record) -> Record:
        """Store a new record and set its seq; raises UniqueViolation."""
        ...

    def update(self, record: Record) -> None: ...

    def delete(self, record: Record) -> None: ...

    def due(self, now: float, limit: int) -> list[Record]:
        """Records of any account whose pending transition is due, earliest first."""
        ...

    def recall(self, account: str, region: str, operation: str, token: str) -> Remembered | None: ...

    def remember(
        self, account: str, region: str, operation: str, token: str, remembered: Remembered
    ) -> None: ...

    def purge_expired_tokens(self, now: float) -> None: ...


@dataclass(slots=True)
class Call:
    """Everything a domain operation needs about the request it serves."""

    uow: UnitOfWork
    account: str
    region: str
    now: float
    settings: Settings
    ids: IdFactory

    def elsewhere(self, account: str | None = None, region: str | None = None, now: float | None = None) -> Call:
        """The same request seen from another account or Region (for settling and mirroring), or as of another
        moment (a transition settles as of when it was due)."""
        return Call(self.uow, account or self.account, region or self.region, self.now if now is None else now,
                    self.settings, self.ids)
