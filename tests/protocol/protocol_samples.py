"""Shared material for the protocol tests: realistic inputs and outputs, and the wire as botocore makes it.

botocore is the oracle: requests are serialized by botocore's own rest-json serializer and prepared the way its
HTTP client sends them; responses are read back with botocore's own rest-json parser. The oracle uses the model
exactly as botocore ships it (not our patched copy), because that is what real clients use.
"""

from __future__ import annotations

import datetime
import functools
import json
from typing import Any

import botocore.session
from botocore.awsrequest import AWSRequest, HeadersDict, prepare_request_dict
from botocore.httpsession import URLLib3Session
from botocore.model import OperationModel, ServiceModel, Shape
from botocore.parsers import create_parser
from botocore.serialize import create_serializer
from urllib3.util.url import _encode_target

from connect_local.protocol.parser import RawRequest
from connect_local.protocol.serializer import Response

# The operation index of the behaviour spec (spec/README.md): every operation the emulator must support.
IN_SCOPE = (
    # instances and replication
    "CreateInstance", "DescribeInstance", "ListInstances", "DeleteInstance", "ReplicateInstance",
    # traffic distribution groups and minimal users
    "CreateTrafficDistributionGroup", "DescribeTrafficDistributionGroup", "ListTrafficDistributionGroups",
    "DeleteTrafficDistributionGroup", "UpdateTrafficDistribution", "GetTrafficDistribution",
    "AssociateTrafficDistributionGroupUser", "DisassociateTrafficDistributionGroupUser",
    "ListTrafficDistributionGroupUsers", "CreateUser", "ListUsers", "DescribeUser",
    # phone numbers
    "SearchAvailablePhoneNumbers", "ClaimPhoneNumber", "DescribePhoneNumber", "ListPhoneNumbers",
    "ListPhoneNumbersV2", "UpdatePhoneNumber", "UpdatePhoneNumberMetadata", "ReleasePhoneNumber",
    "ImportPhoneNumber",
    # flows and associations
    "CreateContactFlow", "DescribeContactFlow", "ListContactFlows", "DeleteContactFlow",
    "UpdateContactFlowContent", "UpdateContactFlowName", "UpdateContactFlowMetadata",
    "AssociatePhoneNumberContactFlow", "DisassociatePhoneNumberContactFlow",
    # tagging
    "TagResource", "UntagResource", "ListTagsForResource",
)

ACCOUNT = "111122223333"
REGION = "us-east-1"
REPLICA = "us-west-2"
INSTANCE_ID = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"
TDG_ID = "9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f"
PHONE_ID = "0c1d2e3f-4a5b-4c6d-8e7f-8a9b0c1d2e3f"
FLOW_ID = "6e5d4c3b-2a19-4f8e-9d7c-6b5a4f3e2d1c"
USER_ID = "3b2a1f0e-9d8c-4b7a-a695-847362514039"
SECURITY_PROFILE_ID = "5d4c3b2a-1f0e-4d9c-8b7a-695847362514"
ROUTING_PROFILE_ID = "7f6e5d4c-3b2a-4190-8e7d-6c5b4a392817"
HIERARCHY_GROUP_ID = "2e1d0c9b-8a7f-4e6d-9c5b-4a3928170615"

INSTANCE_ARN = f"arn:aws:connect:{REGION}:{ACCOUNT}:instance/{INSTANCE_ID}"
TDG_ARN = f"arn:aws:connect:{REGION}:{ACCOUNT}:traffic-distribution-group/{TDG_ID}"
PHONE_ARN = f"arn:aws:connect:{REGION}:{ACCOUNT}:phone-number/{PHONE_ID}"
FLOW_ARN = f"{INSTANCE_ARN}/contact-flow/{FLOW_ID}"
USER_ARN = f"{INSTANCE_ARN}/agent/{USER_ID}"
SOURCE_PHONE_ARN = f"arn:aws:sms-voice:{REGION}:{ACCOUNT}:phone-number/phone-0123456789abcdef0123456789abcdef"
SERVICE_ROLE = (f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/connect.amazonaws.com/"
                "AWSServiceRoleForAmazonConnect_ABCDEFGHIJ0123456789")
