"""Two-way mirroring between a replicated instance and its twin in the paired Region.

Mirrored resources (flows, users, phone-number-to-flow associations, ...) keep their ids across Regions; their
ARNs differ only in the Region. Mirroring is a synchronous write-through inside the same unit of work.

A mirrored record's `parent` is its instance id. Unique keys are global per kind, so a per-instance key must name
the Region (e.g. "<account>/<region>/<instance id>/<name>"); a twin's key is the same with its own Region.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from connect_local.domain import hooks
from connect_local.domain.records import Call, Record

INSTANCE_KIND = "instance"
REPLICATION = "ReplicationConfiguration"
# ReplicationStatus values (the model's InstanceReplicationStatus) a pair goes through.
IN_PROGRESS = "INSTANCE_REPLICATION_IN_PROGRESS"
COMPLETE = "INSTANCE_REPLICATION_COMPLETE"
FAILED = "INSTANCE_REPLICATION_FAILED"


@dataclass(frozen=True)
class Pair:
    """An instance's replication link, as its ReplicationConfiguration describes it."""

    source_region: str
    replica_region: str
    status: str  # of the replica Region's summary entry


def pair_of(instance: Record) -> Pair | None:
    configuration = instance.data.get(REPLICATION)
    if not configuration:
        return None
    source = configuration["SourceRegion"]
    for summary in configuration["ReplicationStatusSummaryList"]:
        if summary["Region"] != source:
            return Pair(source, summary["Region"], summary["ReplicationStatus"])
    return None

# Kinds copied to a new replica and kept in step afterwards; families add theirs with `mirrors`.
MIRRORED_KINDS: list[str] = ["contact_flow", "user"]


def mirrors(kind: str) -> None:
    """Declare that records of `kind` (parent = instance id) are copied to a replica when it is created."""
    if kind not in MIRRORED_KINDS:
        MIRRORED_KINDS.append(kind)


def partner_region(call: Call, instance_id: str) -> str | None:
    """The Region of the instance's twin, when the instance in the called Region takes part in replication."""
    instance = call.uow.get(INSTANCE_KIND, call.account, call.region, instance_id)
    pair = pair_of(instance) if instance is not None else None
    if pair is None or pair.status == FAILED:  # a failed replication left no twin to write to
        return None
    return pair.replica_region if call.region == pair.source_region else pair.source_region


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

    Unique keys are global per kind, so the twin gets its own from the caller, or else the record's key with the
    Region named in it replaced (a key that names no Region is not carried over).
    """
    data = rewrite_region(copy.deepcopy(record.data), record.account, record.region, region)
    parent = rewrite_region(record.parent, record.account, record.region, region)
    if unique is None and record.unique is not None:
        unique = _key_in(record.unique, record.region, region)
    return Record(record.kind, record.account, region, record.id, data, parent, unique, record.due)


def _key_in(key: str, source: str, target: str) -> str | None:
    """`key` with the Region token `source` (not part of a longer token) replaced by `target`, or None."""
    replaced, count = re.subn(rf"(?<![a-z0-9-]){re.escape(source)}(?![a-z0-9-])", target, key, count=1)
    return replaced if count else None


def _put(call: Call, twin: Record) -> None:
    if call.uow.get(twin.kind, twin.account, twin.region, twin.id) is None:
        call.uow.insert(twin)
    else:
        call.uow.update(twin)


def mirror_put(call: Call, record: Record, instance_id: str, twin_unique: str | None = None) -> None:
    """Write the record's twin in the partner Region (insert or update), if the instance is replicated."""
    region = partner_region(call, instance_id)
    if region is not None:
        _put(call, twin_of(record, region, twin_unique))


def mirror_delete(call: Call, record: Record, instance_id: str) -> None:
    region = partner_region(call, instance_id)
    if region is None:
        return
    twin = call.uow.get(record.kind, record.account, region, record.id)
    if twin is not None:
        call.uow.delete(twin)


def copy_children(call: Call, instance_id: str, target_region: str) -> None:
    """Give a new replica in `target_region` twins of every mirrored record of the instance in call.region."""
    for kind in MIRRORED_KINDS:
        for record in call.uow.find(kind, call.account, call.region, parent=instance_id):
            _put(call, twin_of(record, target_region))


def drop_children(call: Call, instance_id: str, region: str) -> None:
    """Remove the mirrored records of the instance in `region` only (a replica that failed or is deleted)."""
    for kind in MIRRORED_KINDS:
        for record in call.uow.find(kind, call.account, region, parent=instance_id):
            call.uow.delete(record)


@hooks.on(hooks.INSTANCE_DELETED)
def _unlink(call: Call, instance: Record) -> None:
    """Forget the pair before other families clean up the deleted instance's children.

    Registered here, on import of this module, so it runs before any hook of a family that mirrors (they import
    this module first): their local clean-up then cannot reach across to the surviving twin's records.
    Refusals (a source that still has a replica, ...) are raised by the replication family; they roll the
    whole unit of work back, this included.
    """
    if REPLICATION not in instance.data:
        return
    for summary in instance.data[REPLICATION].get("ReplicationStatusSummaryList", ()):
        stored = call.uow.get(INSTANCE_KIND, call.account, summary["Region"], instance.id)
        if stored is not None and stored.data.pop(REPLICATION, None) is not None:
            call.uow.update(stored)
