"""Instances through the live server with boto3: lifecycle, uniqueness, quota, pagination, idempotency, tenants."""

from __future__ import annotations

import base64
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError
from conftest import ACCOUNT, OTHER_ACCOUNT, Server, make_instance


def error_of(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, str, int]:
    response = excinfo.value.response
    return response["Error"]["Code"], response["Error"]["Message"], response["ResponseMetadata"]["HTTPStatusCode"]


def create(client: Any, alias: str, **extra: Any) -> dict[str, Any]:
    return dict(client.create_instance(IdentityManagementType="CONNECT_MANAGED", InstanceAlias=alias,
                                       InboundCallsEnabled=True, OutboundCallsEnabled=False, **extra))


def status(client: Any, instance_id: str) -> str:
    return str(client.describe_instance(InstanceId=instance_id)["Instance"]["InstanceStatus"])


def test_create_describe_list_delete(connect: Callable[..., Any]) -> None:
    client = connect()
    created = make_instance(client, "lifecycle-one", Tags={"team": "voice"})
    assert created["Arn"] == f"arn:aws:connect:us-east-1:{ACCOUNT}:instance/{created['Id']}"
    described = client.describe_instance(InstanceId=created["Id"])["Instance"]
    assert described["Id"] == created["Id"]
    assert described["Arn"] == created["Arn"]
    assert described["InstanceAlias"] == "lifecycle-one"
    assert described["IdentityManagementType"] == "SAML"
    assert described["InboundCallsEnabled"] is True and described["OutboundCallsEnabled"] is True
    assert described["Tags"] == {"team": "voice"}
    assert abs(described["CreatedTime"].timestamp() - time.time()) < 60
    assert described["ServiceRole"].startswith(f"arn:aws:iam::{ACCOUNT}:role/")
    listed = client.list_instances()["InstanceSummaryList"]
    assert [i["Id"] for i in listed] == [created["Id"]]
    assert listed[0]["InstanceStatus"] == "ACTIVE"
    client.delete_instance(InstanceId=created["Id"])
    assert client.list_instances()["InstanceSummaryList"] == []
    with pytest.raises(ClientError) as excinfo:
        client.describe_instance(InstanceId=created["Id"])
    assert error_of(excinfo)[0] == "ResourceNotFoundException"
    assert error_of(excinfo)[2] == 404


def test_delete_unknown_instance(connect: Callable[..., Any]) -> None:
    with pytest.raises(ClientError) as excinfo:
        connect().delete_instance(InstanceId=str(uuid.uuid4()))
    assert error_of(excinfo)[0] == "ResourceNotFoundException"


@pytest.mark.slow
def test_default_delays_show_creation_in_progress_then_active(spawn: Callable[..., Server]) -> None:
    server = spawn(delay="default")
    client = server.client()
    created = create(client, "slow-default")
    assert status(client, created["Id"]) == "CREATION_IN_PROGRESS"
    started = time.monotonic()
    seen = []
    while True:
        seen.append(status(client, created["Id"]))
        if seen[-1] == "ACTIVE":
            break
        assert time.monotonic() - started < 10, seen
        time.sleep(0.2)
    assert set(seen) == {"CREATION_IN_PROGRESS", "ACTIVE"}
    assert time.monotonic() - started < 5


def test_clock_control_settles_a_pending_creation(spawn: Callable[..., Server]) -> None:
    server = spawn(delay="instance=3600")
    client = server.client()
    created = create(client, "hour-long")
    server.advance(3500)
    assert status(client, created["Id"]) == "CREATION_IN_PROGRESS"
    listed = client.list_instances()["InstanceSummaryList"]
    assert listed[0]["InstanceStatus"] == "CREATION_IN_PROGRESS"
    server.advance(200)
    assert status(client, created["Id"]) == "ACTIVE"


def test_alias_is_unique_across_accounts_and_regions(connect: Callable[..., Any]) -> None:
    create(connect(), "taken-alias")
    for client in (connect(), connect(region="us-west-2"), connect(account=OTHER_ACCOUNT)):
        with pytest.raises(ClientError) as excinfo:
            create(client, "taken-alias")
        assert error_of(excinfo) == ("InvalidRequestException", "Invalid Input. Instance alias is already used.", 400)


def test_alias_uniqueness_ignores_case(connect: Callable[..., Any]) -> None:
    create(connect(), "Mixed-Case")
    with pytest.raises(ClientError) as excinfo:
        create(connect(account=OTHER_ACCOUNT), "mixed-case")
    assert error_of(excinfo)[0] == "InvalidRequestException"


def test_alias_is_free_again_after_delete(connect: Callable[..., Any]) -> None:
    client = connect()
    first = create(client, "reusable")
    client.delete_instance(InstanceId=first["Id"])
    second = create(client, "reusable")
    assert second["Id"] != first["Id"]


def test_quota_of_two_instances_per_region(connect: Callable[..., Any]) -> None:
    client = connect()
    create(client, "quota-a")
    create(client, "quota-b")
    with pytest.raises(ClientError) as excinfo:
        create(client, "quota-c")
    code, _, http_status = error_of(excinfo)
    assert (code, http_status) == ("ServiceQuotaExceededException", 402)
    # the quota is per account and Region
    create(connect(region="us-west-2"), "quota-c")
    create(connect(account=OTHER_ACCOUNT), "quota-d")


