"""Amazon Connect instances: create, describe, list, delete, with the asynchronous creation lifecycle.

Records keep the wire field names of the model's `Instance` shape, so what is stored is what is described.
"""

from __future__ import annotations

import hashlib
import string
from typing import Any

from connect_local import ids
from connect_local.domain import faults, hooks, idempotency, pagination
from connect_local.domain.arns import Arn
from connect_local.domain.lifecycle import schedule, settles, take_pending
from connect_local.domain.records import Call, Record, UniqueViolation
from connect_local.domain.tags import taggable
from connect_local.errors import (
    InvalidRequestException,
    ResourceNotFoundException,
    ServiceQuotaExceededException,
)

KIND = "instance"
CHURN_KIND = "instance_churn"
CHURN_WINDOW = 30 * 24 * 3600.0
CHURN_LIMIT = 100  # creations plus deletions per rolling 30 days (third-party figure, see spec §1)

CREATION_IN_PROGRESS = "CREATION_IN_PROGRESS"
ACTIVE = "ACTIVE"
CREATION_FAILED = "CREATION_FAILED"

# Fields a ListInstances summary carries (the model's InstanceSummary).
_SUMMARY_FIELDS = (
    "Id", "Arn", "IdentityManagementType", "InstanceAlias", "CreatedTime", "ServiceRole", "InstanceStatus",
    "InboundCallsEnabled", "OutboundCallsEnabled", "InstanceAccessUrl",
)
_DESCRIBE_FIELDS = _SUMMARY_FIELDS + ("StatusReason", "Tags")
_ALIAS_TAKEN = "Invalid Input. Instance alias is already used."


def alias_key(alias: str) -> str:
    """Aliases are DNS labels, unique across every account and Region regardless of case."""
    return alias.lower()


