"""Claimed phone numbers: claim, import, describe, move, update metadata, release, and the status lifecycle.

A number is one record in its home Region (where it was claimed): id = PhoneNumberId, unique = E.164 (the store
keeps one holder across all accounts, so concurrent claims have exactly one winner), data = the wire fields of
ClaimedPhoneNumberSummary. `parent` is the target that holds the number: it is "" while the first claim is still
IN_PROGRESS and after that claim FAILED, so counting a target's numbers (its limit, TDG deletion) and listing
them are plain indexed queries.

Statuses: a claim or import starts IN_PROGRESS and settles CLAIMED, or FAILED when the target is at its limit (the
number then returns to the inventory after a day unless claimed again). A move or a metadata change goes
IN_PROGRESS -> CLAIMED; a failed move leaves the number with its old target. A release goes IN_PROGRESS (the number
still held, refusing other operations) and, after the same delay, the record is removed and a cool-down starts during
which nobody can find or claim the number.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from connect_local import errors, ids
from connect_local.domain import arns, hooks, idempotency, numbering, tdgs
from connect_local.domain import phone_number_imports as imports
from connect_local.domain import phone_number_targets as targets
from connect_local.domain.lifecycle import schedule, settles, take_pending
from connect_local.domain.records import Call, Record, UniqueViolation
from connect_local.domain.tags import taggable
from connect_local.errors import (
    IdempotencyException,
    InvalidParameterException,
    ResourceInUseException,
    ResourceNotFoundException,
    ServiceError,
)

KIND = "phone_number"
COOLDOWN_KIND = "phone_number_cooldown"  # unique = E.164 while a released number cools down
CHURN_KIND = "phone_number_churn"  # one per release, for the 200 % claim/release rule

CLAIMED = "CLAIMED"
IN_PROGRESS = "IN_PROGRESS"
FAILED = "FAILED"

FAILED_CLAIM_GRACE = 24 * 3600.0  # a failed claim keeps the number for the customer for one day
CHURN_WINDOW = 180 * 24 * 3600.0
LIMIT_MESSAGE = "The target has reached its limit of claimed phone numbers."
# The documented ClientToken pattern of ClaimPhoneNumber (the model itself only caps the length). Upper-case hex is
# accepted too: SDKs that print UUIDs in capitals are not refused for it (assumption).
_CLIENT_TOKEN = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")

SUMMARY_FIELDS = (
    "PhoneNumberId", "PhoneNumberArn", "PhoneNumber", "PhoneNumberCountryCode", "PhoneNumberType",
    "PhoneNumberDescription", "TargetArn", "InstanceId", "Tags", "PhoneNumberStatus", "SourcePhoneNumberArn",
)


def status(record: Record) -> str:
    return str(record.data["PhoneNumberStatus"]["Status"])


def is_held(record: Record) -> bool:
    """Whether a target holds the number (a first claim still running or failed holds nothing)."""
    return record.parent != ""


def is_taken(call: Call, e164: str) -> bool:
    """Claimed, importing, in a failed claim's grace day, or cooling down after release: by any account."""
    return call.uow.find_unique((KIND, COOLDOWN_KIND), e164) is not None


# --------------------------------------------------------------------------------------------- lookup


def lookup(call: Call, id_or_arn: str) -> Record | None:
    """The number as the called Region sees it.

    A bare id resolves only in the number's home Region. The ARN resolves in its home Region, and from the replica
    Region of the TDG the number is claimed to. Other accounts' numbers are never visible.
    """
    record = arns.home_record(call, KIND, "phone-number", id_or_arn)
    if record is None or record.region == call.region:
        return record
    target = record.data.get("TargetArn") or ""
    return record if _is_tdg_arn(target) and tdgs.lookup(call, target) is not None else None


def _is_tdg_arn(text: str) -> bool:
    parsed = arns.parse(text)
    return parsed is not None and parsed.parts[0] == "traffic-distribution-group"


def get(call: Call, id_or_arn: str) -> Record:
    record = lookup(call, id_or_arn)
    if record is None:
        raise ResourceNotFoundException(f"Phone number not found: {id_or_arn}")
    return record


def _at_home(call: Call, id_or_arn: str, operation: str) -> Record:
    """The number, for operations that only its home Region may run."""
    record = get(call, id_or_arn)
    if record.region != call.region:
        raise InvalidParameterException(
            f"{operation} must be called in {record.region}, where the phone number was claimed.")
    return record


