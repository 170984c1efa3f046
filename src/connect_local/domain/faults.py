"""Fault injection: make the next N asynchronous operations of a kind end in their failure status.

Armed faults are records (kind "fault"), so they survive restarts, are shared by every server process on one
state file, and are cleared by the control plane's reset. They are not tied to an account unless armed so: the
control plane has no caller identity, and a test usually wants "the next CreateInstance fails".
"""

from __future__ import annotations

from typing import Any

from connect_local.domain.records import Call, Record

KIND = "fault"
_SCOPE = "*"  # account and Region columns of fault records: faults are global, filtered by their data

# Operation -> the one failure outcome it can be made to end in. Families add theirs with `declare`.
OUTCOMES: dict[str, str] = {"CreateInstance": "CREATION_FAILED"}


def declare(operation: str, outcome: str) -> None:
    """Let `operation` be armed to fail with `outcome` (called at import by the family that consumes it)."""
    OUTCOMES[operation] = outcome


def arm(call: Call, document: dict[str, Any]) -> dict[str, Any]:
    """Arm a fault from the control plane's JSON; ValueError names what is wrong with it."""
    operation = document.get("operation")
    if operation not in OUTCOMES:
        raise ValueError(f"operation must be one of {', '.join(sorted(OUTCOMES))}")
    outcome = document.get("outcome", OUTCOMES[operation])
    if outcome != OUTCOMES[operation]:
        raise ValueError(f"{operation} can only be made to end in {OUTCOMES[operation]}")
    count = document.get("count", 1)
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ValueError("count must be a positive integer")
    fault: dict[str, Any] = {"operation": operation, "outcome": outcome, "count": count,
                             "message": _text(document, "message") or _default_message(operation, outcome)}
    for scope in ("account", "region"):
        value = _text(document, scope)
        if value:
            fault[scope] = value
    record = call.uow.insert(Record(KIND, _SCOPE, _SCOPE, call.ids.new(), fault))
    return {"id": record.id, **fault}


def armed(call: Call) -> list[dict[str, Any]]:
    return [{"id": r.id, **r.data} for r in call.uow.find(KIND, _SCOPE, _SCOPE)]


def clear(call: Call) -> int:
    records = call.uow.find(KIND, _SCOPE, _SCOPE)
    for record in records:
        call.uow.delete(record)
    return len(records)


def take(call: Call, operation: str) -> str | None:
    """Consume one armed fault matching this call (oldest first); its failure message, or None."""
    for record in call.uow.find(KIND, _SCOPE, _SCOPE):
        fault = record.data
        if fault["operation"] != operation:
            continue
        if fault.get("account", call.account) != call.account or fault.get("region", call.region) != call.region:
            continue
        fault["count"] -= 1
        if fault["count"] > 0:
            call.uow.update(record)
        else:
            call.uow.delete(record)
        return str(fault["message"])
    return None


def _text(document: dict[str, Any], key: str) -> str | None:
    value = document.get(key)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{key} must be a string")
    return value


def _default_message(operation: str, outcome: str) -> str:
    return f"{operation} ended in {outcome} (fault injected through connect-local's control plane)."
