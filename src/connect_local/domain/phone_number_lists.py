"""ListPhoneNumbers (v1) and ListPhoneNumbersV2: the numbers a target holds, or all held in the Region.

Pages walk the store's (kind, account, region[, parent], seq) indexes, so an unfiltered page costs O(page)
however many numbers exist. Country, type and prefix filters are applied to the records as they are read: a page
examines at most SCAN_BUDGET records and may then come back short with a NextToken (as AWS pages may).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connect_local import ids
from connect_local.domain import instances, pagination
from connect_local.domain import phone_number_targets as targets
from connect_local.domain.phone_numbers import KIND, is_held
from connect_local.domain.records import Call, Record
from connect_local.errors import InvalidParameterException, ServiceError

DEFAULT_PAGE = 100
SCAN_BUDGET = 5000
_BATCH = 200

# v1 reports only TOLL_FREE and DID for the newer types (documented quirk; the mapping is an assumption).
V1_TYPES = {"UIFN": "TOLL_FREE", "THIRD_PARTY_TF": "TOLL_FREE", "SHARED": "DID", "THIRD_PARTY_DID": "DID"}

_V2_FIELDS = (
    "PhoneNumberId", "PhoneNumberArn", "PhoneNumber", "PhoneNumberCountryCode", "PhoneNumberType", "TargetArn",
    "InstanceId", "PhoneNumberDescription", "SourcePhoneNumberArn",
)

Fetch = Callable[[int, int], list[Record]]  # (after seq, limit) -> records in seq order


def list_v1(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    instance = instances.get(call, params["InstanceId"])
    types = set(params.get("PhoneNumberTypes") or ())
    countries = set(params.get("PhoneNumberCountryCodes") or ())

    def fetch(after: int, limit: int) -> list[Record]:
        return call.uow.find(KIND, call.account, call.region, parent=instance.data["Arn"], after=after, limit=limit)

    def keep(record: Record) -> bool:
        return (not types or v1_type(record) in types) and \
            (not countries or record.data["PhoneNumberCountryCode"] in countries)

    records, token = _page(call, params, "ListPhoneNumbers", fetch, keep, InvalidParameterException)
    output: dict[str, Any] = {"PhoneNumberSummaryList": [{
        "Id": r.id,
        "Arn": ids.legacy_phone_number_arn(r.region, r.account, instance.id, r.id),
        "PhoneNumber": r.data["PhoneNumber"],
        "PhoneNumberType": v1_type(r),
        "PhoneNumberCountryCode": r.data["PhoneNumberCountryCode"],
    } for r in records]}
    if token:
        output["NextToken"] = token
    return output


def v1_type(record: Record) -> str:
    number_type = str(record.data["PhoneNumberType"])
    return V1_TYPES.get(number_type, number_type)


def list_v2(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    fetch = _v2_scope(call, params)
    types = set(params.get("PhoneNumberTypes") or ())
    countries = set(params.get("PhoneNumberCountryCodes") or ())
    prefix = params.get("PhoneNumberPrefix") or ""
    if prefix and not prefix.startswith("+"):
        raise InvalidParameterException(
            f"PhoneNumberPrefix {prefix} must start with + and the country calling code, e.g. +1206.")

    def keep(record: Record) -> bool:
        data = record.data
        return is_held(record) and (not types or data["PhoneNumberType"] in types) \
            and (not countries or data["PhoneNumberCountryCode"] in countries) \
            and data["PhoneNumber"].startswith(prefix)

    records, token = _page(call, params, "ListPhoneNumbersV2", fetch, keep, InvalidParameterException)
    output: dict[str, Any] = {
        "ListPhoneNumbersSummaryList": [{k: r.data[k] for k in _V2_FIELDS if k in r.data} for r in records]
    }
    if token:
        output["NextToken"] = token
    return output


def _v2_scope(call: Call, params: dict[str, Any]) -> Fetch:
    """Numbers held by the named target (a TDG also from its replica Region), or all in the called Region."""
    if params.get("TargetArn") is None and params.get("InstanceId") is None:
        return lambda after, limit: call.uow.find(KIND, call.account, call.region, after=after, limit=limit)
    target = targets.resolve(call, params)
    return lambda after, limit: call.uow.find(KIND, call.account, target.region, parent=target.arn, after=after,
                                              limit=limit)


def _page(call: Call, params: dict[str, Any], operation: str, fetch: Fetch, keep: Callable[[Record], bool],
          error: type[ServiceError]) -> tuple[list[Record], str | None]:
    """Up to MaxResults kept records after the token's position, examining at most SCAN_BUDGET records."""
    limit = params.get("MaxResults") or DEFAULT_PAGE
    bound = pagination.fingerprint(call.account, call.region, operation, params)
    after = pagination.decode(params.get("NextToken"), bound, error) or 0
    found: list[Record] = []
    examined = 0
    while True:
        # The first read is exactly one page (plus one to know whether more follow); later ones make up for
        # records the filters dropped.
        size = limit if examined == 0 else min(max(limit - len(found), _BATCH), SCAN_BUDGET - examined)
        batch = fetch(after, size + 1)
        for index, record in enumerate(batch[:size]):
            examined += 1
            after = record.seq
            if keep(record):
                found.append(record)
                if len(found) == limit:
                    more = index + 1 < len(batch)
                    return found, pagination.encode(after, bound) if more else None
        if len(batch) <= size:
            return found, None
        if examined >= SCAN_BUDGET:
            return found, pagination.encode(after, bound)
