"""Named extension points where one resource family reacts to another's changes without importing it.

For example, the phone-number family releases an instance's numbers when the instance is deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connect_local.domain.records import Call

Hook = Callable[..., None]
_HOOKS: dict[str, list[Hook]] = {}

INSTANCE_ACTIVATED = "instance_activated"  # (call, instance_record) once the instance is ACTIVE
INSTANCE_DELETED = "instance_deleted"  # (call, instance_record) before the instance record is removed
# (call, source_instance_record, default_tdg_record) once ReplicateInstance has created the default TDG
INSTANCE_REPLICATED = "instance_replicated"
# (call in the TDG's source Region, default_tdg_record, source_instance_arn) before a default TDG is removed with
# its replica: numbers claimed to it go back to the source instance
DEFAULT_TDG_REMOVED = "default_tdg_removed"
# (call, number_record, old_target_arn, by_service) when a number's move to another instance/TDG completes;
# by_service is True for the moves replication makes (into the default TDG, and back when the replica goes)
PHONE_NUMBER_RETARGETED = "phone_number_retargeted"
# (call, number_record) before a number's record is removed by release (or by its instance's deletion)
PHONE_NUMBER_RELEASED = "phone_number_released"
# (call, flow_record) before a flow is deleted; a hook refuses the deletion by raising a service error
FLOW_DELETING = "flow_deleting"


def on(event: str) -> Callable[[Hook], Hook]:
    def register(hook: Hook) -> Hook:
        _HOOKS.setdefault(event, []).append(hook)
        return hook

    return register


def fire(event: str, call: Call, *args: Any) -> None:
    for hook in _HOOKS.get(event, ()):
        hook(call, *args)
