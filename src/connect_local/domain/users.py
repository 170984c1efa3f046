"""Users (agents), only as far as traffic distribution groups need them, and TDG user association.

A user is a mirrored resource: on a replicated instance every write reaches the twin with the same id. Security
and routing profile ids are taken as given: no operation in scope lists them (assumption).
"""

from __future__ import annotations

import re
from typing import Any

from connect_local import ids
from connect_local.domain import arns, hooks, instances, mirroring, pagination, tdgs
from connect_local.domain.arns import Arn
from connect_local.domain.records import Call, Record, UniqueViolation
from connect_local.domain.tags import taggable
from connect_local.errors import (
    DuplicateResourceException,
    InvalidParameterException,
    InvalidRequestException,
    LimitExceededException,
    ResourceConflictException,
    ResourceNotFoundException,
)

KIND = "user"

# CreateUser's Username member doc: up to 64 of these characters for SAML, up to 20 characters otherwise.
_SAML_USERNAME = re.compile(r"[a-zA-Z0-9_\-.@]{1,64}")
_OTHER_USERNAME_MAX = 20
_OPTIONAL_FIELDS = ("IdentityInfo", "PhoneConfig", "DirectoryUserId", "HierarchyGroupId", "AutoAcceptConfigs",
                    "AfterContactWorkConfigs", "PhoneNumberConfigs", "PersistentConnectionConfigs",
                    "VoiceEnhancementConfigs")
_SUMMARY_FIELDS = ("Id", "Arn", "Username", "LastModifiedTime", "LastModifiedRegion")


def name_key(account: str, region: str, instance_id: str, username: str) -> str:
    """Usernames are unique per instance; the key names the Region so a mirrored twin gets its own."""
    return f"{account}/{region}/{instance_id}/{username}"


