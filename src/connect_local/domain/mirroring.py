"""Two-way mirroring between a replicated instance and its twin in the paired Region.

Mirrored resources (flows, users, phone-number-to-flow associations, ...) keep their ids across Regions; their
ARNs differ only in the Region. Mirroring is a synchronous write-through inside the same unit of work.
"""

from __future__ import annotations

import copy
from typing import Any

from connect_local.domain.records import Call, Record

INSTANCE_KIND = "instance"


def partner_region(call: Call, instance_id: str) -> str | None:
    """The Region of the instance's twin, when the instance in the called Region takes part in replication."""
    instance = call.uow.get(INSTANCE_KIND, call.account, call.region, instance_id)
    if instance is None:
        return None
    configuration = instance.data.get("ReplicationConfiguration")
    if not configuration:
        return None
    for summary in configuration.get("ReplicationStatusSummaryList", ()):
        region = summary.get("Region")
        if region and region != call.region:
            return str(region)
    return None


def rewrite_region(value: Any, account: str, source: str, target: str) -> Any:
    """A deep copy with this account's Connect ARNs in `source` rewritten to `target`."""
    prefix = f"arn:aws:connect:{source}:{account}:instance/"
    replacement = f"arn:aws:connect:{target}:{account}:instance/"
    if isinstance(value, str):
        return replacement + value[len(prefix):] if value.startswith(prefix) else value
    if isinstance(value, list):
        return [rewrite_region(item, account, source, target) for item in value]
    if isinstance(value, dict):
        return {k: rewrite_region(v, account, source, target) for k, v in value.items()}
    return value


def twin_of(record: Record, region: str, unique: str | None = None) -> Record:
    """The record as it looks in the other Region: same id, ARNs rewritten, LastModifiedRegion kept.

    Unique keys are global per kind, so the twin gets its own (or none) from the caller.
    """
    data = rewrite_region(copy.deepcopy(record.data), record.account, record.region, region)
    parent = rewrite_region(record.parent, record.account, record.region, region)
    return Record(record.kind, record.account, region, record.id, data, parent, unique, record.due)


def mirror_put(call: Call, record: Record, instance_id: str, twin_unique: str | None = None) -> None:
    """Write the record's twin in the partner Region (insert or update), if the instance is replicated."""
    region = partner_region(call, instance_id)
    if region is None:
        return
    twin = twin_of(record, region, twin_unique)
    if call.uow.get(twin.kind, twin.account, region, twin.id) is None:
        call.uow.insert(twin)
    else:
        call.uow.update(twin)


def mirror_delete(call: Call, record: Record, instance_id: str) -> None:
    region = partner_region(call, instance_id)
    if region is None:
        return
    twin = call.uow.get(record.kind, record.account, region, record.id)
    if twin is not None:
        call.uow.delete(twin)
