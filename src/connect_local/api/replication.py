"""ReplicateInstance."""

from __future__ import annotations

from typing import Any

from connect_local.api.registry import handles
from connect_local.domain import replication
from connect_local.domain.records import Call


@handles("ReplicateInstance", global_resiliency=True)
def replicate_instance(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return replication.replicate(call, params)
