"""The router: (method, raw path) -> operation and decoded labels, straight from the model's request URIs."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from connect_local.protocol.model import service_model
from connect_local.protocol.router import Route, Router

ROUTER = Router()
INSTANCE_ID = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"
FLOW_ID = "6e5d4c3b-2a19-4f8e-9d7c-6b5a4f3e2d1c"
INSTANCE_ARN = f"arn:aws:connect:us-east-1:111122223333:instance/{INSTANCE_ID}"
FLOW_ARN = f"{INSTANCE_ARN}/contact-flow/{FLOW_ID}"
PHONE_ARN = "arn:aws:connect:us-east-1:111122223333:phone-number/0c1d2e3f-4a5b-4c6d-8e7f-8a9b0c1d2e3f"


def enc(value: str) -> str:
    return quote(value, safe="-_.~")  # what botocore does to a path label


@pytest.mark.parametrize("method,path,expected", [
    ("POST", "/phone-number/claim", Route("ClaimPhoneNumber", {})),
    ("POST", "/phone-number/list", Route("ListPhoneNumbersV2", {})),
    ("POST", "/phone-number/import", Route("ImportPhoneNumber", {})),
    ("POST", "/phone-number/search-available", Route("SearchAvailablePhoneNumbers", {})),
    ("GET", "/phone-number/claimed-id", Route("DescribePhoneNumber", {"PhoneNumberId": "claimed-id"})),
    ("PUT", f"/phone-number/{enc(PHONE_ARN)}", Route("UpdatePhoneNumber", {"PhoneNumberId": PHONE_ARN})),
    ("DELETE", "/phone-number/abc", Route("ReleasePhoneNumber", {"PhoneNumberId": "abc"})),
    ("PUT", "/phone-number/abc/metadata", Route("UpdatePhoneNumberMetadata", {"PhoneNumberId": "abc"})),
    ("PUT", "/phone-number/abc/contact-flow", Route("AssociatePhoneNumberContactFlow", {"PhoneNumberId": "abc"})),
    ("DELETE", "/phone-number/abc/contact-flow",
     Route("DisassociatePhoneNumberContactFlow", {"PhoneNumberId": "abc"})),
])
def test_phone_number_routes(method: str, path: str, expected: Route) -> None:
    assert ROUTER.match(method, path) == expected


def test_a_label_that_spells_a_literal_with_another_method_is_a_label() -> None:
    # GET has no /phone-number/claim operation, so 'claim' is a phone number id there
    assert ROUTER.match("GET", "/phone-number/claim") == Route("DescribePhoneNumber", {"PhoneNumberId": "claim"})


@pytest.mark.parametrize("method,path,operation", [
    ("PUT", "/traffic-distribution-group", "CreateTrafficDistributionGroup"),
    ("GET", "/traffic-distribution-groups", "ListTrafficDistributionGroups"),
    ("GET", "/traffic-distribution-group/x1", "DescribeTrafficDistributionGroup"),
    ("DELETE", "/traffic-distribution-group/x1", "DeleteTrafficDistributionGroup"),
    ("GET", "/traffic-distribution-group/x1/user", "ListTrafficDistributionGroupUsers"),
    ("PUT", "/traffic-distribution-group/x1/user", "AssociateTrafficDistributionGroupUser"),
    ("DELETE", "/traffic-distribution-group/x1/user", "DisassociateTrafficDistributionGroupUser"),
    ("PUT", "/traffic-distribution/x1", "UpdateTrafficDistribution"),
    ("GET", "/traffic-distribution/x1", "GetTrafficDistribution"),
])
def test_singular_and_plural_tdg_paths(method: str, path: str, operation: str) -> None:
    route = ROUTER.match(method, path)
    assert route is not None and route.operation == operation


def test_the_plural_list_path_does_not_take_a_label() -> None:
    assert ROUTER.match("GET", "/traffic-distribution-groups/x1") is None


def test_encoded_arn_with_slashes_is_one_label() -> None:
    route = ROUTER.match("GET", f"/tags/{enc(FLOW_ARN)}")
    assert route == Route("ListTagsForResource", {"resourceArn": FLOW_ARN})


def test_lower_case_percent_escapes_decode_too() -> None:
    route = ROUTER.match("GET", f"/tags/{enc(FLOW_ARN).replace('%3A', '%3a').replace('%2F', '%2f')}")
    assert route == Route("ListTagsForResource", {"resourceArn": FLOW_ARN})


def test_an_unencoded_arn_does_not_route() -> None:
    # a raw '/' splits the label: no operation has that many segments under /tags
    assert ROUTER.match("GET", f"/tags/{FLOW_ARN}") is None


def test_flow_qualifier_is_decoded() -> None:
    route = ROUTER.match("GET", f"/contact-flows/{INSTANCE_ID}/{FLOW_ID}%3A%24SAVED")
    assert route == Route("DescribeContactFlow", {"InstanceId": INSTANCE_ID, "ContactFlowId": f"{FLOW_ID}:$SAVED"})


def test_replicate_with_an_instance_arn() -> None:
    route = ROUTER.match("POST", f"/instance/{enc(INSTANCE_ARN)}/replicate")
    assert route == Route("ReplicateInstance", {"InstanceId": INSTANCE_ARN})


@pytest.mark.parametrize("method,path", [
    ("GET", "/"), ("GET", "/nope"), ("GET", "/instance/a/b/c/d/e/f"), ("PATCH", "/instance"),
    ("POST", "/phone-number/claim/extra/segments/here"), ("GET", "/instancex"),
])
def test_unknown_paths_do_not_route(method: str, path: str) -> None:
    assert ROUTER.match(method, path) is None


def test_empty_label_does_not_route() -> None:
    assert ROUTER.match("GET", "/contact-flows//abc") is None


def test_knows_path_tells_wrong_method_from_unknown_path() -> None:
    assert ROUTER.match("PATCH", "/phone-number/claim") is None
    assert ROUTER.knows_path("/phone-number/claim")
    assert not ROUTER.knows_path("/no-such-thing")


def _fill(uri: str) -> str:
    path = uri.split("?", 1)[0]
    path = re.sub(r"\{[^}]+\+\}", "greedy/part", path)
    return re.sub(r"\{[^}]+\}", "l4bel-value", path)


def _labels(uri: str) -> set[str]:
    return {name.rstrip("+") for name in re.findall(r"\{([^}]+)\}", uri.split("?", 1)[0])}


ALL_OPERATIONS = sorted(service_model().operation_names)


def test_the_whole_model_is_covered() -> None:
    assert len(ALL_OPERATIONS) >= 370


@pytest.mark.parametrize("name", ALL_OPERATIONS)
def test_every_model_operation_routes_back_to_itself(name: str) -> None:
    http = service_model().operation_model(name).http
    route = ROUTER.match(http["method"], _fill(http["requestUri"]))
    assert route is not None and route.operation == name
    assert set(route.labels) == _labels(http["requestUri"])
