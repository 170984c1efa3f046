"""`serve --request-log`: one JSON line per request, and never a secret or a signature."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from conftest import Server, wait_for

SECRET = "log-test-secret-6e1f2a9c"
KEY = "123456789012"


def read_log(path: Path, count: int) -> list[dict[str, Any]]:
    def enough() -> str | None:
        text = path.read_text() if path.exists() else ""
        return text if text.count("\n") >= count else None

    return [json.loads(line) for line in wait_for(enough).splitlines()]


def test_request_log_records_each_request_without_secrets(spawn: Callable[..., Server], tmp_path: Path) -> None:
    log_path = tmp_path / "requests.jsonl"
    credentials = tmp_path / "credentials"
    credentials.write_text(f"[p]\naws_access_key_id = {KEY}\naws_secret_access_key = {SECRET}\n")
    server = spawn("--auth", "strict", "--credentials", str(credentials), "--request-log", str(log_path))
    signatures: list[str] = []

    def client(secret: str) -> Any:
        made = boto3.client("connect", endpoint_url=server.endpoint, region_name="eu-west-2",
                            aws_access_key_id=KEY, aws_secret_access_key=secret,
                            config=Config(retries={"max_attempts": 1}))
        made.meta.events.register("before-send", lambda request, **_: signatures.append(
            request.headers["Authorization"].decode().rsplit("Signature=", 1)[1]))
        return made

    good = client(SECRET)
    good.list_instances()
    with pytest.raises(ClientError):
        good.describe_instance(InstanceId="00000000-0000-0000-0000-000000000000")
    with pytest.raises(ClientError):
        client(SECRET + "-wrong").list_instances()
    entries = read_log(log_path, 4)  # the health probe that waited for start-up, then three calls
    calls = [e for e in entries if e["operation"] != "GET /_connect-local/health"]
    assert [(e["operation"], e["status"], e["errorCode"]) for e in calls] == [
        ("ListInstances", 200, None),
        ("DescribeInstance", 404, "ResourceNotFoundException"),
        (None, 403, "InvalidSignatureException"),
    ]
    assert all(e["account"] == KEY and e["region"] == "eu-west-2" for e in calls[:2])
    assert all(isinstance(e["latencyMs"], float) and e["latencyMs"] >= 0 and e["requestId"] for e in calls)
    text = log_path.read_text()
    assert len(signatures) == 3
    for secret in (SECRET, *signatures):
        assert secret not in text


def test_request_log_to_stderr(spawn: Callable[..., Server]) -> None:
    server = spawn("--request-log", "-")
    server.client().list_instances()
    lines = wait_for(lambda: [line for line in Path(server.log_path).read_text().splitlines()
                              if '"ListInstances"' in line])
    assert json.loads(lines[0])["status"] == 200
