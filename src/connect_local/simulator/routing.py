"""Where a call to a number goes: the number's target, the Region it is sent to, and the flow that answers.

Three steps, each a plain read through the domain, so the call simulator and the doctor share them:
find_number (E.164 -> number record), target_of (number -> instance or TDG and its telephony distribution) and
land (target + Region -> instance and flow, or the reason the call fails there).
"""

from __future__ import annotations

from dataclasses import dataclass

from connect_local.domain import arns, associations, flows, instances, phone_numbers, tdgs
from connect_local.domain.records import Call, Record
from connect_local.simulator import reasons
from connect_local.simulator.reasons import Failure

TDG_RESOURCE = "traffic-distribution-group"
# An UpdateTrafficDistribution in flight does not stop calls: the distribution in force keeps routing them.
ROUTING_TDG_STATUSES = frozenset({tdgs.ACTIVE, tdgs.UPDATE_IN_PROGRESS})


@dataclass(frozen=True)
class Target:
    """A claimed number and what it points at."""

    number: Record
    instance_id: str
    tdg: Record | None  # None when the number is claimed to an instance
    distribution: dict[str, int]  # Region -> percentage of calls (an instance target: its Region, 100)

    @property
    def e164(self) -> str:
        return str(self.number.data["PhoneNumber"])


@dataclass(frozen=True)
class Landing:
    """The instance and published, active flow that answer a call in one Region."""

    region: str
    instance: Record
    flow: Record


def find_number(call: Call, e164: str) -> Record | Failure:
    record = call.uow.find_unique((phone_numbers.KIND,), e164)
    # Unique keys span every account: a number another tenant holds is unknown to this one.
    if record is None or record.account != call.account:
        return Failure(reasons.NUMBER_UNKNOWN, f"{e164} is not a phone number of account {call.account}.")
    return record


def target_of(call: Call, number: Record) -> Target | Failure:
    data = number.data
    status = data.get("PhoneNumberStatus") or {}
    if status.get("Status") != phone_numbers.CLAIMED:
        why = f": {status['Message']}" if status.get("Message") else ""
        return Failure(reasons.NUMBER_NOT_CLAIMED,
                       f"{data['PhoneNumber']} is {status.get('Status', 'not claimed')}, not CLAIMED{why}.")
    target_arn = str(data["TargetArn"])
    arn = arns.parse(target_arn)
    if arn is None or arn.parts[0] != TDG_RESOURCE:
        instance_id = str(data.get("InstanceId") or (arn.parts[1] if arn else ""))
        return Target(number, instance_id, None, {number.region: 100})
    tdg = call.uow.get(tdgs.KIND, number.account, arn.region, arn.parts[1])
    if tdg is None or tdg.data.get("Status") not in ROUTING_TDG_STATUSES:
        state = "does not exist" if tdg is None else f"is {tdg.data.get('Status')}"
        return Failure(reasons.TDG_NOT_ACTIVE,
                       f"{data['PhoneNumber']} belongs to traffic distribution group {target_arn}, which {state}.")
    instance = arns.parse(str(tdg.data["InstanceArn"]))
    instance_id = instance.parts[1] if instance else ""
    return Target(number, instance_id, tdg, dict(tdgs.telephony_distribution(tdg)))


def land(call: Call, target: Target, region: str, regions_down: frozenset[str]) -> Landing | Failure:
    """The instance and flow that take the call in `region`, or why the caller hears nothing there."""
    e164 = target.e164
    if region in regions_down:
        return Failure(reasons.REGION_DOWN,
                       f"{region} is marked down; calls sent there fail until traffic is shifted away.")
    here = call.elsewhere(target.number.account, region)
    instance = here.uow.get(instances.KIND, here.account, region, target.instance_id)
    if instance is not None and not instance.data.get("InboundCallsEnabled", True):
        return Failure(reasons.INBOUND_CALLS_DISABLED,
                       f"instance {target.instance_id} in {region} does not accept inbound calls.")
    flow = _associated_flow(here, target, region)
    if instance is None or flow is None:
        return Failure(reasons.NO_FLOW, f"no contact flow is associated with {e164} in {region}.")
    name = flow.data.get("Name")
    if flow.data.get("State") != flows.ACTIVE:
        return Failure(reasons.FLOW_ARCHIVED, f"the flow associated with {e164} in {region} ({name}) is archived.")
    if flow.data.get("Status") != flows.PUBLISHED:
        return Failure(reasons.FLOW_NOT_PUBLISHED,
                       f"the flow associated with {e164} in {region} ({name}) is saved but not published.")
    return Landing(region, instance, flow)


def _associated_flow(call: Call, target: Target, region: str) -> Record | None:
    association = associations.flow_for(call, target.number, region)
    if association is None:
        return None
    return flows.lookup(call, target.instance_id, str(association.data["ContactFlowId"]))
