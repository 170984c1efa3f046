"""Contact flows: the default flows of every instance, flow CRUD, `$SAVED` drafts, and two-way mirroring.

Records keep the model's `ContactFlow` wire fields (plus an internal `Draft` for content saved with `:$SAVED`
on a published flow). On a replicated instance every write is applied to the twin in the other Region with the
same id; LastModifiedRegion says where the write happened.
"""

from __future__ import annotations

from typing import Any

from connect_local import ids
from connect_local.domain import flow_language, flow_refs, hooks, instances, mirroring, pagination
from connect_local.domain.arns import Arn
from connect_local.domain.default_flows import DEFAULT_FLOWS, is_default_flow_name
from connect_local.domain.flow_refs import SAVED
from connect_local.domain.records import Call, Record, UniqueViolation
from connect_local.domain.tags import taggable
from connect_local.errors import (
    ContactFlowNotPublishedException,
    DuplicateResourceException,
    InvalidContactFlowException,
    InvalidParameterException,
    InvalidRequestException,
    LimitExceededException,
    ResourceNotFoundException,
    ServiceError,
)

KIND = "contact_flow"
PUBLISHED = "PUBLISHED"
SAVED_STATUS = "SAVED"
ACTIVE = "ACTIVE"
MAX_CONTENT = 256_000  # API:CreateContactFlow; the model itself has no length for Content
DEFAULT_PAGE = 100

_DESCRIBE_FIELDS = (
    "Arn", "Id", "Name", "Type", "State", "Status", "Description", "Content", "Tags", "FlowContentSha256",
    "LastModifiedTime", "LastModifiedRegion",
)


def name_key(account: str, region: str, instance_id: str, name: str) -> str:
    """The record's unique key: flow names are unique per instance (case-sensitive), per Region."""
    return f"{account}/{region}/{instance_id}/{name}"


def lookup(call: Call, instance_id: str, flow_id_or_arn: str) -> Record | None:
    """The flow of the instance in the called Region named by an id or ARN (a qualifier is ignored)."""
    ref = flow_refs.parse(call, instance_id, flow_id_or_arn)
    if ref is None:
        return None
    record = call.uow.get(KIND, call.account, call.region, ref.flow_id)
    return record if record is not None and record.parent == instance_id else None


# ---- create -------------------------------------------------------------------------------------------------

