"""Asynchronous statuses as data: a record stores its pending transition and when it is due.

Every unit of work first settles whatever is due, so the state is right whichever request comes next, after a
restart, or from another process sharing the database. Each resource family registers one settle function, which
runs as of the transition's due time, in due order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connect_local.domain.records import Call, Record

Settler = Callable[[Call, Record], None]

_SETTLERS: dict[str, Settler] = {}
_BATCH = 500


def settles(kind: str) -> Callable[[Settler], Settler]:
    """Register the function that applies a due transition of records of `kind`."""

    def register(settler: Settler) -> Settler:
        _SETTLERS[kind] = settler
        return settler

    return register


def settle_due(call: Call) -> int:
    """Apply every transition due at call.now, across accounts, until none is left. Returns how many."""
    applied = 0
    while True:
        records = call.uow.due(call.now, _BATCH)
        if not records:
            return applied
        for record in records:
            settler = _SETTLERS.get(record.kind)
            # As of its due time, however late a request comes to settle it: what it schedules next (a failed
            # claim's grace day, a cool-down) and the times it records do not drift with the traffic.
            owner = call.elsewhere(record.account, record.region, now=record.due)
            if settler is None:
                record.due = None  # nothing knows how to settle it; never spin on it
                call.uow.update(record)
            else:
                settler(owner, record)
            applied += 1


def schedule(record: Record, pending: dict[str, Any], due: float) -> None:
    """Give the record a pending transition due at `due`."""
    record.data["Pending"] = pending
    record.due = due


def take_pending(record: Record) -> dict[str, Any]:
    """Remove and return the pending transition; the settler then applies it."""
    record.due = None
    pending: dict[str, Any] = record.data.pop("Pending", None) or {}
    return pending
