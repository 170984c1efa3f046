"""TagResource / UntagResource / ListTagsForResource on instances through the live server."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError
from conftest import ACCOUNT, make_instance


def code_of(excinfo: pytest.ExceptionInfo[ClientError]) -> str:
    return str(excinfo.value.response["Error"]["Code"])


def test_tags_given_at_creation_are_listed_and_described(connect: Callable[..., Any]) -> None:
    client = connect()
    created = make_instance(client, "tagged-at-birth", Tags={"Environment": "prod", "owner": ""})
    assert client.list_tags_for_resource(resourceArn=created["Arn"])["tags"] == {"Environment": "prod", "owner": ""}
    assert client.describe_instance(InstanceId=created["Id"])["Instance"]["Tags"] == {
        "Environment": "prod", "owner": ""}


def test_tag_merges_and_overwrites_untag_removes(connect: Callable[..., Any]) -> None:
    client = connect()
    arn = make_instance(client, "tag-merge", Tags={"a": "1", "b": "2"})["Arn"]
    client.tag_resource(resourceArn=arn, tags={"b": "two", "Équipe": "Zürich/Genève"})
    assert client.list_tags_for_resource(resourceArn=arn)["tags"] == {"a": "1", "b": "two", "Équipe": "Zürich/Genève"}
    client.untag_resource(resourceArn=arn, tagKeys=["a", "Équipe", "never-there"])
    assert client.list_tags_for_resource(resourceArn=arn)["tags"] == {"b": "two"}


def test_at_most_fifty_tags(connect: Callable[..., Any]) -> None:
    client = connect()
    arn = make_instance(client, "tag-limit")["Arn"]
    client.tag_resource(resourceArn=arn, tags={f"k{i}": "v" for i in range(50)})
    with pytest.raises(ClientError) as excinfo:
        client.tag_resource(resourceArn=arn, tags={"one-too-many": "v"})
    assert code_of(excinfo) in ("InvalidParameterException", "InvalidRequestException")
    assert len(client.list_tags_for_resource(resourceArn=arn)["tags"]) == 50


def test_reserved_aws_prefix_is_rejected(connect: Callable[..., Any]) -> None:
    client = connect(validate=False)
    arn = make_instance(client, "tag-reserved")["Arn"]
    with pytest.raises(ClientError) as excinfo:
        client.tag_resource(resourceArn=arn, tags={"aws:cloudformation:stack": "x"})
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert client.list_tags_for_resource(resourceArn=arn)["tags"] == {}


def test_unknown_and_deleted_resources_are_not_found(connect: Callable[..., Any]) -> None:
    client = connect()
    missing = f"arn:aws:connect:us-east-1:{ACCOUNT}:instance/{uuid.uuid4()}"
    with pytest.raises(ClientError) as excinfo:
        client.list_tags_for_resource(resourceArn=missing)
    assert code_of(excinfo) == "ResourceNotFoundException"
    created = make_instance(client, "tag-deleted")
    client.delete_instance(InstanceId=created["Id"])
    with pytest.raises(ClientError) as excinfo:
        client.tag_resource(resourceArn=created["Arn"], tags={"a": "b"})
    assert code_of(excinfo) == "ResourceNotFoundException"


def test_arn_of_another_region_is_not_found(connect: Callable[..., Any]) -> None:
    arn = make_instance(connect(), "tag-region")["Arn"]
    with pytest.raises(ClientError) as excinfo:
        connect(region="us-west-2").list_tags_for_resource(resourceArn=arn)
    assert code_of(excinfo) == "ResourceNotFoundException"


def test_malformed_arn_is_a_client_error(connect: Callable[..., Any]) -> None:
    with pytest.raises(ClientError) as excinfo:
        connect().list_tags_for_resource(resourceArn="not-an-arn")
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
