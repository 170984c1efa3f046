"""Response direction: our serializer's bytes, read by botocore's rest-json parser, are what the handler meant."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from protocol_samples import (
    IN_SCOPE,
    INSTANCE_ARN,
    INSTANCE_ID,
    PHONE_ARN,
    TIMESTAMP,
    as_client_sees,
    botocore_operation,
    missing_members,
    parse_response,
    sample_output,
)

from connect_local import errors
from connect_local.errors import ServiceError, UnmodelledError
from connect_local.protocol import serializer, validator
from connect_local.protocol.model import operation


def without_metadata(parsed: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in parsed.items() if k != "ResponseMetadata"}


@pytest.mark.parametrize("name", IN_SCOPE)
def test_sample_output_is_realistic(name: str) -> None:
    shape = operation(name).output_shape
    output = sample_output(shape)
    if shape is not None:
        assert missing_members(shape, output) == []
    # realistic = it satisfies the model's own constraints on the output
    assert validator.validate(shape, output) == []


@pytest.mark.parametrize("name", IN_SCOPE)
def test_success_round_trips_through_botocore(name: str) -> None:
    op = operation(name)
    output = sample_output(op.output_shape)
    response = serializer.success(op, output)
    assert response.status == 200
    parsed = parse_response(name, response)
    assert parsed["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert without_metadata(parsed) == as_client_sees(botocore_operation(name).output_shape, output)


def test_timestamps_reach_the_client_as_the_same_instant() -> None:
    op = operation("DescribeInstance")
    response = serializer.success(op, {"Instance": {"Id": INSTANCE_ID, "CreatedTime": TIMESTAMP}})
    created = parse_response("DescribeInstance", response)["Instance"]["CreatedTime"]
    assert isinstance(created, datetime.datetime)
    assert created.timestamp() == TIMESTAMP
    assert created == datetime.datetime(2024, 6, 10, 6, 13, 20, 250000, tzinfo=datetime.UTC)


def test_absent_and_null_members_are_absent_for_the_client() -> None:
    op = operation("ListInstances")
    response = serializer.success(op, {"InstanceSummaryList": [], "NextToken": None})
    assert b"NextToken" not in response.body
    assert without_metadata(parse_response("ListInstances", response)) == {"InstanceSummaryList": []}


def test_operation_without_output_answers_an_empty_json_object() -> None:
    response = serializer.success(operation("DeleteInstance"), None)
    assert (response.status, response.body) == (200, b"{}")
    assert ("Content-Type", "application/json") in response.headers
    assert without_metadata(parse_response("DeleteInstance", response)) == {}


def test_non_ascii_output_is_utf8_json() -> None:
    tags = {"Équipe": "Zürich/Genève", "言語": "日本語"}
    response = serializer.success(operation("ListTagsForResource"), {"tags": tags})
    response.body.decode("utf-8")
    assert parse_response("ListTagsForResource", response)["tags"] == tags


# ---------------------------------------------------------------------------------------------------------
# errors

PROBLEMS = ["StartAction a9 names no action", "Action a2: Parameters.Text must not be empty"]


def build_error(code: str) -> tuple[ServiceError, dict[str, Any]]:
    """A raised error and the modelled members a client should see besides Code and Message."""
    if code == "InvalidContactFlowException":
        return errors.InvalidContactFlowException(PROBLEMS), {"problems": [{"message": p} for p in PROBLEMS]}
    if code == "ResourceInUseException":
        exc = errors.ResourceInUseException(f"The number {PHONE_ARN} is still claimed to the group.",
                                            ResourceType="PHONE_NUMBER", ResourceId=PHONE_ARN)
        return exc, {"ResourceType": "PHONE_NUMBER", "ResourceId": PHONE_ARN}
    error_class = getattr(errors, code)
    return error_class(f"{code}: something about {INSTANCE_ARN}"), {}


MODELLED_ERRORS = sorted(
    {(name, shape.name) for name in IN_SCOPE for shape in operation(name).error_shapes}
)


def test_every_modelled_error_of_the_scope_has_an_error_class() -> None:
    codes = {code for _, code in MODELLED_ERRORS}
    assert {code for code in codes if getattr(errors, code, None) is None} == set()
    assert all(getattr(errors, code).code == code for code in codes)


@pytest.mark.parametrize("name,code", MODELLED_ERRORS)
def test_modelled_error_round_trips_through_botocore(name: str, code: str) -> None:
    exc, extra = build_error(code)
    response = serializer.error(exc)
    model_status = botocore_operation(name).service_model.shape_for(code).metadata["error"]["httpStatusCode"]
    assert response.status == model_status
    parsed = parse_response(name, response)
    assert parsed["Error"]["Code"] == code
    assert parsed["Error"]["Message"] == exc.message
    assert parsed["ResponseMetadata"]["HTTPStatusCode"] == model_status
    for member, value in extra.items():
        assert parsed[member] == value


@pytest.mark.parametrize("code,status", [("UnknownOperationException", 404), ("NotImplementedException", 501),
                                         ("SerializationException", 400),
                                         ("RequestEntityTooLargeException", 413)])
def test_unmodelled_errors_keep_their_status_and_code(code: str, status: int) -> None:
    response = serializer.error(UnmodelledError(code, status, f"{code} happened"))
    assert response.status == status
    parsed = parse_response("DescribeInstance", response)
    assert parsed["Error"] == {"Code": code, "Message": f"{code} happened"}