# A page token as our server makes them (urlsafe base64) plus the characters a client must percent-encode.
NEXT_TOKEN = "eyJwIjo0LCJiIjoiYWJjIn0+/x=="
CLIENT_TOKEN = "0f9e8d7c-6b5a-4948-8372-615049382716"
TAGS = {"Environment": "prod", "cost-center": "4711", "Équipe Téléphonie": "Zürich/Genève", "owner@team": ""}
FLOW_CONTENT = json.dumps({
    "Version": "2019-10-30",
    "StartAction": "a1",
    "Actions": [
        {"Identifier": "a1", "Type": "MessageParticipant",
         "Parameters": {"Text": "Thanks for calling – goodbye!"}, "Transitions": {"NextAction": "a2"}},
        {"Identifier": "a2", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}},
    ],
})
TIMESTAMP = 1718000000.25  # epoch seconds with a fraction, as handlers return them

# One realistic request per operation, with every member (optional ones too) so each location is exercised.
REQUESTS: dict[str, dict[str, Any]] = {
    "CreateInstance": {
        "ClientToken": CLIENT_TOKEN, "IdentityManagementType": "SAML", "InstanceAlias": "support-east-1",
        "DirectoryId": "d-0123456789", "InboundCallsEnabled": True, "OutboundCallsEnabled": False, "Tags": TAGS,
    },
    "DescribeInstance": {"InstanceId": INSTANCE_ID},
    "ListInstances": {"NextToken": NEXT_TOKEN, "MaxResults": 7},
    "DeleteInstance": {"InstanceId": INSTANCE_ID, "ClientToken": CLIENT_TOKEN},
    "ReplicateInstance": {
        "InstanceId": INSTANCE_ARN, "ReplicaRegion": REPLICA, "ClientToken": CLIENT_TOKEN,
        "ReplicaAlias": "support-west-2",
    },
    "CreateTrafficDistributionGroup": {
        "Name": "Failover group", "Description": "Shifts telephony to us-west-2 during drills",
        "InstanceId": INSTANCE_ARN, "ClientToken": CLIENT_TOKEN, "Tags": TAGS,
    },
    "DescribeTrafficDistributionGroup": {"TrafficDistributionGroupId": TDG_ARN},
    "ListTrafficDistributionGroups": {"MaxResults": 10, "NextToken": NEXT_TOKEN, "InstanceId": INSTANCE_ARN},
    "DeleteTrafficDistributionGroup": {"TrafficDistributionGroupId": TDG_ID},
    "UpdateTrafficDistribution": {
        "Id": TDG_ARN,
        "TelephonyConfig": {"Distributions": [{"Region": REGION, "Percentage": 70},
                                              {"Region": REPLICA, "Percentage": 30}]},
        "SignInConfig": {"Distributions": [{"Region": REGION, "Enabled": True},
                                           {"Region": REPLICA, "Enabled": False}]},
        "AgentConfig": {"Distributions": [{"Region": REGION, "Percentage": 100},
                                          {"Region": REPLICA, "Percentage": 0}]},
    },
    "GetTrafficDistribution": {"Id": TDG_ARN},
    "AssociateTrafficDistributionGroupUser": {
        "TrafficDistributionGroupId": TDG_ARN, "UserId": USER_ID, "InstanceId": INSTANCE_ID,
    },
    "DisassociateTrafficDistributionGroupUser": {
        "TrafficDistributionGroupId": TDG_ID, "UserId": USER_ID, "InstanceId": INSTANCE_ID,
    },
    "ListTrafficDistributionGroupUsers": {
        "TrafficDistributionGroupId": TDG_ARN, "MaxResults": 3, "NextToken": NEXT_TOKEN,
    },
    "CreateUser": {
        "Username": "jane.doe@example.com",
        "Password": "Str0ng-Passw0rd!",
        "IdentityInfo": {"FirstName": "Jane", "LastName": "Doe", "Email": "jane.doe@example.com",
                         "SecondaryEmail": "jd@example.org", "Mobile": "+12065550123"},
        "PhoneConfig": {"PhoneType": "DESK_PHONE", "AutoAccept": False, "AfterContactWorkTimeLimit": 30,
                        "DeskPhoneNumber": "+12065550124", "PersistentConnection": True},
        "DirectoryUserId": "jdoe",
        "SecurityProfileIds": [SECURITY_PROFILE_ID, "8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d"],
        "RoutingProfileId": ROUTING_PROFILE_ID,
        "HierarchyGroupId": HIERARCHY_GROUP_ID,
        "InstanceId": INSTANCE_ID,
        "AutoAcceptConfigs": [{"Channel": "VOICE", "AutoAccept": True, "AgentFirstCallbackAutoAccept": False}],
        "AfterContactWorkConfigs": [{
            "Channel": "VOICE",
            "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": 60},
            "AgentFirstCallbackAfterContactWorkConfig": {"AfterContactWorkTimeLimit": 0},
        }],
        "PhoneNumberConfigs": [{"Channel": "VOICE", "PhoneType": "DESK_PHONE", "PhoneNumber": "+12065550124"}],
        "PersistentConnectionConfigs": [{"Channel": "VOICE", "PersistentConnection": True}],
        "VoiceEnhancementConfigs": [{"Channel": "VOICE", "VoiceEnhancementMode": "NOISE_SUPPRESSION"}],
        "Tags": TAGS,
    },
    "ListUsers": {"InstanceId": INSTANCE_ID, "NextToken": NEXT_TOKEN, "MaxResults": 1000},
    "DescribeUser": {"UserId": USER_ID, "InstanceId": INSTANCE_ID},
    "SearchAvailablePhoneNumbers": {
        "TargetArn": TDG_ARN, "InstanceId": INSTANCE_ID, "PhoneNumberCountryCode": "US",
        "PhoneNumberType": "DID", "PhoneNumberPrefix": "+1206", "MaxResults": 5, "NextToken": NEXT_TOKEN,
    },
    "ClaimPhoneNumber": {
        "TargetArn": TDG_ARN, "InstanceId": INSTANCE_ID, "PhoneNumber": "+12065550100",
        "PhoneNumberDescription": "Main line – Seattle", "Tags": TAGS, "ClientToken": CLIENT_TOKEN,
    },
    "DescribePhoneNumber": {"PhoneNumberId": PHONE_ARN},
    "ListPhoneNumbers": {
        "InstanceId": INSTANCE_ID, "PhoneNumberTypes": ["DID", "TOLL_FREE"],
        "PhoneNumberCountryCodes": ["US", "GB", "DE"], "NextToken": NEXT_TOKEN, "MaxResults": 250,
    },
    "ListPhoneNumbersV2": {
        "TargetArn": TDG_ARN, "InstanceId": INSTANCE_ID, "MaxResults": 100, "NextToken": NEXT_TOKEN,
        "PhoneNumberCountryCodes": ["US", "CA"], "PhoneNumberTypes": ["DID", "TOLL_FREE", "UIFN"],
        "PhoneNumberPrefix": "+1",
    },
    "UpdatePhoneNumber": {
        "PhoneNumberId": PHONE_ARN, "TargetArn": TDG_ARN, "InstanceId": INSTANCE_ID, "ClientToken": CLIENT_TOKEN,
    },
    "UpdatePhoneNumberMetadata": {
        "PhoneNumberId": PHONE_ID, "PhoneNumberDescription": "Support hotline (EU)", "ClientToken": CLIENT_TOKEN,
    },
    "ReleasePhoneNumber": {"PhoneNumberId": PHONE_ARN, "ClientToken": CLIENT_TOKEN},
    "ImportPhoneNumber": {
        "InstanceId": INSTANCE_ID, "SourcePhoneNumberArn": SOURCE_PHONE_ARN,
        "PhoneNumberDescription": "Imported from End User Messaging", "Tags": TAGS, "ClientToken": CLIENT_TOKEN,
    },
    "CreateContactFlow": {
        "InstanceId": INSTANCE_ID, "Name": "Main IVR", "Type": "CONTACT_FLOW",
        "Description": "Greets callers and hangs up", "Content": FLOW_CONTENT, "Status": "SAVED", "Tags": TAGS,
    },
    "DescribeContactFlow": {"InstanceId": INSTANCE_ID, "ContactFlowId": f"{FLOW_ID}:$SAVED"},
    "ListContactFlows": {
        "InstanceId": INSTANCE_ID, "ContactFlowTypes": ["CONTACT_FLOW", "CUSTOMER_QUEUE", "AGENT_WHISPER"],
        "NextToken": NEXT_TOKEN, "MaxResults": 100,
    },
    "DeleteContactFlow": {"InstanceId": INSTANCE_ID, "ContactFlowId": FLOW_ARN},
    "UpdateContactFlowContent": {
        "InstanceId": INSTANCE_ID, "ContactFlowId": f"{FLOW_ID}:$SAVED", "Content": FLOW_CONTENT,
    },
    "UpdateContactFlowName": {
        "InstanceId": INSTANCE_ID, "ContactFlowId": FLOW_ID, "Name": "Main IVR v2", "Description": "Renamed",
    },
    "UpdateContactFlowMetadata": {
        "InstanceId": INSTANCE_ID, "ContactFlowId": FLOW_ID, "Name": "Main IVR (old)",
        "Description": "Kept for reference", "ContactFlowState": "ARCHIVED",
    },
    "AssociatePhoneNumberContactFlow": {
        "PhoneNumberId": PHONE_ARN, "InstanceId": INSTANCE_ID, "ContactFlowId": FLOW_ID,
    },
    "DisassociatePhoneNumberContactFlow": {"PhoneNumberId": PHONE_ID, "InstanceId": INSTANCE_ID},
    "TagResource": {"resourceArn": FLOW_ARN, "tags": TAGS},
    "UntagResource": {"resourceArn": PHONE_ARN, "tagKeys": ["Environment", "Équipe Téléphonie", "a/b=c+d"]},
    "ListTagsForResource": {"resourceArn": TDG_ARN},
}


