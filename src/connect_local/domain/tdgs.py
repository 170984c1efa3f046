"""Traffic distribution groups (TDGs) and their traffic distributions.

A TDG is stored once, in its source Region (record.region), with the replica Region in data["ReplicaRegion"] and
parent = the source instance id. A bare id resolves only in the source Region; the full ARN also from the replica
Region. Distributions keep the wire shapes of UpdateTrafficDistribution (TelephonyConfig, AgentConfig,
SignInConfig) and change only when the pending update settles.
"""

from __future__ import annotations

from typing import Any

from connect_local import ids
from connect_local.domain import arns, faults, hooks, idempotency, instances, mirroring, pagination
from connect_local.domain.arns import Arn
from connect_local.domain.lifecycle import schedule, settles, take_pending
from connect_local.domain.records import Call, Record, UniqueViolation
from connect_local.domain.tags import taggable
from connect_local.errors import (
    InvalidRequestException,
    ResourceConflictException,
    ResourceInUseException,
    ResourceNotFoundException,
    ResourceNotReadyException,
    ServiceQuotaExceededException,
)

KIND = "traffic_distribution_group"
USER_KIND = "traffic_distribution_group_user"  # id = user id (one TDG per user), parent = TDG id
PHONE_NUMBER_KIND = "phone_number"  # counted, never written: numbers belong to the phone-number family

CREATION_IN_PROGRESS = "CREATION_IN_PROGRESS"
ACTIVE = "ACTIVE"
CREATION_FAILED = "CREATION_FAILED"
PENDING_DELETION = "PENDING_DELETION"
DELETION_FAILED = "DELETION_FAILED"
UPDATE_IN_PROGRESS = "UPDATE_IN_PROGRESS"
_GONE = "DELETED"  # pending outcome only: the record is removed

faults.declare("CreateTrafficDistributionGroup", CREATION_FAILED)
faults.declare("DeleteTrafficDistributionGroup", DELETION_FAILED)

_DESCRIBE_FIELDS = ("Id", "Arn", "Name", "Description", "InstanceArn", "Status", "Tags", "IsDefault")
_SUMMARY_FIELDS = ("Id", "Arn", "Name", "InstanceArn", "Status", "IsDefault")
_PERCENTAGE_CONFIGS = ("TelephonyConfig", "AgentConfig")
_SIGN_IN = "SignInConfig"


# ---- lookup ---------------------------------------------------------------------------------------------------

def lookup(call: Call, id_or_arn: str) -> Record | None:
    """The TDG as the called Region sees it: a bare id in its source Region; its ARN there or in its replica
    Region. Another account's TDG is never visible."""
    record = arns.home_record(call, KIND, "traffic-distribution-group", id_or_arn)
    return record if record is not None and _visible(call, record) else None


def _visible(call: Call, record: Record) -> bool:
    return call.region in (record.region, record.data["ReplicaRegion"])


def require(call: Call, id_or_arn: str) -> Record:
    record = lookup(call, id_or_arn)
    if record is None:
        hint = "" if arns.is_arn(id_or_arn) else " (from the replica Region, pass the full ARN)"
        raise ResourceNotFoundException(f"Traffic distribution group not found: {id_or_arn}{hint}")
    return record


def require_source_region(call: Call, record: Record, operation: str) -> None:
    if call.region != record.region:
        raise InvalidRequestException(
            f"{operation} can only be called in {record.region}, the Region where the traffic distribution group "
            f"{record.id} was created."
        )


def telephony_distribution(record: Record) -> dict[str, int]:
    """Region -> percentage of the TDG's inbound calls that land there (for the call simulator)."""
    return {d["Region"]: d["Percentage"] for d in record.data["TelephonyConfig"]["Distributions"]}


# ---- create ---------------------------------------------------------------------------------------------------

