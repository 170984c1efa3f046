"""Named extension points where one resource family reacts to another's changes without importing it.

For example, the phone-number family releases an instance's numbers when the instance is deleted.
"""

from __future__ import annotations

from typing import Any, Callable

from connect_local.domain.records import Call

Hook = Callable[..., None]
_HOOKS: dict[str, list[Hook]] = {}

INSTANCE_ACTIVATED = "instance_activated"  # (call, instance_record) once the instance is ACTIVE
INSTANCE_DELETED = "instance_deleted"  # (call, instance_record) before the instance record is removed


def on(event: str) -> Callable[[Hook], Hook]:
    def register(hook: Hook) -> Hook:
        _HOOKS.setdefault(event, []).append(hook)
        return hook

    return register


def fire(event: str, call: Call, *args: Any) -> None:
    for hook in _HOOKS.get(event, ()):
        hook(call, *args)