# ---------------------------------------------------------------------------------------------------------
# botocore, the oracle


@functools.cache
def botocore_model() -> ServiceModel:
    return botocore.session.get_session().get_service_model("connect")


def botocore_operation(name: str) -> OperationModel:
    return botocore_model().operation_model(name)


def to_wire(operation: str, params: dict[str, Any]) -> RawRequest:
    """The request exactly as botocore puts it on the wire, in the pieces our ASGI app hands the pipeline."""
    op = botocore_operation(operation)
    request = create_serializer("rest-json", include_validation=True).serialize_to_request(params, op)
    prepare_request_dict(request, endpoint_url=f"https://connect.{REGION}.amazonaws.com")
    prepared = AWSRequest(method=request["method"], url=request["url"], data=request["body"],
                          headers=request["headers"]).prepare()
    # What botocore's HTTP session sends as the request target, after urllib3's own target encoding.
    target = _encode_target(URLLib3Session._path_url(None, prepared.url))  # type: ignore[arg-type]
    raw_path, _, query = target.partition("?")
    body = prepared.body or b""
    if isinstance(body, str):
        body = body.encode("utf-8")
    headers = {name.lower(): value for name, value in prepared.headers.items()}
    return RawRequest(prepared.method, raw_path, query, headers, body)


def parse_response(operation: str, response: Response) -> dict[str, Any]:
    """Parse our response as a boto3 client would (including the second pass for modelled error members)."""
    op = botocore_operation(operation)
    headers = HeadersDict()
    for name, value in response.headers:
        headers[name] = value
    response_dict = {"status_code": response.status, "headers": headers, "body": response.body}
    parser = create_parser("rest-json")
    parsed: dict[str, Any] = parser.parse(response_dict, op.output_shape)
    if response.status >= 300:
        error_shape = op.service_model.shape_for_error_code(parsed.get("Error", {}).get("Code"))
        if error_shape is not None:
            parsed.update(parser.parse(response_dict, error_shape))
    return parsed


