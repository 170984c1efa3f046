"""Phone-number-to-flow associations, kept per Region: where a call to the number lands in that Region.

One record per (account, Region, PhoneNumberId), in the Region where the flow lives. For a number claimed to a
traffic distribution group an association made in one Region is mirrored to the other (current admin guide), and
explicit calls in both Regions (the 2023 guide and the seed workflow) simply overwrite each Region's entry.
Moving or releasing the number drops its associations: they are not carried to the new target.
"""

from __future__ import annotations

from typing import Any

from connect_local.domain import arns, flows, hooks, instances, mirroring, pagination, phone_numbers, tdgs
from connect_local.domain.records import Call, Record
from connect_local.errors import InvalidParameterException, InvalidRequestException, ResourceNotFoundException

KIND = "phone_number_flow"
VOICE = "VOICE_PHONE_NUMBER"
DEFAULT_PAGE = 100  # undocumented for ListFlowAssociations; as ListContactFlows (assumption)
# Only inbound flows answer calls to a number (spec §9, assumption: CONTACT_FLOW).
INBOUND_FLOW_TYPES = frozenset({"CONTACT_FLOW"})


def flow_for(call: Call, number: Record, region: str) -> Record | None:
    """The association that routes calls to `number` in `region`, if any (for the call simulator)."""
    return call.uow.get(KIND, number.account, region, number.id)


def associate(call: Call, params: dict[str, Any]) -> None:
    number = _number(call, params["PhoneNumberId"])
    instance_id = params["InstanceId"]
    instances.require_active(call, instance_id)
    status = phone_numbers.status(number)
    if status != phone_numbers.CLAIMED:
        raise InvalidParameterException(
            f"The phone number {number.data['PhoneNumber']} is {status}; only a CLAIMED number can be associated."
        )
    other_region = _served_regions(call, number, instance_id)
    flow = flows.lookup(call, instance_id, params["ContactFlowId"])
    if flow is None:
        raise ResourceNotFoundException(f"Flow not found in instance {instance_id}: {params['ContactFlowId']}")
    if flow.data["Type"] not in INBOUND_FLOW_TYPES:
        raise InvalidParameterException(
            f"The flow {flow.data['Name']!r} is of type {flow.data['Type']}; a phone number can only be "
            f"associated with a flow of type {', '.join(sorted(INBOUND_FLOW_TYPES))}."
        )
    record = Record(KIND, call.account, call.region, number.id, {
        "PhoneNumberId": number.id,
        "PhoneNumberArn": number.data["PhoneNumberArn"],
        "InstanceId": instance_id,
        "ContactFlowId": flow.id,
        "ContactFlowArn": flow.data["Arn"],
    }, parent=number.id)
    _put(call, record)
    if other_region is not None:
        _mirror(call, record, other_region)


def disassociate(call: Call, params: dict[str, Any]) -> None:
    number = _number(call, params["PhoneNumberId"])
    instance_id = params["InstanceId"]
    instances.require_active(call, instance_id)
    record = call.uow.get(KIND, call.account, call.region, number.id)
    if record is None or record.data["InstanceId"] != instance_id:
        raise ResourceNotFoundException(
            f"The phone number {number.data['PhoneNumber']} has no flow association in instance {instance_id} "
            f"in {call.region}."
        )
    call.uow.delete(record)
    if _is_tdg_number(number):
        mirroring.mirror_delete(call, record, instance_id)


