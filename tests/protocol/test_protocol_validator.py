"""The validator: every constraint kind of the model, with AWS's message wording."""

from __future__ import annotations

from typing import Any

import pytest

from connect_local.protocol import validator
from connect_local.protocol.model import operation

INSTANCE_ID = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"
TDG_ARN = f"arn:aws:connect:us-east-1:111122223333:traffic-distribution-group/{INSTANCE_ID}"
PREFIX = "1 validation error detected: "


def check(name: str, params: dict[str, Any]) -> str | None:
    problems = validator.validate(operation(name).input_shape, params)
    return validator.message(problems) if problems else None


def create_instance(**changes: Any) -> dict[str, Any]:
    params = {"IdentityManagementType": "CONNECT_MANAGED", "InstanceAlias": "support-east",
              "InboundCallsEnabled": True, "OutboundCallsEnabled": True}
    params.update(changes)
    return {k: v for k, v in params.items() if v is not None}


def claim(number: str) -> dict[str, Any]:
    return {"InstanceId": INSTANCE_ID, "PhoneNumber": number}


def test_valid_input_has_no_problems() -> None:
    assert check("CreateInstance", create_instance(Tags={"team": "voice"})) is None


def test_missing_required_member() -> None:
    assert check("CreateInstance", create_instance(IdentityManagementType=None)) == (
        PREFIX + "Value null at 'identityManagementType' failed to satisfy constraint: Member must not be null"
    )


def test_explicit_null_for_a_required_member_is_missing() -> None:
    params = create_instance()
    params["InboundCallsEnabled"] = None
    assert check("CreateInstance", params) == (
        PREFIX + "Value null at 'inboundCallsEnabled' failed to satisfy constraint: Member must not be null"
    )


@pytest.mark.parametrize("name,params,where,value,kind", [
    ("DescribeInstance", {"InstanceId": 12345}, "instanceId", "12345", "be a string"),
    ("SearchAvailablePhoneNumbers",
     {"PhoneNumberCountryCode": "US", "PhoneNumberType": "DID", "MaxResults": "5"}, "maxResults", "5",
     "be an integer"),
    ("SearchAvailablePhoneNumbers",
     {"PhoneNumberCountryCode": "US", "PhoneNumberType": "DID", "MaxResults": True}, "maxResults", "true",
     "be an integer"),
    ("CreateInstance", create_instance(InboundCallsEnabled="yes"), "inboundCallsEnabled", "yes", "be a boolean"),
    ("ListPhoneNumbersV2", {"PhoneNumberTypes": "DID"}, "phoneNumberTypes", "DID", "be a list"),
    ("TagResource", {"resourceArn": TDG_ARN, "tags": ["team"]}, "tags", "['team']", "be a map"),
    ("UpdateTrafficDistribution", {"Id": TDG_ARN, "TelephonyConfig": "70/30"}, "telephonyConfig", "70/30",
     "be a structure"),
])
def test_wrong_json_type(name: str, params: dict[str, Any], where: str, value: str, kind: str) -> None:
    assert check(name, params) == PREFIX + f"Value '{value}' at '{where}' failed to satisfy constraint: Member must {kind}"


def test_nested_members_are_named_by_their_path() -> None:
    params = {"Id": TDG_ARN, "TelephonyConfig": {"Distributions": [
        {"Region": "us-east-1", "Percentage": 60}, {"Region": "us-west-2", "Percentage": "40"}]}}
    assert check("UpdateTrafficDistribution", params) == PREFIX + (
        "Value '40' at 'telephonyConfig.distributions.2.member.percentage' failed to satisfy constraint: "
        "Member must be an integer"
    )


def test_string_longer_than_max() -> None:
    name = "n" * 129
    params = {"Name": name, "InstanceId": INSTANCE_ID}
    assert check("CreateTrafficDistributionGroup", params) == PREFIX + (
        f"Value '{name}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 128"
    )


def test_string_at_max_is_fine() -> None:
    assert check("CreateTrafficDistributionGroup", {"Name": "n" * 128, "InstanceId": INSTANCE_ID}) is None


def test_string_shorter_than_min() -> None:
    assert check("DescribeInstance", {"InstanceId": ""}) == PREFIX + (
        "Value '' at 'instanceId' failed to satisfy constraint: Member must have length greater than or equal to 1"
    )