# ---------------------------------------------------------------------------------------------------------
# realistic outputs, generated from the output shape so that every member is present


def _resource_of(parent: str) -> tuple[str, str]:
    for marker, ids in (("TrafficDistribution", (TDG_ID, TDG_ARN)), ("User", (USER_ID, USER_ARN)),
                        ("ContactFlow", (FLOW_ID, FLOW_ARN)), ("PhoneNumber", (PHONE_ID, PHONE_ARN)),
                        ("AvailableNumber", (PHONE_ID, PHONE_ARN))):
        if marker in parent:
            return ids
    return INSTANCE_ID, INSTANCE_ARN


_STRINGS = {
    "InstanceId": INSTANCE_ID, "InstanceArn": INSTANCE_ARN, "ServiceRole": SERVICE_ROLE,
    "PhoneNumberId": PHONE_ID, "PhoneNumberArn": PHONE_ARN, "TargetArn": TDG_ARN,
    "SourcePhoneNumberArn": SOURCE_PHONE_ARN, "ContactFlowId": FLOW_ID, "ContactFlowArn": FLOW_ARN,
    "UserId": USER_ID, "UserArn": USER_ARN, "InstanceAlias": "support-east-1",
    "InstanceAccessUrl": "https://support-east-1.my.connect.aws",
    "GlobalSignInEndpoint": "https://support-east-1.global.my.connect.aws",
    "Region": REPLICA, "SourceRegion": REGION, "LastModifiedRegion": REGION,
    "PhoneNumber": "+12065550100", "Mobile": "+12065550123", "DeskPhoneNumber": "+12065550124",
    "PhoneNumberDescription": "Main line – Seattle", "NextToken": NEXT_TOKEN, "Message": "All good.",
    "ReplicationStatusReason": "Replication finished", "Name": "Main IVR", "Description": "Greets callers",
    "VersionDescription": "first version", "Content": FLOW_CONTENT,
    "FlowContentSha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "Username": "jane.doe@example.com", "FirstName": "Jane", "LastName": "Doe", "Email": "jane.doe@example.com",
    "SecondaryEmail": "jd@example.org", "DirectoryUserId": "jdoe", "RoutingProfileId": ROUTING_PROFILE_ID,
    "HierarchyGroupId": HIERARCHY_GROUP_ID,
}
_INTEGERS = {"Percentage": 50, "AfterContactWorkTimeLimit": 30, "Version": 3}


