"""Request direction: what botocore puts on the wire, our router + parser read back as the original input."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from botocore.handlers import generate_idempotent_uuid
from protocol_samples import (
    CLIENT_TOKEN,
    FLOW_ID,
    IN_SCOPE,
    INSTANCE_ID,
    PHONE_ARN,
    REQUESTS,
    TDG_ID,
    USER_ID,
    botocore_operation,
    missing_members,
    to_wire,
)

from connect_local.protocol import validator
from connect_local.protocol.model import operation, service_model
from connect_local.protocol.parser import RawRequest, parse
from connect_local.protocol.router import Router

ROUTER = Router()


def read(raw: RawRequest) -> tuple[str, dict[str, object]]:
    """Route and parse a raw request the way the service pipeline does."""
    route = ROUTER.match(raw.method, raw.raw_path)
    assert route is not None, f"{raw.method} {raw.raw_path} did not route"
    return route.operation, parse(operation(route.operation), route.labels, raw, max_depth=64)


def test_every_in_scope_operation_is_in_the_model_and_has_a_sample() -> None:
    assert len(set(IN_SCOPE)) == len(IN_SCOPE)
    assert set(IN_SCOPE) <= set(service_model().operation_names)
    assert sorted(REQUESTS) == sorted(IN_SCOPE)


@pytest.mark.parametrize("name", IN_SCOPE)
def test_sample_request_uses_every_member(name: str) -> None:
    shape = botocore_operation(name).input_shape
    assert shape is not None
    assert missing_members(shape, REQUESTS[name]) == []


@pytest.mark.parametrize("name", IN_SCOPE)
def test_botocore_request_parses_back_to_the_input(name: str) -> None:
    params = REQUESTS[name]
    raw = to_wire(name, params)
    routed, parsed = read(raw)
    assert routed == name
    assert parsed == params
    assert validator.validate(operation(name).input_shape, parsed) == []


def test_arns_travel_percent_encoded_in_path_labels() -> None:
    raw = to_wire("DescribePhoneNumber", {"PhoneNumberId": PHONE_ARN})
    # ':' and '/' inside the label are escaped, so the label stays one path segment
    assert raw.raw_path == "/phone-number/" + quote(PHONE_ARN, safe="")
    assert raw.raw_path.count("/") == 2
    assert read(raw) == ("DescribePhoneNumber", {"PhoneNumberId": PHONE_ARN})


def test_saved_qualifier_survives_the_path() -> None:
    raw = to_wire("DescribeContactFlow", {"InstanceId": INSTANCE_ID, "ContactFlowId": f"{FLOW_ID}:$SAVED"})
    assert raw.raw_path.endswith(f"/{FLOW_ID}%3A%24SAVED")
    assert read(raw)[1]["ContactFlowId"] == f"{FLOW_ID}:$SAVED"


def test_repeated_query_keys_become_a_list_in_order() -> None:
    raw = to_wire("ListPhoneNumbers", {"InstanceId": INSTANCE_ID, "PhoneNumberTypes": ["TOLL_FREE", "DID"]})
    assert raw.query_string.count("phoneNumberTypes=") == 2
    assert read(raw)[1]["PhoneNumberTypes"] == ["TOLL_FREE", "DID"]


def test_a_single_list_item_in_the_query_is_still_a_list() -> None:
    raw = to_wire("UntagResource", {"resourceArn": PHONE_ARN, "tagKeys": ["team"]})
    assert read(raw)[1]["tagKeys"] == ["team"]


def test_disassociate_tdg_user_uses_capitalised_query_keys() -> None:
    raw = to_wire("DisassociateTrafficDistributionGroupUser",
                  {"TrafficDistributionGroupId": TDG_ID, "UserId": USER_ID, "InstanceId": INSTANCE_ID})
    keys = {pair.split("=", 1)[0] for pair in raw.query_string.split("&")}
    assert keys == {"UserId", "InstanceId"}
    assert read(raw)[1] == {"TrafficDistributionGroupId": TDG_ID, "UserId": USER_ID, "InstanceId": INSTANCE_ID}


@pytest.mark.parametrize("name,label", [("DeleteInstance", "InstanceId"), ("ReleasePhoneNumber", "PhoneNumberId")])
def test_client_token_travels_in_the_query_for_deletes(name: str, label: str) -> None:
    raw = to_wire(name, {label: INSTANCE_ID, "ClientToken": CLIENT_TOKEN})
    assert raw.method == "DELETE"
    assert raw.query_string == f"clientToken={CLIENT_TOKEN}"
    assert raw.body == b""
    assert read(raw)[1] == {label: INSTANCE_ID, "ClientToken": CLIENT_TOKEN}


def test_botocore_fills_a_missing_idempotency_token_and_we_read_it() -> None:
    params = {"InstanceId": INSTANCE_ID}
    # the client runs this handler before serializing (botocore.handlers, 'before-parameter-build')
    generate_idempotent_uuid(params, botocore_operation("DeleteInstance"))
    raw = to_wire("DeleteInstance", params)
    token = read(raw)[1].get("ClientToken")
    assert isinstance(token, str) and len(token) == 36


def test_query_integers_are_read_as_integers() -> None:
    raw = to_wire("ListInstances", {"MaxResults": 3})
    assert raw.query_string == "maxResults=3"
    assert read(raw)[1] == {"MaxResults": 3}


def test_operation_with_only_optional_body_members_sends_an_empty_object() -> None:
    raw = to_wire("UpdateContactFlowName", {"InstanceId": INSTANCE_ID, "ContactFlowId": FLOW_ID})
    assert raw.body == b"{}"
    assert read(raw)[1] == {"InstanceId": INSTANCE_ID, "ContactFlowId": FLOW_ID}


def test_unknown_body_members_are_ignored() -> None:
    raw = to_wire("ClaimPhoneNumber", {"InstanceId": INSTANCE_ID, "PhoneNumber": "+12065550100"})
    extended = RawRequest(raw.method, raw.raw_path, raw.query_string, raw.headers,
                          raw.body[:-1] + b',"FutureMember":{"x":1}}')
    parsed = read(extended)[1]
    assert "FutureMember" not in parsed
    assert parsed["PhoneNumber"] == "+12065550100"