def test_every_failed_constraint_of_one_member_is_reported() -> None:
    params = {"Name": "ok", "InstanceId": INSTANCE_ID, "Description": ""}
    message = check("CreateTrafficDistributionGroup", params)
    assert message is not None and message.startswith("2 validation errors detected: ")
    assert "Member must have length greater than or equal to 1" in message
    assert "Member must satisfy regular expression pattern" in message


def test_list_length_bounds() -> None:
    arn = f"arn:aws:connect:us-east-1:111122223333:instance/{INSTANCE_ID}"
    assert check("UntagResource", {"resourceArn": arn, "tagKeys": []}) == PREFIX + (
        "Value '[]' at 'tagKeys' failed to satisfy constraint: Member must have length greater than or equal to 1"
    )
    keys = [f"k{i}" for i in range(51)]
    message = check("UntagResource", {"resourceArn": arn, "tagKeys": keys})
    assert message is not None and message.endswith(
        "at 'tagKeys' failed to satisfy constraint: Member must have length less than or equal to 50")


def test_map_length_bounds() -> None:
    tags = {f"k{i}": "v" for i in range(51)}
    message = check("CreateInstance", create_instance(Tags=tags))
    assert message is not None and message.startswith(PREFIX)
    assert message.endswith("at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50")


@pytest.mark.parametrize("value,constraint", [
    (11, "have value less than or equal to 10"),
    (0, "have value greater than or equal to 1"),
    (-3, "have value greater than or equal to 1"),
])
def test_integer_range(value: int, constraint: str) -> None:
    assert check("ListInstances", {"MaxResults": value}) == PREFIX + (
        f"Value '{value}' at 'maxResults' failed to satisfy constraint: Member must {constraint}"
    )


@pytest.mark.parametrize("value", [1, 10])
def test_integer_range_bounds_are_inclusive(value: int) -> None:
    assert check("ListInstances", {"MaxResults": value}) is None


def test_enum() -> None:
    assert check("CreateInstance", create_instance(IdentityManagementType="LDAP")) == PREFIX + (
        "Value 'LDAP' at 'identityManagementType' failed to satisfy constraint: "
        "Member must satisfy enum value set: [SAML, CONNECT_MANAGED, EXISTING_DIRECTORY]"
    )


def test_enum_is_case_sensitive() -> None:
    assert check("CreateInstance", create_instance(IdentityManagementType="saml")) is not None


def test_enum_inside_a_list() -> None:
    message = check("ListPhoneNumbersV2", {"PhoneNumberTypes": ["DID", "LANDLINE"]})
    assert message is not None
    assert message.startswith(PREFIX + "Value 'LANDLINE' at 'phoneNumberTypes.2.member' failed to satisfy "
                                       "constraint: Member must satisfy enum value set: [TOLL_FREE, DID,")


@pytest.mark.parametrize("number", ["+12065550100", "+442071838750", "+8613800138000", "+12"])
def test_e164_pattern_accepts_numbers_despite_the_double_escaped_model(number: str) -> None:
    assert check("ClaimPhoneNumber", claim(number)) is None


@pytest.mark.parametrize("number", ["12065550100", "+02065550100", "+1", "+1206555010012345", "+1206-555-0100"])
def test_e164_pattern_rejects(number: str) -> None:
    assert check("ClaimPhoneNumber", claim(number)) == PREFIX + (
        f"Value '{number}' at 'phoneNumber' failed to satisfy constraint: "
        r"Member must satisfy regular expression pattern: \+[1-9]\d{1,14}$"
    )


def test_patterns_are_searched_not_full_matched() -> None:
    # Smithy patterns are unanchored: the E.164 pattern only anchors its end.
    assert check("ClaimPhoneNumber", claim("tel:+12065550100")) is None
    # PhoneNumberPrefix has no anchor at all: any run of digits somewhere satisfies it
    search = {"PhoneNumberCountryCode": "US", "PhoneNumberType": "DID"}
    assert check("SearchAvailablePhoneNumbers", {**search, "PhoneNumberPrefix": "+1 206"}) is None