def _not_busy(record: Record) -> None:
    if status(record) == IN_PROGRESS:
        raise ResourceInUseException(
            f"The phone number {record.data['PhoneNumber']} has an operation in progress; retry when "
            "DescribePhoneNumber no longer reports IN_PROGRESS.",
            ResourceType="PHONE_NUMBER", ResourceId=record.data["PhoneNumberArn"])


def _held(record: Record, operation: str) -> None:
    if not is_held(record):
        raise InvalidParameterException(
            f"The phone number {record.data['PhoneNumber']} is not claimed (its claim FAILED); claim it again "
            f"or release it before calling {operation}.")


@taggable("phone-number")
def _resolve_for_tags(call: Call, text: str, arn: arns.Arn) -> Record | None:
    # lookup accepts only phone-number/<id>: the legacy instance/<id>/phone-number/<id> ARN is not taggable
    return lookup(call, text)


def describe(call: Call, id_or_arn: str) -> dict[str, Any]:
    data = get(call, id_or_arn).data
    return {"ClaimedPhoneNumberSummary": {k: data[k] for k in SUMMARY_FIELDS if k in data}}


# --------------------------------------------------------------------------------------------- claim / import


def claim(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    token = params.get("ClientToken")
    if token is not None and _CLIENT_TOKEN.fullmatch(token) is None:
        raise InvalidParameterException("ClientToken must be a UUID (8-4-4-4-12 hexadecimal digits).")
    return idempotency.once(call, "ClaimPhoneNumber", token, params, IdempotencyException,
                            lambda: _claim(call, params))


def _claim(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    target = targets.resolve(call, params)
    targets.require_claimable(call, target)
    e164 = params["PhoneNumber"]
    entry = numbering.classify(e164)
    if entry is None:
        raise InvalidParameterException(
            f"Phone number not available: {e164} is not in the inventory of any country and number type.")
    return _start_claim(call, target, entry, params, source_arn=None)


def import_number(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return idempotency.once(call, "ImportPhoneNumber", params.get("ClientToken"), params, IdempotencyException,
                            lambda: _import(call, params))


def _import(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    target = targets.resolve(call, {"InstanceId": params["InstanceId"]})
    targets.require_claimable(call, target)
    source_arn = params["SourcePhoneNumberArn"]
    entry = imports.number_for(call, source_arn)
    if entry is None:
        raise ResourceNotFoundException(
            f"No AWS End User Messaging phone number {source_arn} in {call.region} for this account.")
    holder = call.uow.find_unique((KIND,), entry.e164)
    if holder is not None and holder.data.get("SourcePhoneNumberArn") == source_arn:
        raise InvalidParameterException(f"The phone number {source_arn} has already been imported.")
    return _start_claim(call, target, entry, params, source_arn=source_arn)


def _start_claim(call: Call, target: targets.Target, entry: numbering.AvailableNumber, params: dict[str, Any],
                 source_arn: str | None) -> dict[str, Any]:
    _check_churn(call)
    holder = call.uow.find_unique((KIND, COOLDOWN_KIND), entry.e164)
    if holder is not None and _is_own_failed_claim(call, holder):
        remove(call, holder, cool_down=False)  # retrying a failed claim within its grace day
    elif holder is not None:
        raise _not_available(call, entry.e164)
    number_id = call.ids.new()
    data: dict[str, Any] = {
        "PhoneNumberId": number_id,
        "PhoneNumberArn": ids.phone_number_arn(call.region, call.account, number_id),
        "PhoneNumber": entry.e164,
        "PhoneNumberCountryCode": entry.country,
        "PhoneNumberType": entry.number_type,
        "PhoneNumberDescription": params.get("PhoneNumberDescription"),
        "TargetArn": target.arn,
        "InstanceId": target.instance_id,
        "Tags": params.get("Tags") or {},
        "PhoneNumberStatus": {"Status": IN_PROGRESS},
        "SourcePhoneNumberArn": source_arn,
    }
    record = Record(KIND, call.account, call.region, number_id, {k: v for k, v in data.items() if v is not None},
                    unique=entry.e164)
    schedule(record, {"Op": "claim"}, call.now + call.settings.delay("phone_number"))
    try:
        call.uow.insert(record)
    except UniqueViolation:  # another process sharing the database won the race
        raise _not_available(call, entry.e164) from None
    return {"PhoneNumberId": number_id, "PhoneNumberArn": data["PhoneNumberArn"]}


def _is_own_failed_claim(call: Call, holder: Record) -> bool:
    return holder.kind == KIND and holder.account == call.account and not is_held(holder) \
        and status(holder) == FAILED


def _not_available(call: Call, e164: str) -> ServiceError:
    """Observed: 400 InvalidParameterException; documented: 404 ResourceNotFoundException (a setting picks)."""
    error: type[ServiceError] = getattr(errors, call.settings.number_unavailable_error)
    return error(f"Phone number not available: {e164}")


def _check_churn(call: Call) -> None:
    if not call.settings.churn_limit:
        return
    allowed = 2 * call.settings.numbers_per_target
    if call.uow.count(CHURN_KIND, call.account) >= allowed:
        raise InvalidParameterException(
            f"Phone number claim limit exceeded: this account released {allowed} numbers in the last 180 days "
            "(200 % of its phone-number quota); claiming and importing are blocked until the oldest release is "
            "180 days old.")


# --------------------------------------------------------------------------------------------- changes


def update(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return idempotency.once(call, "UpdatePhoneNumber", params.get("ClientToken"), params, IdempotencyException,
                            lambda: _update(call, params))


def _update(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    # The target first: the seed's rule is about the TDG's Region, whichever number is named.
    target = targets.resolve(call, params)
    targets.require_claimable(call, target)
    record = _at_home(call, params["PhoneNumberId"], "UpdatePhoneNumber")
    _not_busy(record)
    _held(record, "UpdatePhoneNumber")
    _begin(call, record, {"Op": "update", "TargetArn": target.arn, "InstanceId": target.instance_id})
    return {"PhoneNumberId": record.id, "PhoneNumberArn": record.data["PhoneNumberArn"]}


def update_metadata(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return idempotency.once(call, "UpdatePhoneNumberMetadata", params.get("ClientToken"), params,
                            IdempotencyException, lambda: _update_metadata(call, params))


def _update_metadata(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    record = _at_home(call, params["PhoneNumberId"], "UpdatePhoneNumberMetadata")
    if "PhoneNumberDescription" not in params:
        raise InvalidParameterException("PhoneNumberDescription is required: it is the only metadata to update.")
    _not_busy(record)
    _held(record, "UpdatePhoneNumberMetadata")
    _begin(call, record, {"Op": "metadata", "Description": params["PhoneNumberDescription"]})
    return {}


def _begin(call: Call, record: Record, pending: dict[str, Any]) -> None:
    record.data["PhoneNumberStatus"] = {"Status": IN_PROGRESS}
    schedule(record, pending, call.now + call.settings.delay("phone_number"))
    call.uow.update(record)


def release(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return idempotency.once(call, "ReleasePhoneNumber", params.get("ClientToken"), params, IdempotencyException,
                            lambda: _release(call, params))


def _release(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """IN_PROGRESS for the phone_number delay (the target still holds it), then gone and cooling down."""
    record = _at_home(call, params["PhoneNumberId"], "ReleasePhoneNumber")
    _not_busy(record)
    _begin(call, record, {"Op": "release"})
    call.uow.insert(Record(CHURN_KIND, call.account, call.region, call.ids.new(), {}, due=call.now + CHURN_WINDOW))
    return {}


def remove(call: Call, record: Record, *, cool_down: bool) -> None:
    """Take the number away from its holder; with cool_down nobody can claim it for settings.release_cooldown."""
    hooks.fire(hooks.PHONE_NUMBER_RELEASED, call, record)
    call.uow.delete(record)
    if cool_down and call.settings.release_cooldown > 0:
        e164 = record.data["PhoneNumber"]
        call.uow.insert(Record(COOLDOWN_KIND, record.account, record.region, call.ids.new(), {"PhoneNumber": e164},
                               unique=e164, due=call.now + call.settings.release_cooldown))


# --------------------------------------------------------------------------------------------- lifecycle


@settles(KIND)
def _settle(call: Call, record: Record) -> None:
    pending = take_pending(record)
    operation = pending.get("Op")
    if operation == "expire":  # a failed claim's grace day is over: back to the inventory
        remove(call, record, cool_down=False)
        return
    settle = _SETTLE.get(str(operation))
    if settle is None:
        call.uow.update(record)
        return
    settle(call, record, pending)


def _settle_claim(call: Call, record: Record, pending: dict[str, Any]) -> None:
    failure = _refusal(call, record.data["TargetArn"])
    if failure is None:
        record.parent = record.data["TargetArn"]
        record.data["PhoneNumberStatus"] = {"Status": CLAIMED}
        call.uow.update(record)
        return
    record.data["PhoneNumberStatus"] = {"Status": FAILED, "Message": failure}
    schedule(record, {"Op": "expire"}, call.now + FAILED_CLAIM_GRACE)
    call.uow.update(record)


def _settle_move(call: Call, record: Record, pending: dict[str, Any]) -> None:
    new_target, old_target = pending["TargetArn"], record.parent
    failure = None if new_target == old_target else _refusal(call, new_target)
    if failure is not None:  # the number stays with its old target
        record.data["PhoneNumberStatus"] = {"Status": FAILED, "Message": failure}
        call.uow.update(record)
        return
    record.parent = record.data["TargetArn"] = new_target
    _set_instance(record, pending.get("InstanceId"))
    record.data["PhoneNumberStatus"] = {"Status": CLAIMED}
    call.uow.update(record)
    if new_target != old_target:
        hooks.fire(hooks.PHONE_NUMBER_RETARGETED, call, record, old_target, False)


def _settle_metadata(call: Call, record: Record, pending: dict[str, Any]) -> None:
    record.data["PhoneNumberDescription"] = pending["Description"]
    record.data["PhoneNumberStatus"] = {"Status": CLAIMED}
    call.uow.update(record)


def _settle_release(call: Call, record: Record, pending: dict[str, Any]) -> None:
    remove(call, record, cool_down=True)  # the cool-down counts from the release's due time: settling runs as of it


_SETTLE: dict[str, Callable[[Call, Record, dict[str, Any]], None]] = {
    "claim": _settle_claim, "update": _settle_move, "metadata": _settle_metadata, "release": _settle_release,
}


def _refusal(call: Call, target_arn: str) -> str | None:
    """Why a claim or move to the target cannot complete now, or None when it can."""
    if not targets.still_claimable(call, target_arn):
        return f"The target {target_arn} no longer exists or is not ACTIVE."
    if call.uow.count(KIND, call.account, call.region, parent=target_arn) >= call.settings.numbers_per_target:
        return LIMIT_MESSAGE
    return None


def _set_instance(record: Record, instance_id: str | None) -> None:
    """TDG numbers carry no InstanceId: they are claimed to the group, not to an instance."""
    if instance_id is None:
        record.data.pop("InstanceId", None)
    else:
        record.data["InstanceId"] = instance_id


@settles(COOLDOWN_KIND)
def _end_cooldown(call: Call, record: Record) -> None:
    call.uow.delete(record)


@settles(CHURN_KIND)
def _forget_churn(call: Call, record: Record) -> None:
    call.uow.delete(record)


# --------------------------------------------------------------------------------------------- reactions


@hooks.on(hooks.INSTANCE_DELETED)
def _release_instance_numbers(call: Call, instance: Record) -> None:
    owner = call.elsewhere(instance.account, instance.region)
    while batch := owner.uow.find(KIND, instance.account, instance.region, parent=instance.data["Arn"], limit=500):
        for record in batch:
            remove(owner, record, cool_down=True)


@hooks.on(hooks.INSTANCE_REPLICATED)
def _move_into_default_tdg(call: Call, instance: Record, default_tdg: Record) -> None:
    """Replication puts every number claimed to the source instance into the new default TDG."""
    owner = call.elsewhere(instance.account, instance.region)
    while batch := owner.uow.find(KIND, instance.account, instance.region, parent=instance.data["Arn"], limit=500):
        for record in batch:
            _retarget(owner, record, default_tdg.data["Arn"], None)


def _retarget(call: Call, record: Record, target_arn: str, instance_id: str | None) -> None:
    """A move the service makes itself (no limit check, no IN_PROGRESS): replication and its undoing."""
    old_target = record.parent
    record.parent = record.data["TargetArn"] = target_arn
    _set_instance(record, instance_id)
    call.uow.update(record)
    hooks.fire(hooks.PHONE_NUMBER_RETARGETED, call, record, old_target, True)


@hooks.on(hooks.DEFAULT_TDG_REMOVED)
def _return_to_source_instance(call: Call, default_tdg: Record, instance_arn: str) -> None:
    """When the replica goes, the default TDG's numbers go back to the instance they came from."""
    owner = call.elsewhere(default_tdg.account, default_tdg.region)
    instance_id = instance_arn.rsplit("/", 1)[1]
    while batch := owner.uow.find(KIND, default_tdg.account, default_tdg.region, parent=default_tdg.data["Arn"],
                                  limit=500):
        for record in batch:
            _retarget(owner, record, instance_arn, instance_id)
