"""`serve --throttle`: users' retry code meets ThrottlingException at the published rates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from conftest import ACCOUNT, OTHER_ACCOUNT, Server

from connect_local.web.throttle import BURST, RATES


def client(server: Server, account: str, retries: dict[str, Any], region: str = "us-east-1") -> Any:
    return boto3.client("connect", endpoint_url=server.endpoint, region_name=region,
                        aws_access_key_id=account, aws_secret_access_key="x", config=Config(retries=retries))


def test_throttling_is_off_by_default(connect: Callable[..., Any]) -> None:
    client = connect()
    for _ in range(int(BURST) * 3):
        client.list_instances()


def test_without_retries_the_caller_sees_throttling_per_account_and_operation(
        spawn: Callable[..., Server]) -> None:
    server = spawn("--throttle")
    once = client(server, ACCOUNT, {"max_attempts": 1, "mode": "standard"})
    statuses = []
    # Call until the bucket runs dry (bounded): a pause on a loaded machine refills a few tokens, and a fixed
    # number of calls made this test fail now and then in the full suite.
    while 429 not in statuses and len(statuses) < int(BURST) * 20:
        try:
            once.list_instances()
            statuses.append(200)
        except ClientError as exc:
            assert exc.response["Error"]["Code"] == "ThrottlingException"
            statuses.append(exc.response["ResponseMetadata"]["HTTPStatusCode"])
    # A burst passes, then the bucket (2 per second) runs dry whatever refill a slow machine lets in.
    assert statuses[: int(BURST)] == [200] * int(BURST)
    assert 429 in statuses
    # Another operation, another account and another Region each have their own bucket.
    with pytest.raises(ClientError) as info:
        once.describe_instance(InstanceId="00000000-0000-0000-0000-000000000000")
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"
    client(server, OTHER_ACCOUNT, {"max_attempts": 1, "mode": "standard"}).list_instances()
    client(server, ACCOUNT, {"max_attempts": 1, "mode": "standard"}, region="us-west-2").list_instances()


def test_standard_retries_eventually_succeed(spawn: Callable[..., Server]) -> None:
    server = spawn("--throttle")
    patient = client(server, ACCOUNT, {"max_attempts": 10, "mode": "standard"})
    calls = int(BURST) + 4
    for _ in range(calls):
        assert patient.list_instances()["InstanceSummaryList"] == []


def test_slow_operations_have_their_published_rate(spawn: Callable[..., Server]) -> None:
    assert RATES["CreateInstance"] == 0.1
    server = spawn("--throttle")
    once = client(server, ACCOUNT, {"max_attempts": 1, "mode": "standard"})
    codes = []
    for n in range(int(BURST) + 1):
        try:
            once.create_instance(IdentityManagementType="SAML", InstanceAlias=f"throttled-{n}",
                                 InboundCallsEnabled=True, OutboundCallsEnabled=True)
            codes.append("ok")
        except ClientError as exc:
            codes.append(exc.response["Error"]["Code"])
    # At 0.1 per second no token comes back during the loop; whatever the quota says, the last is throttled.
    assert codes[-1] == "ThrottlingException"
    assert "ThrottlingException" not in codes[:2]
