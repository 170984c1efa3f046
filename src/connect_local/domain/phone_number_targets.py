"""Where a phone number can be claimed, moved or listed: an instance or a traffic distribution group (TDG).

A target is named by exactly one of TargetArn / InstanceId. Instances are seen only in their own Region; a TDG is
seen from its source Region and, by full ARN, from its replica Region. Each operation then applies its own rule
on top (claims and moves only in the target's Region; search and listing also from a TDG's replica Region).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from connect_local.domain import arns, instances, tdgs
from connect_local.domain.records import Call
from connect_local.errors import InvalidParameterException, ResourceNotFoundException


@dataclass(frozen=True)
class Target:
    arn: str
    region: str  # where the target was created: numbers claimed to it live there
    instance_id: str | None  # None for a TDG
    active: bool


def resolve(call: Call, params: dict[str, Any]) -> Target:
    """The target the request names; ResourceNotFoundException when it does not exist or is not the caller's."""
    arn_text, instance_id = params.get("TargetArn"), params.get("InstanceId")
    if (arn_text is None) == (instance_id is None):
        raise InvalidParameterException("Specify exactly one of TargetArn and InstanceId.")
    if instance_id is not None:
        return _instance(call, call.region, instance_id)
    assert arn_text is not None
    return by_arn(call, arn_text)


def by_arn(call: Call, arn_text: str) -> Target:
    parsed = arns.parse(arn_text)
    if parsed is None or len(parsed.parts) != 2:
        raise InvalidParameterException(f"TargetArn {arn_text} is not an instance or traffic distribution group ARN.")
    kind, resource_id = parsed.parts
    if parsed.account != call.account:
        raise ResourceNotFoundException(f"Target not found: {arn_text}")
    if kind == "instance":
        target = _instance(call, parsed.region, resource_id)
        if target.region != call.region:
            raise InvalidParameterException(
                f"The instance {arn_text} is in {target.region}; call this operation in that Region.")
        return target
    if kind == "traffic-distribution-group":
        tdg = tdgs.lookup(call, arn_text)
        if tdg is None:
            raise ResourceNotFoundException(f"Traffic distribution group not found: {arn_text}")
        return Target(tdg.data["Arn"], tdg.region, None, tdg.data.get("Status") == tdgs.ACTIVE)
    raise InvalidParameterException(f"TargetArn {arn_text} is not an instance or traffic distribution group ARN.")


def require_claimable(call: Call, target: Target) -> None:
    """Claims and moves: only in the Region where the target was created, and only to an ACTIVE target."""
    if target.region != call.region:
        raise InvalidParameterException(
            f"The target {target.arn} was created in {target.region}; call this operation in that Region.")
    if not target.active:
        raise ResourceNotFoundException(f"The target {target.arn} is not ACTIVE.")


def still_claimable(call: Call, arn_text: str) -> bool:
    """Whether a pending claim or move can still complete (the target may have gone since the request)."""
    try:
        target = by_arn(call, arn_text)
    except (InvalidParameterException, ResourceNotFoundException):
        return False
    return target.active and target.region == call.region


def _instance(call: Call, region: str, instance_id: str) -> Target:
    record = call.uow.get(instances.KIND, call.account, region, instance_id)
    if record is None:
        raise ResourceNotFoundException(f"Instance not found: {instance_id}")
    return Target(record.data["Arn"], region, instance_id, record.data["InstanceStatus"] == instances.ACTIVE)