def create(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return idempotency.once(call, "CreateInstance", params.get("ClientToken"), params,
                            InvalidRequestException, lambda: _create(call, params))


def _create(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    identity = params["IdentityManagementType"]
    alias = params.get("InstanceAlias")
    directory_id = params.get("DirectoryId")
    if identity in ("SAML", "CONNECT_MANAGED") and not alias:
        raise InvalidRequestException(f"InstanceAlias is required when IdentityManagementType is {identity}.")
    if identity == "EXISTING_DIRECTORY" and not directory_id:
        raise InvalidRequestException("DirectoryId is required when IdentityManagementType is EXISTING_DIRECTORY.")
    if identity != "EXISTING_DIRECTORY" and directory_id:
        raise InvalidRequestException(f"DirectoryId is only valid with EXISTING_DIRECTORY, not {identity}.")
    if alias and call.uow.find_unique((KIND,), alias_key(alias)) is not None:
        raise InvalidRequestException(_ALIAS_TAKEN)
    check_quota(call)
    instance_id = call.ids.new()
    record = new_record(call, instance_id, {
        "IdentityManagementType": identity,
        "InstanceAlias": alias,
        "DirectoryId": directory_id,
        "InboundCallsEnabled": params["InboundCallsEnabled"],
        "OutboundCallsEnabled": params["OutboundCallsEnabled"],
        "Tags": params.get("Tags") or {},
    })
    failure = faults.take(call, "CreateInstance")  # armed through the control plane
    pending: dict[str, Any] = {"Status": ACTIVE}
    if failure:
        pending = {"Status": CREATION_FAILED, "Reason": failure}
    schedule(record, pending, call.now + call.settings.delay("instance"))
    try:
        call.uow.insert(record)
    except UniqueViolation:
        raise InvalidRequestException(_ALIAS_TAKEN) from None
    _count_churn(call)
    return {"Id": instance_id, "Arn": record.data["Arn"]}


def new_record(call: Call, instance_id: str, fields: dict[str, Any]) -> Record:
    """A CREATION_IN_PROGRESS instance record in the called Region (also used for replicas)."""
    alias = fields.get("InstanceAlias")
    data = {
        "Id": instance_id,
        "Arn": ids.instance_arn(call.region, call.account, instance_id),
        "CreatedTime": call.now,
        "ServiceRole": _service_role(call.account, instance_id),
        "InstanceStatus": CREATION_IN_PROGRESS,
        "InstanceAccessUrl": f"https://{alias or instance_id}.my.connect.aws",
        **{k: v for k, v in fields.items() if v is not None},
    }
    return Record(KIND, call.account, call.region, instance_id, data,
                  unique=alias_key(alias) if alias else None)


def _service_role(account: str, instance_id: str) -> str:
    digest = hashlib.sha256(f"{account}/{instance_id}".encode()).digest()
    alphabet = string.ascii_uppercase + string.digits
    suffix = "".join(alphabet[b % len(alphabet)] for b in digest[:20])
    return (f"arn:aws:iam::{account}:role/aws-service-role/connect.amazonaws.com/"
            f"AWSServiceRoleForAmazonConnect_{suffix}")


def check_quota(call: Call) -> None:
    """Refuse a new instance (or replica) in the called Region when the account's quota or churn limit is hit."""
    live = [r for r in call.uow.find(KIND, call.account, call.region)
            if r.data["InstanceStatus"] != CREATION_FAILED]
    if len(live) >= call.settings.instances_per_region:
        raise ServiceQuotaExceededException(
            f"The quota of {call.settings.instances_per_region} Amazon Connect instances per account in "
            f"{call.region} has been reached."
        )
    if call.settings.churn_limit and call.uow.count(CHURN_KIND, call.account) >= CHURN_LIMIT:
        raise ServiceQuotaExceededException(
            "Your account has been flagged for an excessive number of creation and deletion attempts"
        )


def _count_churn(call: Call) -> None:
    record = Record(CHURN_KIND, call.account, call.region, call.ids.new(), {}, due=call.now + CHURN_WINDOW)
    call.uow.insert(record)


@settles(CHURN_KIND)
def _forget_churn(call: Call, record: Record) -> None:
    call.uow.delete(record)


@settles(KIND)
def _settle(call: Call, record: Record) -> None:
    pending = take_pending(record)
    status = pending.get("Status")
    if status == ACTIVE:
        record.data["InstanceStatus"] = ACTIVE
        call.uow.update(record)
        hooks.fire(hooks.INSTANCE_ACTIVATED, call, record)
    elif status == CREATION_FAILED:
        record.data["InstanceStatus"] = CREATION_FAILED
        record.data["StatusReason"] = {"Message": pending.get("Reason") or "Instance creation failed."}
        # A failed instance stays visible for 24 hours after creation, then disappears.
        expiry = record.data["CreatedTime"] + call.settings.failed_instance_retention
        schedule(record, {"Status": "EXPIRED"}, expiry)
        record.unique = None  # a failed creation does not keep the alias
        call.uow.update(record)
    elif status == "EXPIRED":
        call.uow.delete(record)
    else:
        call.uow.update(record)


def get(call: Call, instance_id: str) -> Record:
    record = call.uow.get(KIND, call.account, call.region, instance_id)
    if record is None:
        raise ResourceNotFoundException(f"Instance not found: {instance_id}")
    return record


def require_active(call: Call, instance_id: str) -> Record:
    """The instance, when it exists and is ACTIVE: child resources need a working instance."""
    record = call.uow.get(KIND, call.account, call.region, instance_id)
    if record is None or record.data["InstanceStatus"] != ACTIVE:
        raise ResourceNotFoundException(f"Instance not found or not active: {instance_id}")
    return record


def describe(call: Call, instance_id: str) -> dict[str, Any]:
    data = get(call, instance_id).data
    output: dict[str, Any] = {"Instance": {k: data[k] for k in _DESCRIBE_FIELDS if k in data}}
    if "ReplicationConfiguration" in data:
        output["ReplicationConfiguration"] = data["ReplicationConfiguration"]
    return output


def list_instances(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    limit = params.get("MaxResults") or 10
    bound = pagination.fingerprint(call.account, call.region, "ListInstances", params)
    after = pagination.decode(params.get("NextToken"), bound, InvalidRequestException) or 0
    page = call.uow.find(KIND, call.account, call.region, after=after, limit=limit + 1)
    output: dict[str, Any] = {
        "InstanceSummaryList": [{k: r.data[k] for k in _SUMMARY_FIELDS if k in r.data} for r in page[:limit]]
    }
    if len(page) > limit:
        output["NextToken"] = pagination.encode(page[limit - 1].seq, bound)
    return output


def delete(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return idempotency.once(call, "DeleteInstance", params.get("ClientToken"), params,
                            InvalidRequestException, lambda: _delete(call, params["InstanceId"]))


def _delete(call: Call, instance_id: str) -> dict[str, Any]:
    record = get(call, instance_id)
    if call.settings.churn_limit and call.uow.count(CHURN_KIND, call.account) >= CHURN_LIMIT:
        raise ServiceQuotaExceededException(
            "Your account has been flagged for an excessive number of creation and deletion attempts"
        )
    hooks.fire(hooks.INSTANCE_DELETED, call, record)
    call.uow.delete(record)
    _count_churn(call)
    return {}


@taggable("instance")
def _resolve(call: Call, text: str, arn: Arn) -> Record | None:
    parts = arn.parts
    if len(parts) != 2 or arn.region != call.region:
        return None
    return call.uow.get(KIND, call.account, call.region, parts[1])