def test_list_instances_paginates_with_boto3_paginator(connect: Callable[..., Any]) -> None:
    east = connect()
    ids = [create(east, alias)["Id"] for alias in ("page-a", "page-b")]
    create(connect(region="us-west-2"), "page-other-region")
    pages = list(east.get_paginator("list_instances").paginate(PaginationConfig={"PageSize": 1}))
    assert [len(p["InstanceSummaryList"]) for p in pages] == [1, 1]
    assert [p["InstanceSummaryList"][0]["Id"] for p in pages] == ids  # creation order, this Region only
    assert "NextToken" in pages[0] and "NextToken" not in pages[1]
    everything = east.get_paginator("list_instances").paginate().build_full_result()
    assert [i["Id"] for i in everything["InstanceSummaryList"]] == ids


def first_token(client: Any) -> str:
    page = client.list_instances(MaxResults=1)
    assert len(page["InstanceSummaryList"]) == 1
    return str(page["NextToken"])


@pytest.mark.parametrize("tamper", [
    lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),
    lambda t: "not-a-token",
    lambda t: base64.urlsafe_b64encode(b'{"p":1,"b":"0000"}').decode(),
])
def test_tampered_token_is_rejected(connect: Callable[..., Any], tamper: Callable[[str], str]) -> None:
    client = connect()
    create(client, "tok-a")
    create(client, "tok-b")
    with pytest.raises(ClientError) as excinfo:
        client.list_instances(MaxResults=1, NextToken=tamper(first_token(client)))
    assert error_of(excinfo)[0::2] == ("InvalidRequestException", 400)


def test_foreign_token_is_rejected(connect: Callable[..., Any]) -> None:
    owner = connect()
    create(owner, "foreign-a")
    create(owner, "foreign-b")
    token = first_token(owner)
    for other in (connect(account=OTHER_ACCOUNT), connect(region="us-west-2")):
        with pytest.raises(ClientError) as excinfo:
            other.list_instances(NextToken=token)
        assert error_of(excinfo)[0] == "InvalidRequestException"
    # the owner can still use it
    assert len(owner.list_instances(NextToken=token)["InstanceSummaryList"]) == 1


def test_create_with_the_same_client_token_is_idempotent(connect: Callable[..., Any]) -> None:
    client = connect()
    token = str(uuid.uuid4())
    first = create(client, "idem-alias", ClientToken=token)
    again = create(client, "idem-alias", ClientToken=token)
    assert (again["Id"], again["Arn"]) == (first["Id"], first["Arn"])
    assert [i["Id"] for i in client.list_instances()["InstanceSummaryList"]] == [first["Id"]]


def test_client_token_reused_with_other_input_is_refused(connect: Callable[..., Any]) -> None:
    client = connect()
    token = str(uuid.uuid4())
    create(client, "idem-one", ClientToken=token)
    with pytest.raises(ClientError) as excinfo:
        create(client, "idem-two", ClientToken=token)
    assert error_of(excinfo)[0::2] == ("InvalidRequestException", 400)
    assert len(client.list_instances()["InstanceSummaryList"]) == 1


def test_separate_calls_without_token_create_separate_instances(connect: Callable[..., Any]) -> None:
    client = connect()
    assert create(client, "auto-1")["Id"] != create(client, "auto-2")["Id"]


def test_tenants_are_isolated(connect: Callable[..., Any]) -> None:
    mine = connect()
    created = create(mine, "tenant-a")
    theirs = connect(account=OTHER_ACCOUNT)
    assert theirs.list_instances()["InstanceSummaryList"] == []
    for call in (lambda: theirs.describe_instance(InstanceId=created["Id"]),
                 lambda: theirs.delete_instance(InstanceId=created["Id"]),
                 lambda: theirs.tag_resource(resourceArn=created["Arn"], tags={"x": "y"}),
                 lambda: theirs.list_tags_for_resource(resourceArn=created["Arn"])):
        with pytest.raises(ClientError) as excinfo:
            call()
        assert error_of(excinfo)[0::2] == ("ResourceNotFoundException", 404)
    assert mine.list_tags_for_resource(resourceArn=created["Arn"])["tags"] == {}
    assert status(mine, created["Id"]) == "ACTIVE"


def test_an_instance_lives_in_the_region_it_was_created_in(connect: Callable[..., Any]) -> None:
    created = create(connect(), "regional")
    west = connect(region="us-west-2")
    assert west.list_instances()["InstanceSummaryList"] == []
    with pytest.raises(ClientError) as excinfo:
        west.describe_instance(InstanceId=created["Id"])
    assert error_of(excinfo)[0] == "ResourceNotFoundException"


@pytest.mark.parametrize("identity,extra,problem", [
    ("SAML", {}, "InstanceAlias"),
    ("EXISTING_DIRECTORY", {"InstanceAlias": "with-dir"}, "DirectoryId"),
])
def test_identity_type_needs_its_companion_member(connect: Callable[..., Any], identity: str,
                                                   extra: dict[str, Any], problem: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        connect().create_instance(IdentityManagementType=identity, InboundCallsEnabled=True,
                                  OutboundCallsEnabled=True, **extra)
    code, message, _ = error_of(excinfo)
    assert code == "InvalidRequestException" and problem in message