def create(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    instance_id = params["InstanceId"]
    instances.require_active(call, instance_id)
    status = params.get("Status") or PUBLISHED
    content = params["Content"]
    _check_content(content, publish=status == PUBLISHED)
    name = params["Name"]
    _check_name_free(call, instance_id, name)
    count = call.uow.count(KIND, call.account, call.region, parent=instance_id)
    if count >= call.settings.flows_per_instance:
        raise LimitExceededException(
            f"The instance {instance_id} already has {count} flows, the quota of flows per instance "
            f"({call.settings.flows_per_instance}, default and sample flows included)."
        )
    flow_id = call.ids.new()
    record = _new_record(call, instance_id, flow_id, {
        "Name": name,
        "Type": params["Type"],
        "Status": status,
        "Description": params.get("Description"),
        "Content": content,
        "Tags": params.get("Tags") or {},
    })
    _insert(call, record)
    _mirror(call, record)
    return {"ContactFlowId": flow_id, "ContactFlowArn": record.data["Arn"],
            "FlowContentSha256": record.data["FlowContentSha256"]}


def _new_record(call: Call, instance_id: str, flow_id: str, fields: dict[str, Any]) -> Record:
    data = {
        "Id": flow_id,
        "Arn": ids.flow_arn(call.region, call.account, instance_id, flow_id),
        "State": ACTIVE,
        "FlowContentSha256": flow_language.content_sha256(fields["Content"]),
        "LastModifiedTime": call.now,
        "LastModifiedRegion": call.region,
        **{k: v for k, v in fields.items() if v is not None},
    }
    return Record(KIND, call.account, call.region, flow_id, data, parent=instance_id,
                  unique=name_key(call.account, call.region, instance_id, fields["Name"]))


def _check_content(content: str, publish: bool) -> None:
    if not 1 <= len(content) <= MAX_CONTENT:
        raise InvalidParameterException(
            f"Content must be 1 to {MAX_CONTENT} characters long; it has {len(content)}."
        )
    if publish:
        problems = flow_language.validate(content)
        if problems:
            raise InvalidContactFlowException(problems)


def _check_name_free(call: Call, instance_id: str, name: str, flow_id: str | None = None) -> None:
    holder = call.uow.find_unique((KIND,), name_key(call.account, call.region, instance_id, name))
    if holder is not None and holder.id != flow_id:
        raise DuplicateResourceException(f"A flow named {name!r} already exists in instance {instance_id}.")


def _insert(call: Call, record: Record) -> None:
    try:
        call.uow.insert(record)
    except UniqueViolation:
        raise _duplicate(record, call.region) from None


def _duplicate(record: Record, region: str) -> ServiceError:
    return DuplicateResourceException(
        f"A flow named {record.data['Name']!r} already exists in instance {record.parent} in {region}."
    )


def _mirror(call: Call, record: Record) -> None:
    """Apply the write to the twin instance in the other Region, when the instance is replicated."""
    partner = mirroring.partner_region(call, record.parent)
    if partner is None:
        return
    twin_unique = name_key(call.account, partner, record.parent, record.data["Name"])
    try:
        mirroring.mirror_put(call, record, record.parent, twin_unique)
    except UniqueViolation:
        raise _duplicate(record, partner) from None


# ---- default flows ------------------------------------------------------------------------------------------

@hooks.on(hooks.INSTANCE_ACTIVATED)
def _create_default_flows(call: Call, instance: Record) -> None:
    """Every new instance starts with the default and sample flows. A replica gets its source's copies instead."""
    source_region = (instance.data.get("ReplicationConfiguration") or {}).get("SourceRegion")
    if source_region and source_region != instance.region:
        return
    if call.uow.count(KIND, call.account, instance.region, parent=instance.id):
        return
    flow_ids = {template.name: call.ids.new() for template in DEFAULT_FLOWS}
    arn_of = {name: ids.flow_arn(instance.region, call.account, instance.id, flow_id)
              for name, flow_id in flow_ids.items()}
    values = {
        "queue:BasicQueue": ids.instance_child_arn(instance.region, call.account, instance.id, "queue",
                                                   call.ids.new()),
        "region": instance.region,
        "account": call.account,
        **{f"flow:{name}": arn for name, arn in arn_of.items()},
    }
    for template in DEFAULT_FLOWS:
        call.uow.insert(_new_record(call, instance.id, flow_ids[template.name], {
            "Name": template.name,
            "Type": template.flow_type,
            "Status": PUBLISHED,
            "Description": template.description,
            "Content": template.render(values),
            "Tags": {},
        }))


@hooks.on(hooks.INSTANCE_DELETED)
def _delete_instance_flows(call: Call, instance: Record) -> None:
    for record in call.uow.find(KIND, call.account, instance.region, parent=instance.id):
        call.uow.delete(record)


# ---- describe / list ----------------------------------------------------------------------------------------

def _require(call: Call, instance_id: str, flow_id_or_arn: str) -> tuple[Record, str | None]:
    instances.require_active(call, instance_id)
    ref = flow_refs.parse(call, instance_id, flow_id_or_arn)
    record = None
    if ref is not None:
        record = call.uow.get(KIND, call.account, call.region, ref.flow_id)
    if record is None or ref is None or record.parent != instance_id:
        raise ResourceNotFoundException(f"Flow not found in instance {instance_id}: {flow_id_or_arn}")
    if ref.qualifier not in (None, SAVED):
        # The emulator keeps no flow versions (out of scope), so no version exists to read.
        raise ResourceNotFoundException(f"Version {ref.qualifier} of flow {ref.flow_id} was not found.")
    return record, ref.qualifier


def _unqualified(call: Call, instance_id: str, flow_id_or_arn: str) -> Record:
    record, qualifier = _require(call, instance_id, flow_id_or_arn)
    if qualifier is not None:
        raise InvalidParameterException(f"This operation takes a flow id or ARN without the :{qualifier} qualifier.")
    return record


def describe(call: Call, instance_id: str, flow_id_or_arn: str) -> dict[str, Any]:
    record, qualifier = _require(call, instance_id, flow_id_or_arn)
    data = record.data
    flow = {k: data[k] for k in _DESCRIBE_FIELDS if k in data}
    if qualifier == SAVED:
        draft = data.get("Draft")
        if draft:
            flow.update(draft, Status=SAVED_STATUS)
    elif data["Status"] != PUBLISHED:
        raise ContactFlowNotPublishedException(
            f"The flow {record.id} has not been published; describe it with the :{SAVED} qualifier."
        )
    return {"ContactFlow": flow}


def list_flows(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    instance_id = params["InstanceId"]
    instances.require_active(call, instance_id)
    types = set(params.get("ContactFlowTypes") or ())
    limit = params.get("MaxResults") or DEFAULT_PAGE
    bound = pagination.fingerprint(call.account, call.region, "ListContactFlows", params)
    after = pagination.decode(params.get("NextToken"), bound, InvalidParameterException) or 0
    page, more = pagination.filtered_page(
        lambda seq, n: call.uow.find(KIND, call.account, call.region, parent=instance_id, after=seq, limit=n),
        lambda record: not types or record.data["Type"] in types, after, limit)
    output: dict[str, Any] = {"ContactFlowSummaryList": [_summary(r.data) for r in page]}
    if more:
        output["NextToken"] = pagination.encode(page[-1].seq, bound)
    return output


def _summary(data: dict[str, Any]) -> dict[str, Any]:
    return {"Id": data["Id"], "Arn": data["Arn"], "Name": data["Name"], "ContactFlowType": data["Type"],
            "ContactFlowState": data["State"], "ContactFlowStatus": data["Status"]}


# ---- updates and delete -------------------------------------------------------------------------------------

def update_content(call: Call, params: dict[str, Any]) -> None:
    record, qualifier = _require(call, params["InstanceId"], params["ContactFlowId"])
    content = params["Content"]
    sha = flow_language.content_sha256(content)
    if qualifier == SAVED:
        _check_content(content, publish=False)
        if record.data["Status"] == PUBLISHED:
            # A draft of a published flow: callers keep getting the published content until it is published.
            record.data["Draft"] = {"Content": content, "FlowContentSha256": sha}
        else:
            record.data.update(Content=content, FlowContentSha256=sha)
    else:
        _check_content(content, publish=True)
        record.data.pop("Draft", None)
        record.data.update(Content=content, FlowContentSha256=sha, Status=PUBLISHED)
    _save(call, record)


def update_name(call: Call, params: dict[str, Any]) -> None:
    if "Name" not in params and "Description" not in params:
        raise InvalidParameterException("Give a Name, a Description or both.")
    _update_metadata(call, params)


def update_metadata(call: Call, params: dict[str, Any]) -> None:
    if not any(k in params for k in ("Name", "Description", "ContactFlowState")):
        raise InvalidParameterException("Give at least one of Name, Description and ContactFlowState.")
    _update_metadata(call, params)


def _update_metadata(call: Call, params: dict[str, Any]) -> None:
    instance_id = params["InstanceId"]
    record = _unqualified(call, instance_id, params["ContactFlowId"])
    if "Name" in params:
        _check_name_free(call, instance_id, params["Name"], record.id)
        record.data["Name"] = params["Name"]
        record.unique = name_key(call.account, call.region, instance_id, params["Name"])
    if "Description" in params:
        record.data["Description"] = params["Description"]
    if "ContactFlowState" in params:
        record.data["State"] = params["ContactFlowState"]
    _save(call, record)


def _save(call: Call, record: Record) -> None:
    record.data["LastModifiedTime"] = call.now
    record.data["LastModifiedRegion"] = call.region
    try:
        call.uow.update(record)
    except UniqueViolation:
        raise _duplicate(record, call.region) from None
    _mirror(call, record)


def delete(call: Call, params: dict[str, Any]) -> None:
    record = _unqualified(call, params["InstanceId"], params["ContactFlowId"])
    if is_default_flow_name(record.data["Name"]):
        raise InvalidRequestException(
            f"The default flow {record.data['Name']!r} cannot be deleted; the instance relies on it."
        )
    hooks.fire(hooks.FLOW_DELETING, call, record)
    call.uow.delete(record)
    mirroring.mirror_delete(call, record, record.parent)


@taggable("contact-flow")
def _resolve(call: Call, text: str, arn: Arn) -> Record | None:
    parts = arn.parts
    if len(parts) != 4 or arn.region != call.region:
        return None
    record = call.uow.get(KIND, call.account, call.region, parts[3])
    return record if record is not None and record.parent == parts[1] else None