@pytest.mark.parametrize("prefix,ok", [("+1206", True), ("44", True), ("+", False), ("abc", False)])
def test_phone_number_prefix_pattern(prefix: str, ok: bool) -> None:
    params = {"PhoneNumberCountryCode": "US", "PhoneNumberType": "DID", "PhoneNumberPrefix": prefix}
    message = check("SearchAvailablePhoneNumbers", params)
    if ok:
        assert message is None
    else:
        assert message == PREFIX + (
            f"Value '{prefix}' at 'phoneNumberPrefix' failed to satisfy constraint: "
            r"Member must satisfy regular expression pattern: \+?[0-9]{1,11}"
        )


@pytest.mark.parametrize("key", ["team", "Équipe Téléphonie", "Команда", "日本語 キー", "a.b:c/d=e+f-g@h_i"])
def test_tag_key_unicode_classes_are_understood(key: str) -> None:
    assert check("CreateInstance", create_instance(Tags={key: "v"})) is None


@pytest.mark.parametrize("key", ["bad#key", "aws:reserved", "semi;colon"])
def test_tag_key_pattern_rejects(key: str) -> None:
    message = check("CreateInstance", create_instance(Tags={key: "v"}))
    assert message is not None
    assert message.startswith(PREFIX + f"Value '{key}' at 'tags.key' failed to satisfy constraint: "
                                       "Member must satisfy regular expression pattern: ^(?!aws:)")


def test_arn_or_id_pattern() -> None:
    assert check("DescribeTrafficDistributionGroup", {"TrafficDistributionGroupId": TDG_ARN}) is None
    assert check("DescribeTrafficDistributionGroup", {"TrafficDistributionGroupId": INSTANCE_ID}) is None
    assert check("DescribeTrafficDistributionGroup", {"TrafficDistributionGroupId": INSTANCE_ID.upper()}) is not None
    wrong_kind = TDG_ARN.replace("traffic-distribution-group/", "instance/")
    assert check("DescribeTrafficDistributionGroup", {"TrafficDistributionGroupId": wrong_kind}) is not None


def test_sensitive_values_are_not_echoed() -> None:
    alias = "secret-alias-" + "x" * 40
    message = check("CreateInstance", create_instance(InstanceAlias=alias))
    assert message == PREFIX + (
        "Value at 'instanceAlias' failed to satisfy constraint: Member must have length less than or equal to 45"
    )
    assert "secret" not in message


def test_sensitive_pattern_failure_is_not_echoed() -> None:
    message = check("CreateInstance", create_instance(InstanceAlias="d-notallowed"))
    assert message is not None and "notallowed" not in message
    assert message.startswith(PREFIX + "Value at 'instanceAlias' failed to satisfy constraint: "
                                       "Member must satisfy regular expression pattern: ")


def create_user(password: str) -> dict[str, Any]:
    return {"InstanceId": INSTANCE_ID, "Username": "jdoe", "Password": password,
            "SecurityProfileIds": [INSTANCE_ID], "RoutingProfileId": INSTANCE_ID,
            "PhoneConfig": {"PhoneType": "SOFT_PHONE"}}


def test_password_pattern_accepts_a_strong_password() -> None:
    assert check("CreateUser", create_user("Str0ng-Passw0rd!")) is None


def test_password_pattern_rejects_a_weak_one_without_echoing_it() -> None:
    message = check("CreateUser", create_user("weakpassword"))
    assert message is not None and "weakpassword" not in message
    assert message.startswith(PREFIX + "Value at 'password' failed to satisfy constraint")


def test_nested_sensitive_member_is_not_echoed() -> None:
    params = create_user("Str0ng-Passw0rd!")
    params["PhoneConfig"] = {"PhoneType": "DESK_PHONE", "DeskPhoneNumber": "555-0100"}
    assert check("CreateUser", params) == PREFIX + (
        "Value at 'phoneConfig.deskPhoneNumber' failed to satisfy constraint: "
        r"Member must satisfy regular expression pattern: \+[1-9]\d{1,14}$"
    )


def test_several_problems_are_counted_and_joined() -> None:
    message = check("ListInstances", {"MaxResults": 50, "NextToken": 7})
    assert message is not None
    assert message.startswith("2 validation errors detected: ")
    assert "at 'maxResults' failed" in message and "at 'nextToken' failed" in message
    assert message.count("; ") == 1


def test_unknown_members_are_ignored() -> None:
    assert check("ListInstances", {"MaxResults": 5, "SomethingNew": object()}) is None
