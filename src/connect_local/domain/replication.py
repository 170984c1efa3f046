"""ReplicateInstance: a same-id replica in the paired Region, two-way mirroring, and the default TDG.

ReplicateInstance links the pair at once (ReplicationConfiguration on both records, IN_PROGRESS), copies the
mirrored resources, and leaves a job record (kind "replication", id = instance id, in the source Region) whose
settling completes the replica and creates the default TDG, or undoes the replica when a fault was armed.
The replica never fires INSTANCE_ACTIVATED: it receives its source's resources instead of new defaults.
"""

from __future__ import annotations

from typing import Any

from connect_local.domain import arns, faults, hooks, idempotency, instances, mirroring, tdgs
from connect_local.domain.lifecycle import schedule, settles, take_pending
from connect_local.domain.records import Call, Record, UniqueViolation
from connect_local.errors import (
    InvalidRequestException,
    ResourceNotFoundException,
    ResourceNotReadyException,
)

KIND = "replication"
_ALIAS_TAKEN = "Invalid Input. Instance alias is already used."
_ALIAS_MAX = 45
_REPLICA_SUFFIX = "-replica"

faults.declare("ReplicateInstance", mirroring.FAILED)


def replicate(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return idempotency.once(call, "ReplicateInstance", params.get("ClientToken"), params,
                            InvalidRequestException, lambda: _replicate(call, params))


def _replicate(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    source = _source_instance(call, params["InstanceId"])
    replica_region = params["ReplicaRegion"]
    _check_preconditions(call, source, replica_region)
    alias = params.get("ReplicaAlias") or _derived_alias(source.data["InstanceAlias"])
    if call.uow.find_unique((instances.KIND,), instances.alias_key(alias)) is not None:
        raise InvalidRequestException(_ALIAS_TAKEN)
    replica_call = call.elsewhere(region=replica_region)
    instances.check_quota(replica_call)
    configuration = _configuration(call.region, replica_region, mirroring.IN_PROGRESS,
                                   source.data["InstanceAlias"])
    replica = instances.new_record(replica_call, source.id, {
        "IdentityManagementType": source.data["IdentityManagementType"],
        "InstanceAlias": alias,
        "InboundCallsEnabled": source.data["InboundCallsEnabled"],
        "OutboundCallsEnabled": source.data["OutboundCallsEnabled"],
        "Tags": {},
        mirroring.REPLICATION: configuration,
    })
    try:
        call.uow.insert(replica)
    except UniqueViolation:
        raise InvalidRequestException(_ALIAS_TAKEN) from None
    source.data[mirroring.REPLICATION] = configuration
    call.uow.update(source)
    mirroring.copy_children(call, source.id, replica_region)
    failure = faults.take(call, "ReplicateInstance")
    job = Record(KIND, call.account, call.region, source.id, {"ReplicaRegion": replica_region})
    outcome = {"Status": mirroring.FAILED, "Reason": failure} if failure else {"Status": mirroring.COMPLETE}
    schedule(job, outcome, call.now + call.settings.delay("replication"))
    call.uow.insert(job)
    return {"Id": source.id, "Arn": replica.data["Arn"]}


def _source_instance(call: Call, instance_ref: str) -> Record:
    instance_id = arns.local_instance_id(instance_ref, call.account, call.region)
    instance = call.uow.get(instances.KIND, call.account, call.region, instance_id) if instance_id else None
    if instance is None:
        raise ResourceNotFoundException(f"Instance not found in {call.region}: {instance_ref}")
    return instance


def _check_preconditions(call: Call, source: Record, replica_region: str) -> None:
    """The documented reasons ReplicateInstance fails (create-replica-connect-instance.html), in that order."""
    if replica_region == call.region:
        raise InvalidRequestException(f"ReplicaRegion must be another Region than the instance's ({call.region}).")
    allowed = call.settings.region_pairs.get(call.region)
    if allowed != replica_region:
        where = f"only to {allowed}" if allowed else "to no Region"
        raise InvalidRequestException(
            f"An instance in {call.region} can be replicated {where}, not to {replica_region}."
        )
    pair = mirroring.pair_of(source)
    if pair is not None and pair.status == mirroring.IN_PROGRESS:
        raise ResourceNotReadyException(f"The instance {source.id} is being replicated; wait for it to complete.")
    if pair is not None and pair.status != mirroring.FAILED:
        other = pair.replica_region if pair.source_region == call.region else pair.source_region
        raise InvalidRequestException(
            f"The instance {source.id} is already part of a replicated pair with {other}; an instance has at most "
            "one replica."
        )
    if source.data["InstanceStatus"] != instances.ACTIVE:
        raise InvalidRequestException(f"The instance {source.id} is {source.data['InstanceStatus']}, not ACTIVE.")
    if source.data["IdentityManagementType"] != "SAML":
        raise InvalidRequestException(
            f"Only instances with SAML identity management can be replicated; {source.id} uses "
            f"{source.data['IdentityManagementType']}."
        )


def _derived_alias(alias: str) -> str:
    """ReplicaAlias is optional in the newest CLI: derive a valid one from the source alias."""
    return alias[:_ALIAS_MAX - len(_REPLICA_SUFFIX)].rstrip("-") + _REPLICA_SUFFIX


def _configuration(source_region: str, replica_region: str, status: str, alias: str,
                   reason: str | None = None) -> dict[str, Any]:
    replica_summary: dict[str, Any] = {"Region": replica_region, "ReplicationStatus": status}
    if reason:
        replica_summary["ReplicationStatusReason"] = reason
    return {
        "ReplicationStatusSummaryList": [{"Region": source_region, "ReplicationStatus": status}, replica_summary],
        "SourceRegion": source_region,
        # The format is undocumented: a stable placeholder on the source alias.
        "GlobalSignInEndpoint": f"https://{alias}.global.my.connect.aws",
    }


@settles(KIND)
def _finish(call: Call, job: Record) -> None:
    """Complete the replica and create the default TDG, or undo the replica (call is in the source Region)."""
    pending = take_pending(job)
    call.uow.delete(job)
    replica_region = job.data["ReplicaRegion"]
    source = call.uow.get(instances.KIND, call.account, call.region, job.id)
    replica = call.uow.get(instances.KIND, call.account, replica_region, job.id)
    if source is None or replica is None:  # an instance cannot be deleted mid-replication; be safe anyway
        return
    status = pending["Status"]
    configuration = _configuration(call.region, replica_region, status, source.data["InstanceAlias"],
                                   pending.get("Reason"))
    source.data[mirroring.REPLICATION] = configuration
    call.uow.update(source)
    if status == mirroring.FAILED:
        mirroring.drop_children(call, job.id, replica_region)
        call.uow.delete(replica)
        return
    replica.data[mirroring.REPLICATION] = configuration
    replica.data["InstanceStatus"] = instances.ACTIVE
    call.uow.update(replica)
    default = tdgs.create_default(call, source, replica_region)
    hooks.fire(hooks.INSTANCE_REPLICATED, call, source, default)


@hooks.on(hooks.INSTANCE_DELETED)
def _guard_deletion(call: Call, instance: Record) -> None:
    """A source goes only after its replica; a replica takes its default TDG with it (instances spec §5)."""
    pair = mirroring.pair_of(instance)
    if pair is None or pair.status == mirroring.FAILED:
        return
    if pair.status == mirroring.IN_PROGRESS:
        raise InvalidRequestException(
            f"The instance {instance.id} is being replicated; delete it when the replication has completed."
        )
    if instance.region == pair.source_region:
        raise InvalidRequestException(
            f"The instance {instance.id} has a replica in {pair.replica_region}; delete the replica first "
            f"(DeleteInstance in {pair.replica_region})."
        )
    source_call = call.elsewhere(instance.account, pair.source_region)
    source = call.uow.get(instances.KIND, instance.account, pair.source_region, instance.id)
    if source is not None:
        tdgs.remove_default(source_call, source)
    mirroring.drop_children(call, instance.id, instance.region)