def list_associations(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """ListFlowAssociations: the instance's number-to-flow associations in the called Region."""
    instance_id = params["InstanceId"]
    instances.require_active(call, instance_id)
    resource_type = params.get("ResourceType")
    limit = params.get("MaxResults") or DEFAULT_PAGE
    bound = pagination.fingerprint(call.account, call.region, "ListFlowAssociations", params)
    after = pagination.decode(params.get("NextToken"), bound, InvalidParameterException) or 0
    if resource_type not in (None, VOICE):  # only voice numbers are associated here
        return {"FlowAssociationSummaryList": []}
    page, more = pagination.filtered_page(
        lambda seq, n: call.uow.find(KIND, call.account, call.region, after=seq, limit=n),
        lambda record: record.data["InstanceId"] == instance_id, after, limit)
    output: dict[str, Any] = {"FlowAssociationSummaryList": [
        {"ResourceId": r.data["PhoneNumberArn"], "FlowId": r.data["ContactFlowArn"], "ResourceType": VOICE}
        for r in page
    ]}
    if more:
        output["NextToken"] = pagination.encode(page[-1].seq, bound)
    return output


def _number(call: Call, id_or_arn: str) -> Record:
    number = phone_numbers.lookup(call, id_or_arn)
    if number is None:
        hint = "" if arns.is_arn(id_or_arn) else (
            " Outside the Region where it was claimed, a traffic distribution group's number needs its full ARN.")
        raise ResourceNotFoundException(f"Phone number not found: {id_or_arn}.{hint}")
    return number


def _is_tdg_number(number: Record) -> bool:
    parsed = arns.parse(number.data["TargetArn"])
    return parsed is not None and parsed.parts[0] == "traffic-distribution-group"


def _served_regions(call: Call, number: Record, instance_id: str) -> str | None:
    """Check that calls to the number reach `instance_id` in the called Region; the other such Region, if any."""
    target = number.data["TargetArn"]
    parsed = arns.parse(target)
    served: dict[str, str] = {}  # Region -> instance id
    if parsed is not None and parsed.parts[0] == "instance":
        served[parsed.region] = parsed.parts[1]
    elif _is_tdg_number(number):
        tdg = tdgs.lookup(call, target)
        tdg_instance = arns.parse(tdg.data["InstanceArn"]) if tdg is not None else None
        if tdg is not None and tdg_instance is not None:
            for region in (tdg.region, tdg.data.get("ReplicaRegion")):
                if region:
                    served[region] = tdg_instance.parts[1]
    if served.get(call.region) != instance_id:
        raise InvalidParameterException(
            f"The phone number {number.data['PhoneNumber']} is claimed to {target}; instance {instance_id} in "
            f"{call.region} does not receive its calls."
        )
    others = [region for region in served if region != call.region]
    return others[0] if others else None


def _mirror(call: Call, record: Record, other_region: str) -> None:
    """Copy the association to the other Region of the number's TDG, where the same flow exists in the twin."""
    if call.uow.get(flows.KIND, record.account, other_region, record.data["ContactFlowId"]) is not None:
        mirroring.mirror_put(call, record, record.data["InstanceId"])


def _put(call: Call, record: Record) -> None:
    if call.uow.get(KIND, record.account, record.region, record.id) is None:
        call.uow.insert(record)
    else:
        call.uow.update(record)


def _drop_all(call: Call, number: Record) -> None:
    for record in call.uow.find(KIND, number.account, parent=number.id):
        call.uow.delete(record)


@hooks.on(hooks.PHONE_NUMBER_RETARGETED)
def _number_moved(call: Call, number: Record, old_target_arn: str, by_service: bool) -> None:
    """A user's move drops the number's associations (API:UpdatePhoneNumber). Replication's own moves (into the
    default TDG, and back when the replica goes) keep the home Region's association, since calls still reach the
    same instance's flow there; it is mirrored to the replica while the number is in the default TDG."""
    if not by_service:
        _drop_all(call, number)
        return
    tdg = tdgs.lookup(call, number.data["TargetArn"])
    for record in call.uow.find(KIND, number.account, parent=number.id):
        if record.region != number.region:
            call.uow.delete(record)
        elif tdg is not None:
            _mirror(call.elsewhere(record.account, record.region), record, tdg.data["ReplicaRegion"])


@hooks.on(hooks.PHONE_NUMBER_RELEASED)
def _number_released(call: Call, number: Record) -> None:
    _drop_all(call, number)


@hooks.on(hooks.INSTANCE_DELETED)
def _instance_deleted(call: Call, instance: Record) -> None:
    for record in call.uow.find(KIND, instance.account, instance.region):
        if record.data["InstanceId"] == instance.id:
            call.uow.delete(record)


@hooks.on(hooks.FLOW_DELETING)
def _refuse_associated_flow(call: Call, flow: Record) -> None:
    numbers = sorted({r.data["PhoneNumberArn"] for r in call.uow.find(KIND, flow.account)
                      if r.data["ContactFlowId"] == flow.id})
    if numbers:
        raise InvalidRequestException(
            f"The flow {flow.data['Name']!r} is associated with phone numbers ({', '.join(numbers)}); "
            f"disassociate them first."
        )