def sample_output(shape: Shape | None) -> dict[str, Any]:
    if shape is None:
        return {}
    value = _sample(shape, shape.name, shape.name, 0)
    assert isinstance(value, dict)
    return value


def _sample(shape: Shape, member: str, parent: str, index: int) -> Any:
    kind = shape.type_name
    if kind == "structure":
        return {name: _sample(child, name, shape.name, index)
                for name, child in shape.members.items()}  # type: ignore[attr-defined]
    if kind == "list":
        item = shape.member  # type: ignore[attr-defined]
        if item.type_name == "string" and not item.enum and item.name == "SecurityProfileId":
            return [SECURITY_PROFILE_ID, "8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d"]
        items = [_sample(item, member, parent, i) for i in range(2)]
        if item.type_name == "structure" and "Region" in item.members:  # one entry per Region
            items[0]["Region"] = REGION
            items[1]["Region"] = REPLICA
        return items
    if kind == "map":
        if shape.name == "TagMap":
            return dict(TAGS)
        return {f"key{i}": _sample(shape.value, member, parent, i) for i in range(2)}  # type: ignore[attr-defined]
    if kind == "string":
        enum = shape.enum  # type: ignore[attr-defined]
        if enum:
            return enum[(len(enum) - 1 + index) % len(enum)]
        if member == "Id":
            return _resource_of(parent)[0]
        if member == "Arn":
            return _resource_of(parent)[1]
        if member in _STRINGS:
            return _STRINGS[member]
        return f"sample {member}"
    if kind in ("integer", "long"):
        return _INTEGERS.get(member, 7) + index
    if kind == "boolean":
        return index == 0
    if kind == "timestamp":
        return TIMESTAMP + index * 3600
    raise AssertionError(f"no sample for {kind} member {member} of {parent}")


def as_client_sees(shape: Shape | None, value: Any) -> Any:
    """The output value as a boto3 user sees it: timestamps as aware datetimes, everything else unchanged."""
    if shape is None:
        return value
    kind = shape.type_name
    if kind == "structure":
        return {k: as_client_sees(shape.members[k], v) for k, v in value.items()}  # type: ignore[attr-defined]
    if kind == "list":
        return [as_client_sees(shape.member, v) for v in value]  # type: ignore[attr-defined]
    if kind == "map":
        return {k: as_client_sees(shape.value, v) for k, v in value.items()}  # type: ignore[attr-defined]
    if kind == "timestamp":
        return datetime.datetime.fromtimestamp(value, datetime.UTC)
    return value


def missing_members(shape: Shape, value: Any, path: str = "") -> list[str]:
    """Members of every structure in `value` that the sample leaves out (the samples must exercise all)."""
    missing: list[str] = []
    kind = shape.type_name
    if kind == "structure":
        for name, child in shape.members.items():  # type: ignore[attr-defined]
            if name not in value:
                missing.append(f"{path}.{name}" if path else name)
            else:
                missing += missing_members(child, value[name], f"{path}.{name}" if path else name)
    elif kind == "list":
        for item in value:
            missing += missing_members(shape.member, item, f"{path}[]")  # type: ignore[attr-defined]
    elif kind == "map":
        for item in value.values():
            missing += missing_members(shape.value, item, f"{path}{{}}")  # type: ignore[attr-defined]
    return missing
