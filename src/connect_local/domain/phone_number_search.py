"""SearchAvailablePhoneNumbers: pages over the synthetic inventory, skipping numbers anyone holds."""

from __future__ import annotations

from typing import Any

from connect_local.domain import numbering, pagination
from connect_local.domain import phone_number_targets as targets
from connect_local.domain.phone_numbers import is_taken
from connect_local.domain.records import Call
from connect_local.errors import InvalidParameterException, ResourceNotFoundException

OPERATION = "SearchAvailablePhoneNumbers"
DEFAULT_PAGE = 10
# numbering.search examines a bounded number of candidates per call; a page asks at most this many times, so a
# page costs O(1) even where most candidates are taken (it may then come back short, with a NextToken).
_CALLS_PER_PAGE = 16


def search(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    try:  # a TDG target may be named from both of its Regions; an instance only from its own
        target = targets.resolve(call, params)
    except ResourceNotFoundException as exc:  # the operation models no 404
        raise InvalidParameterException(exc.message) from None
    if not target.active:
        raise InvalidParameterException(f"The target {target.arn} is not ACTIVE.")
    prefix = params.get("PhoneNumberPrefix")
    if prefix is not None and not prefix.startswith("+"):
        raise InvalidParameterException(
            f"PhoneNumberPrefix {prefix} must start with + and the country calling code, e.g. +1206.")
    limit = params.get("MaxResults") or DEFAULT_PAGE
    bound = pagination.fingerprint(call.account, call.region, OPERATION, params)
    cursor: int | None = pagination.decode(params.get("NextToken"), bound, InvalidParameterException) or 0
    found: list[numbering.AvailableNumber] = []
    for _ in range(_CALLS_PER_PAGE):
        assert cursor is not None
        numbers, cursor = numbering.search(
            params["PhoneNumberCountryCode"], params["PhoneNumberType"], prefix, start=cursor,
            is_taken=lambda e164: is_taken(call, e164), limit=limit - len(found))
        found += numbers
        if cursor is None or len(found) >= limit:
            break
    output: dict[str, Any] = {"AvailableNumbersList": [
        {"PhoneNumber": n.e164, "PhoneNumberCountryCode": n.country, "PhoneNumberType": n.number_type}
        for n in found
    ]}
    if cursor is not None:
        output["NextToken"] = pagination.encode(cursor, bound)
    return output
