"""Phone-number operations."""

from __future__ import annotations

from typing import Any

from connect_local.api.registry import handles
from connect_local.domain import phone_number_lists, phone_number_search, phone_numbers
from connect_local.domain.records import Call


@handles("SearchAvailablePhoneNumbers", read_only=True)
def search_available_phone_numbers(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return phone_number_search.search(call, params)


@handles("ClaimPhoneNumber")
def claim_phone_number(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return phone_numbers.claim(call, params)


@handles("ImportPhoneNumber")
def import_phone_number(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return phone_numbers.import_number(call, params)


@handles("DescribePhoneNumber", read_only=True)
def describe_phone_number(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return phone_numbers.describe(call, params["PhoneNumberId"])


@handles("ListPhoneNumbers", read_only=True)
def list_phone_numbers(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return phone_number_lists.list_v1(call, params)


@handles("ListPhoneNumbersV2", read_only=True)
def list_phone_numbers_v2(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return phone_number_lists.list_v2(call, params)


@handles("UpdatePhoneNumber")
def update_phone_number(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return phone_numbers.update(call, params)


@handles("UpdatePhoneNumberMetadata")
def update_phone_number_metadata(call: Call, params: dict[str, Any]) -> None:
    phone_numbers.update_metadata(call, params)


@handles("ReleasePhoneNumber")
def release_phone_number(call: Call, params: dict[str, Any]) -> None:
    phone_numbers.release(call, params)
