"""The AWS CLI (v1, as a subprocess) against the live server: JSON output and exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from typing import Any

import pytest
from conftest import ACCOUNT, Server

AWS = shutil.which("aws") or os.path.join(os.path.dirname(sys.executable), "aws")


def aws(server: Server, *args: str, region: str = "us-east-1") -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "AWS_ACCESS_KEY_ID": ACCOUNT,
        "AWS_SECRET_ACCESS_KEY": "x",
        "AWS_DEFAULT_REGION": region,
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        "AWS_MAX_ATTEMPTS": "1",
        "AWS_PAGER": "",
    }
    env.pop("AWS_PROFILE", None)
    env.pop("AWS_SESSION_TOKEN", None)
    return subprocess.run([AWS, "connect", *args, "--endpoint-url", server.endpoint, "--output", "json"],
                          env=env, check=False, capture_output=True, text=True, timeout=60)


def ok(result: subprocess.CompletedProcess[str]) -> Any:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout) if result.stdout.strip() else None


@pytest.mark.skipif(not os.path.exists(AWS), reason="the AWS CLI is not installed")
def test_instance_and_tags_with_the_aws_cli(server: Server) -> None:
    created = ok(aws(server, "create-instance", "--identity-management-type", "CONNECT_MANAGED",
                     "--instance-alias", "cli-alias", "--inbound-calls-enabled", "--no-outbound-calls-enabled",
                     "--tags", "team=voice"))
    assert set(created) == {"Id", "Arn"}
    assert created["Arn"].endswith(f":{ACCOUNT}:instance/{created['Id']}")

    described = ok(aws(server, "describe-instance", "--instance-id", created["Id"]))["Instance"]
    assert described["InstanceAlias"] == "cli-alias"
    assert described["InboundCallsEnabled"] is True and described["OutboundCallsEnabled"] is False
    assert described["InstanceStatus"] == "ACTIVE"  # the shared server runs with --delay 0
    # CLI v1 prints timestamps as they came over the wire (cli_timestamp_format "none"): epoch seconds
    assert abs(described["CreatedTime"] - time.time()) < 120

    listed = ok(aws(server, "list-instances"))["InstanceSummaryList"]
    assert [i["Id"] for i in listed] == [created["Id"]]

    assert ok(aws(server, "tag-resource", "--resource-arn", created["Arn"], "--tags", "env=prod,owner=ops")) is None
    tags = ok(aws(server, "list-tags-for-resource", "--resource-arn", created["Arn"]))["tags"]
    assert tags == {"team": "voice", "env": "prod", "owner": "ops"}

    assert ok(aws(server, "delete-instance", "--instance-id", created["Id"])) is None
    assert ok(aws(server, "list-instances"))["InstanceSummaryList"] == []

    missing = aws(server, "describe-instance", "--instance-id", created["Id"])
    assert missing.returncode in (254, 255)
    assert "ResourceNotFoundException" in missing.stderr


@pytest.mark.skipif(not os.path.exists(AWS), reason="the AWS CLI is not installed")
def test_aws_cli_reports_service_errors(server: Server) -> None:
    first = aws(server, "create-instance", "--identity-management-type", "SAML", "--instance-alias", "cli-dup",
                "--inbound-calls-enabled", "--outbound-calls-enabled")
    ok(first)
    duplicate = aws(server, "create-instance", "--identity-management-type", "SAML", "--instance-alias", "cli-dup",
                    "--inbound-calls-enabled", "--outbound-calls-enabled", region="us-west-2")
    assert duplicate.returncode in (254, 255)
    assert "InvalidRequestException" in duplicate.stderr
    assert "Instance alias is already used" in duplicate.stderr
    too_many = aws(server, "list-instances", "--max-results", "50")
    assert too_many.returncode in (254, 255)
    assert "InvalidRequestException" in too_many.stderr