def create(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    instance = instances.require_active(call, params["InstanceId"])
    _check_identity(instance.data["IdentityManagementType"], params)
    if call.uow.count(KIND, call.account, call.region, parent=instance.id) >= call.settings.users_per_instance:
        raise LimitExceededException(
            f"The instance {instance.id} already has {call.settings.users_per_instance} users, the quota."
        )
    user_id = call.ids.new()
    data: dict[str, Any] = {
        "Id": user_id,
        "Arn": ids.user_arn(call.region, call.account, instance.id, user_id),
        "Username": params["Username"],
        "SecurityProfileIds": params["SecurityProfileIds"],
        "RoutingProfileId": params["RoutingProfileId"],
        **{name: params[name] for name in _OPTIONAL_FIELDS if name in params},
        "Tags": params.get("Tags") or {},
        "LastModifiedTime": call.now,
        "LastModifiedRegion": call.region,
    }
    record = Record(KIND, call.account, call.region, user_id, data, parent=instance.id,
                    unique=name_key(call.account, call.region, instance.id, params["Username"]))
    try:
        call.uow.insert(record)
        mirroring.mirror_put(call, record, instance.id)
    except UniqueViolation:
        raise DuplicateResourceException(
            f"A user named {params['Username']!r} already exists in instance {instance.id}."
        ) from None
    return {"UserId": user_id, "UserArn": data["Arn"]}


def _check_identity(identity: str, params: dict[str, Any]) -> None:
    """The CreateUser member rules that depend on the instance's identity management type."""
    username = params["Username"]
    if identity == "SAML":
        if not _SAML_USERNAME.fullmatch(username):
            raise InvalidParameterException(
                "For SAML instances, Username is up to 64 letters, digits and the characters _ - . @")
    elif len(username) > _OTHER_USERNAME_MAX:
        raise InvalidParameterException(f"Username is at most {_OTHER_USERNAME_MAX} characters for {identity} "
                                        "instances.")
    if identity == "CONNECT_MANAGED" and "Password" not in params:
        raise InvalidParameterException("Password is required for users of CONNECT_MANAGED instances.")
    if identity != "CONNECT_MANAGED" and "Password" in params:
        raise InvalidParameterException(f"Password must not be given for users of {identity} instances.")
    info = params.get("IdentityInfo") or {}
    if identity in ("SAML", "CONNECT_MANAGED") and not (info.get("FirstName") and info.get("LastName")):
        raise InvalidParameterException(f"IdentityInfo.FirstName and LastName are required for {identity} "
                                        "instances.")
    if identity == "SAML" and "Email" in info:
        raise InvalidParameterException("IdentityInfo.Email is not allowed for SAML instances.")


def lookup(call: Call, instance_id: str, user_ref: str) -> Record | None:
    """The user of the instance in the called Region, by id or ARN."""
    user_id = arns.local_id(user_ref, call.account, call.region, "instance", instance_id, "agent", None)
    if user_id is None:
        return None
    record = call.uow.get(KIND, call.account, call.region, user_id)
    return record if record is not None and record.parent == instance_id else None


def describe(call: Call, instance_id: str, user_ref: str) -> dict[str, Any]:
    instances.require_active(call, instance_id)
    record = lookup(call, instance_id, user_ref)
    if record is None:
        raise ResourceNotFoundException(f"User not found in instance {instance_id}: {user_ref}")
    return {"User": record.data}


def list_users(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    instance = instances.require_active(call, params["InstanceId"])
    limit = params.get("MaxResults") or 100
    bound = pagination.fingerprint(call.account, call.region, "ListUsers", params)
    after = pagination.decode(params.get("NextToken"), bound, InvalidRequestException) or 0
    page = call.uow.find(KIND, call.account, call.region, parent=instance.id, after=after, limit=limit + 1)
    output: dict[str, Any] = {"UserSummaryList": [{k: r.data[k] for k in _SUMMARY_FIELDS} for r in page[:limit]]}
    if len(page) > limit:
        output["NextToken"] = pagination.encode(page[limit - 1].seq, bound)
    return output


@hooks.on(hooks.INSTANCE_DELETED)
def _delete_instance_users(call: Call, instance: Record) -> None:
    for record in call.uow.find(KIND, call.account, instance.region, parent=instance.id):
        call.uow.delete(record)


@taggable("agent")
def _resolve(call: Call, text: str, arn: Arn) -> Record | None:
    return lookup(call, arn.parts[1], text) if len(arn.parts) == 4 else None


# ---- traffic distribution group users -------------------------------------------------------------------------

def associate(call: Call, params: dict[str, Any]) -> None:
    tdg, user_id = _membership(call, params, "AssociateTrafficDistributionGroupUser")
    current = call.uow.get(tdgs.USER_KIND, call.account, tdg.region, user_id)
    if current is not None:
        if current.parent == tdg.id:
            return  # associating again changes nothing
        raise ResourceConflictException(
            f"The user {user_id} already belongs to the traffic distribution group {current.parent}; disassociate "
            "it there first."
        )
    call.uow.insert(Record(tdgs.USER_KIND, call.account, tdg.region, user_id, {"UserId": user_id}, parent=tdg.id))


def disassociate(call: Call, params: dict[str, Any]) -> None:
    tdg, user_id = _membership(call, params, "DisassociateTrafficDistributionGroupUser")
    current = call.uow.get(tdgs.USER_KIND, call.account, tdg.region, user_id)
    if current is None or current.parent != tdg.id:
        raise ResourceNotFoundException(f"The user {user_id} is not associated with {tdg.data['Arn']}.")
    call.uow.delete(current)


def _membership(call: Call, params: dict[str, Any], operation: str) -> tuple[Record, str]:
    """The ACTIVE TDG and the user id an association request names, checked in the TDG's source Region."""
    tdg = tdgs.require(call, params["TrafficDistributionGroupId"])
    tdgs.require_source_region(call, tdg, operation)
    if tdg.data["Status"] != tdgs.ACTIVE:
        raise ResourceNotFoundException(f"The traffic distribution group {tdg.data['Arn']} is "
                                        f"{tdg.data['Status']}, not ACTIVE.")
    if params["InstanceId"] != tdg.parent:
        raise InvalidRequestException(
            f"InstanceId must be {tdg.parent}, the instance of the traffic distribution group.")
    user = lookup(call, tdg.parent, params["UserId"])
    if user is None:
        raise ResourceNotFoundException(f"User not found in instance {tdg.parent}: {params['UserId']}")
    if call.uow.get(KIND, call.account, tdg.data["ReplicaRegion"], user.id) is None:
        raise ResourceNotFoundException(
            f"The user {user.id} does not exist in the replica instance in {tdg.data['ReplicaRegion']} yet.")
    return tdg, user.id


def list_group_users(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    tdg = tdgs.require(call, params["TrafficDistributionGroupId"])
    limit = params.get("MaxResults") or 10
    bound = pagination.fingerprint(call.account, call.region, "ListTrafficDistributionGroupUsers", params)
    after = pagination.decode(params.get("NextToken"), bound, InvalidRequestException) or 0
    page = call.uow.find(tdgs.USER_KIND, call.account, tdg.region, parent=tdg.id, after=after, limit=limit + 1)
    output: dict[str, Any] = {"TrafficDistributionGroupUserSummaryList": [{"UserId": r.id} for r in page[:limit]]}
    if len(page) > limit:
        output["NextToken"] = pagination.encode(page[limit - 1].seq, bound)
    return output