def create(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return idempotency.once(call, "CreateTrafficDistributionGroup", params.get("ClientToken"), params,
                            InvalidRequestException, lambda: _create(call, params))


def _create(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    instance = _replicated_instance(call, params["InstanceId"])
    pair = mirroring.pair_of(instance)
    assert pair is not None  # _replicated_instance checked it
    existing = call.uow.find(KIND, call.account, call.region, parent=instance.id)
    if sum(1 for r in existing if not r.data["IsDefault"]) >= call.settings.tdgs_per_instance:
        raise ServiceQuotaExceededException(
            f"The instance {instance.id} already has {call.settings.tdgs_per_instance} traffic distribution "
            f"groups, the quota."
        )
    record = _new_record(call, instance, pair.replica_region, params["Name"], is_default=False,
                         description=params.get("Description"), tags=params.get("Tags") or {})
    failure = faults.take(call, "CreateTrafficDistributionGroup")
    schedule(record, {"Status": CREATION_FAILED if failure else ACTIVE}, call.now + call.settings.delay("tdg"))
    try:
        call.uow.insert(record)
    except UniqueViolation:
        raise ResourceConflictException(
            f"The instance {instance.id} already has a traffic distribution group named {params['Name']!r}."
        ) from None
    return {"Id": record.id, "Arn": record.data["Arn"]}


def _replicated_instance(call: Call, instance_ref: str) -> Record:
    """The instance a new TDG is for: replicated from the called Region, replication complete."""
    instance_id = arns.local_instance_id(instance_ref, call.account, call.region)
    if instance_id is None:
        raise InvalidRequestException(
            f"InstanceId {instance_ref} is not an instance of this account in {call.region}, where the call is made."
        )
    instance = call.uow.get(instances.KIND, call.account, call.region, instance_id)
    if instance is None:
        raise ResourceNotFoundException(f"Instance not found: {instance_id}")
    pair = mirroring.pair_of(instance)
    if pair is None or pair.status == mirroring.FAILED:
        raise InvalidRequestException(
            f"The instance {instance_id} has not been replicated; call ReplicateInstance first."
        )
    if pair.source_region != call.region:
        raise InvalidRequestException(
            f"Traffic distribution groups for instance {instance_id} can only be created in {pair.source_region}, "
            "the Region where ReplicateInstance was called."
        )
    if pair.status != mirroring.COMPLETE or instance.data["InstanceStatus"] != instances.ACTIVE:
        raise ResourceNotReadyException(
            f"The replication of instance {instance_id} is not complete yet ({pair.status}); try again later."
        )
    return instance


def _new_record(call: Call, instance: Record, replica_region: str, name: str, *, is_default: bool,
                description: str | None, tags: dict[str, str]) -> Record:
    tdg_id = call.ids.new()
    source = {"Region": call.region, "Percentage": 100}
    replica = {"Region": replica_region, "Percentage": 0}
    data: dict[str, Any] = {
        "Id": tdg_id,
        "Arn": ids.tdg_arn(call.region, call.account, tdg_id),
        "Name": name,
        "InstanceArn": instance.data["Arn"],
        "Status": CREATION_IN_PROGRESS,
        "Tags": tags,
        "IsDefault": is_default,
        "ReplicaRegion": replica_region,
        # All traffic stays in the source Region until the owner shifts it.
        "TelephonyConfig": {"Distributions": [source, replica]},
        "AgentConfig": {"Distributions": [dict(source), dict(replica)]},
    }
    if description is not None:
        data["Description"] = description
    if is_default:
        # Agents may sign in through either Region until the owner says otherwise (assumption).
        data[_SIGN_IN] = {"Distributions": [{"Region": call.region, "Enabled": True},
                                            {"Region": replica_region, "Enabled": True}]}
    return Record(KIND, call.account, call.region, tdg_id, data, parent=instance.id,
                  unique=f"{call.account}/{call.region}/{instance.id}/{name}")


def create_default(call: Call, instance: Record, replica_region: str) -> Record:
    """The default TDG ReplicateInstance leaves behind (ACTIVE at once: it is part of the completed pair)."""
    alias = instance.data.get("InstanceAlias") or instance.id
    record = _new_record(call, instance, replica_region, f"{alias}-default-traffic-distribution-group",
                         is_default=True, description=None, tags={})
    record.data["Status"] = ACTIVE
    record.unique = None  # a user-chosen name may equal the generated one
    return call.uow.insert(record)


def remove_default(call: Call, instance: Record) -> None:
    """Before the instance's replica is deleted: refuse while non-default TDGs remain, else drop the default TDG
    (its numbers go back to the source instance through the phone-number family's hook)."""
    for record in call.uow.find(KIND, call.account, call.region, parent=instance.id):
        if not record.data["IsDefault"]:
            raise InvalidRequestException(
                f"The replica cannot be deleted while the traffic distribution group {record.data['Arn']} exists; "
                "delete the non-default traffic distribution groups first."
            )
    for record in call.uow.find(KIND, call.account, call.region, parent=instance.id):
        hooks.fire(hooks.DEFAULT_TDG_REMOVED, call, record, instance.data["Arn"])
        _drop(call, record)


def _drop(call: Call, record: Record) -> None:
    for member in call.uow.find(USER_KIND, call.account, record.region, parent=record.id):
        call.uow.delete(member)
    call.uow.delete(record)


# ---- describe / list ------------------------------------------------------------------------------------------

def describe(call: Call, id_or_arn: str) -> dict[str, Any]:
    data = require(call, id_or_arn).data
    return {"TrafficDistributionGroup": {k: data[k] for k in _DESCRIBE_FIELDS if k in data}}


def list_groups(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """TDGs visible in the called Region (source or replica), optionally those of one instance pair."""
    limit = params.get("MaxResults") or 10
    bound = pagination.fingerprint(call.account, call.region, "ListTrafficDistributionGroups", params)
    after = pagination.decode(params.get("NextToken"), bound, InvalidRequestException) or 0
    instance_ref = params.get("InstanceId")
    parent = None
    if instance_ref is not None:
        parent = arns.local_instance_id(instance_ref, call.account, call.region)
        if parent is None:
            return {"TrafficDistributionGroupSummaryList": []}  # the model has no 404 here
    # TDGs live in their source Region; those seen from here as a replica are stored elsewhere.
    page, more = pagination.filtered_page(
        lambda seq, n: call.uow.find(KIND, call.account, parent=parent, after=seq, limit=n),
        lambda record: _visible(call, record), after, limit)
    output: dict[str, Any] = {"TrafficDistributionGroupSummaryList": [
        {k: r.data[k] for k in _SUMMARY_FIELDS} for r in page]}
    if more:
        output["NextToken"] = pagination.encode(page[-1].seq, bound)
    return output


# ---- delete ---------------------------------------------------------------------------------------------------

def delete(call: Call, id_or_arn: str) -> None:
    record = require(call, id_or_arn)
    require_source_region(call, record, "DeleteTrafficDistributionGroup")
    data = record.data
    if data["IsDefault"]:
        raise InvalidRequestException(
            f"{data['Arn']} is the default traffic distribution group; it is deleted with the replica instance."
        )
    if data["Status"] == PENDING_DELETION:
        return
    if data["Status"] not in (ACTIVE, CREATION_FAILED, DELETION_FAILED):
        raise InvalidRequestException(f"The traffic distribution group is {data['Status']}; try again later.")
    numbers = call.uow.find(PHONE_NUMBER_KIND, call.account, record.region, parent=data["Arn"], limit=1)
    if numbers:
        raise ResourceInUseException(
            f"Phone numbers are still claimed to {data['Arn']}; release them (ReleasePhoneNumber) or move them "
            "(UpdatePhoneNumber) first, and wait until DescribePhoneNumber no longer finds a released one.",
            ResourceType="PHONE_NUMBER", ResourceId=numbers[0].data.get("PhoneNumberArn", numbers[0].id),
        )
    failure = faults.take(call, "DeleteTrafficDistributionGroup")
    data["Status"] = PENDING_DELETION
    schedule(record, {"Status": DELETION_FAILED if failure else _GONE}, call.now + call.settings.delay("tdg"))
    call.uow.update(record)


# ---- traffic distribution -------------------------------------------------------------------------------------

def get_distribution(call: Call, id_or_arn: str) -> dict[str, Any]:
    record = require(call, id_or_arn)
    data = record.data
    # Reads during an update show the distribution still in force.
    if data["Status"] not in (ACTIVE, UPDATE_IN_PROGRESS):
        raise InvalidRequestException(f"The traffic distribution group is {data['Status']}, not ACTIVE.")
    configs = _PERCENTAGE_CONFIGS + ((_SIGN_IN,) if data["IsDefault"] else ())
    return {"Id": data["Id"], "Arn": data["Arn"], **{name: data[name] for name in configs}}


def update_distribution(call: Call, params: dict[str, Any]) -> None:
    record = require(call, params["Id"])
    data = record.data
    if data["Status"] == UPDATE_IN_PROGRESS:
        raise ResourceConflictException("An update of this traffic distribution is still in progress; try again "
                                        "when the traffic distribution group is ACTIVE.")
    if data["Status"] != ACTIVE:
        raise InvalidRequestException(f"The traffic distribution group is {data['Status']}, not ACTIVE.")
    changes = {name: params[name] for name in (*_PERCENTAGE_CONFIGS, _SIGN_IN) if name in params}
    if not changes:
        raise InvalidRequestException("Specify at least one of TelephonyConfig, AgentConfig and SignInConfig.")
    if _SIGN_IN in changes and not data["IsDefault"]:
        raise InvalidRequestException("SignInConfig can only be changed on the default traffic distribution group.")
    regions = {record.region, data["ReplicaRegion"]}
    for name, config in changes.items():
        _check(name, config["Distributions"], regions)
    data["Status"] = UPDATE_IN_PROGRESS
    schedule(record, {"Status": ACTIVE, "Apply": changes}, call.now + call.settings.delay("traffic"))
    call.uow.update(record)


def _check(name: str, distributions: list[dict[str, Any]], regions: set[str]) -> None:
    named = [d["Region"] for d in distributions]
    if sorted(named) != sorted(regions):
        raise InvalidRequestException(
            f"{name} must list each of the Regions {', '.join(sorted(regions))} exactly once; got "
            f"{', '.join(named) or 'none'}."
        )
    if name == _SIGN_IN:
        if not any(d["Enabled"] for d in distributions):
            raise InvalidRequestException("SignInConfig must enable sign-in in at least one Region.")
        return
    percentages = [d["Percentage"] for d in distributions]
    if any(p % 10 for p in percentages):
        raise InvalidRequestException(f"{name} percentages must be multiples of 10; got {percentages}.")
    if sum(percentages) != 100:
        raise InvalidRequestException(f"{name} percentages must add up to 100; they add up to {sum(percentages)}.")


# ---- lifecycle and tags ---------------------------------------------------------------------------------------

@settles(KIND)
def _settle(call: Call, record: Record) -> None:
    pending = take_pending(record)
    status = pending.get("Status")
    if status == _GONE:
        _drop(call, record)
        return
    record.data.update(pending.get("Apply") or {})
    if status:
        record.data["Status"] = status
    call.uow.update(record)


@taggable("traffic-distribution-group")
def _resolve(call: Call, text: str, arn: Arn) -> Record | None:
    return lookup(call, text)
