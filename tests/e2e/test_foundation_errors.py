"""Bad input through the live server: validation messages, malformed bodies, limits, unknown and unimplemented
operations. Every error must be a well-formed AWS error that botocore can read."""

from __future__ import annotations

import http.client
import json
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from botocore.awsrequest import HeadersDict
from botocore.exceptions import ClientError
from botocore.parsers import create_parser
from conftest import Server

SIGNED = {"Authorization": "AWS4-HMAC-SHA256 Credential=111122223333/20240101/us-east-1/connect/aws4_request, "
                           "SignedHeaders=host, Signature=00"}


def error_of(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, str, int]:
    response = excinfo.value.response
    return response["Error"]["Code"], response["Error"]["Message"], response["ResponseMetadata"]["HTTPStatusCode"]


def raw(server: Server, method: str, path: str, body: bytes = b"",
        headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(server.endpoint)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        all_headers = {**SIGNED, "Content-Type": "application/json", **(headers or {})}
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def assert_aws_error(status: int, headers: dict[str, str], body: bytes, code: str | None = None) -> dict[str, Any]:
    """An AWS rest-json error: request id, error type header, JSON body; botocore reads the same code."""
    assert headers.get("x-amzn-requestid")
    assert headers.get("x-amzn-errortype")
    assert headers.get("content-type", "").startswith("application/json")
    document = json.loads(body)
    assert isinstance(document.get("Message"), str) and document["Message"]
    wire = HeadersDict()
    for name, value in headers.items():
        wire[name] = value
    parsed = create_parser("rest-json").parse({"status_code": status, "headers": wire, "body": body}, None)
    assert parsed["Error"]["Code"] == headers["x-amzn-errortype"]
    assert parsed["Error"]["Message"] == document["Message"]
    assert parsed["ResponseMetadata"]["RequestId"] == headers["x-amzn-requestid"]
    if code is not None:
        assert parsed["Error"]["Code"] == code
    return dict(parsed["Error"])


CREATE = {"IdentityManagementType": "CONNECT_MANAGED", "InstanceAlias": "raw-alias",
          "InboundCallsEnabled": True, "OutboundCallsEnabled": True}


def test_a_valid_raw_request_works(server: Server) -> None:
    status, headers, body = raw(server, "PUT", "/instance", json.dumps(CREATE).encode())
    assert status == 200, body
    assert headers.get("x-amzn-requestid")
    assert set(json.loads(body)) == {"Id", "Arn"}


# -- validation through boto3 with client-side validation off ------------------------------------------------


def test_max_results_above_maximum(connect: Callable[..., Any]) -> None:
    with pytest.raises(ClientError) as excinfo:
        connect(validate=False).list_instances(MaxResults=50)
    assert error_of(excinfo) == (
        "InvalidRequestException",
        ("1 validation error detected: Value '50' at 'maxResults' failed to satisfy constraint: "
         "Member must have value less than or equal to 10"),
        400,
    )


def test_unknown_enum_value(connect: Callable[..., Any]) -> None:
    with pytest.raises(ClientError) as excinfo:
        connect(validate=False).create_instance(IdentityManagementType="LDAP", InstanceAlias="enum-alias",
                                                InboundCallsEnabled=True, OutboundCallsEnabled=True)
    assert error_of(excinfo) == (
        "InvalidRequestException",
        ("1 validation error detected: Value 'LDAP' at 'identityManagementType' failed to satisfy constraint: "
         "Member must satisfy enum value set: [SAML, CONNECT_MANAGED, EXISTING_DIRECTORY]"),
        400,
    )


def test_sensitive_alias_is_not_echoed(connect: Callable[..., Any]) -> None:
    alias = "secret" + "x" * 45
    with pytest.raises(ClientError) as excinfo:
        connect(validate=False).create_instance(IdentityManagementType="SAML", InstanceAlias=alias,
                                                InboundCallsEnabled=True, OutboundCallsEnabled=True)
    code, message, status = error_of(excinfo)
    assert (code, status) == ("InvalidRequestException", 400)
    assert "secret" not in message
    assert "at 'instanceAlias' failed to satisfy constraint: Member must have length less than or equal to 45" in message


def test_too_long_path_label(connect: Callable[..., Any]) -> None:
    with pytest.raises(ClientError) as excinfo:
        connect(validate=False).describe_instance(InstanceId="i" * 150)
    code, message, _ = error_of(excinfo)
    assert code == "InvalidRequestException"
    assert message.endswith("at 'instanceId' failed to satisfy constraint: "
                            "Member must have length less than or equal to 100")


@pytest.mark.parametrize("member,value,kind", [
    ("InboundCallsEnabled", "yes", "be a boolean"),
    ("InstanceAlias", 12345, "be a string"),
    ("OutboundCallsEnabled", 1, "be a boolean"),
])
def test_wrong_json_types(connect: Callable[..., Any], member: str, value: Any, kind: str) -> None:
    params: dict[str, Any] = {"IdentityManagementType": "CONNECT_MANAGED", "InstanceAlias": "types-alias",
                              "InboundCallsEnabled": True, "OutboundCallsEnabled": True, member: value}
    with pytest.raises(ClientError) as excinfo:
        connect(validate=False).create_instance(**params)
    code, message, status = error_of(excinfo)
    assert (code, status) == ("InvalidRequestException", 400)
    assert message.startswith("1 validation error detected: ")
    assert message.endswith(f"Member must {kind}")


def test_missing_required_member(connect: Callable[..., Any]) -> None:
    with pytest.raises(ClientError) as excinfo:
        connect(validate=False).create_instance(IdentityManagementType="SAML", InstanceAlias="missing-alias",
                                                InboundCallsEnabled=True)
    assert error_of(excinfo)[1] == ("1 validation error detected: Value null at 'outboundCallsEnabled' failed to "
                                    "satisfy constraint: Member must not be null")


def test_nothing_is_created_by_an_invalid_request(connect: Callable[..., Any]) -> None:
    client = connect(validate=False)
    with pytest.raises(ClientError):
        client.create_instance(IdentityManagementType="LDAP", InstanceAlias="ghost",
                               InboundCallsEnabled=True, OutboundCallsEnabled=True)
    assert client.list_instances()["InstanceSummaryList"] == []


# -- raw HTTP --------------------------------------------------------------------------------------------------


def test_malformed_json(server: Server) -> None:
    status, headers, body = raw(server, "PUT", "/instance", b'{"IdentityManagementType": ')
    assert status == 400
    assert_aws_error(status, headers, body, "SerializationException")


def test_wrong_json_type_for_a_map_in_a_raw_body(server: Server) -> None:
    status, headers, body = raw(server, "PUT", "/instance", json.dumps({**CREATE, "Tags": ["team"]}).encode())
    assert status == 400
    error = assert_aws_error(status, headers, body, "InvalidRequestException")
    assert error["Message"].endswith("at 'tags' failed to satisfy constraint: Member must be a map")


def test_json_that_is_not_an_object(server: Server) -> None:
    status, headers, body = raw(server, "PUT", "/instance", b'["SAML"]')
    assert status == 400
    assert_aws_error(status, headers, body, "SerializationException")


def test_body_that_is_not_utf8(server: Server) -> None:
    status, headers, body = raw(server, "PUT", "/instance", b'{"InstanceAlias": "\xff\xfe"}')
    assert status == 400
    error = assert_aws_error(status, headers, body)
    assert error["Code"] != "InternalServiceException"


def test_bad_integer_in_the_query(server: Server) -> None:
    status, headers, body = raw(server, "GET", "/instance?maxResults=ten")
    assert status == 400
    assert_aws_error(status, headers, body)


def test_body_over_one_mebibyte(server: Server) -> None:
    payload = json.dumps({**CREATE, "Tags": {"big": "x" * (1024 * 1024)}}).encode()
    status, headers, body = raw(server, "PUT", "/instance", payload)
    assert status == 413
    assert_aws_error(status, headers, body)
    status, _, _ = raw(server, "GET", "/instance")
    assert status == 200  # the server is fine afterwards


def test_deeply_nested_json(server: Server) -> None:
    payload = b'{"Tags": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    status, headers, body = raw(server, "PUT", "/instance", payload)
    assert status == 400
    error = assert_aws_error(status, headers, body)
    assert error["Code"] != "InternalServiceException"


def test_unknown_path(server: Server) -> None:
    status, headers, body = raw(server, "GET", "/no-such-resource/123")
    assert status == 404
    assert_aws_error(status, headers, body, "UnknownOperationException")


def test_unimplemented_model_operation_answers_501_naming_it(connect: Callable[..., Any]) -> None:
    with pytest.raises(ClientError) as excinfo:
        connect().list_queues(InstanceId=str(uuid.uuid4()))
    code, message, status = error_of(excinfo)
    assert (code, status) == ("NotImplementedException", 501)
    assert "ListQueues" in message
    assert excinfo.value.response["ResponseMetadata"]["RequestId"]


def test_boto3_errors_carry_request_id_and_error_type(connect: Callable[..., Any]) -> None:
    with pytest.raises(ClientError) as excinfo:
        connect().describe_instance(InstanceId=str(uuid.uuid4()))
    headers = excinfo.value.response["ResponseMetadata"]["HTTPHeaders"]
    assert headers["x-amzn-errortype"] == "ResourceNotFoundException"
    assert headers["x-amzn-requestid"] == excinfo.value.response["ResponseMetadata"]["RequestId"]


def test_request_ids_are_unique(server: Server) -> None:
    ids = {raw(server, "GET", "/nope")[1]["x-amzn-requestid"] for _ in range(5)}
    assert len(ids) == 5
