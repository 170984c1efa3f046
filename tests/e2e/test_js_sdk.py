"""The AWS SDK for JavaScript v3 (@aws-sdk/client-connect, pinned in tests/js) against the live server, unchanged.

tests/js/smoke.mjs does the calls and checks what it can see from inside the SDK (parsed Dates, error classes,
$metadata, the percent-encoded ARN in the path); this test installs the pinned SDK and checks the summary it prints.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import ACCOUNT, Server

JS_DIR = Path(__file__).resolve().parents[1] / "js"
NODE = shutil.which("node")
NPM = shutil.which("npm")
NPM_TIMEOUT = 300  # a cold npm cache downloads the SDK from the registry
NODE_TIMEOUT = 60
ALIAS = "js-sdk-smoke"

pytestmark = pytest.mark.skipif(NODE is None or NPM is None, reason="node and npm are not both on PATH")


def js_env() -> dict[str, str]:
    """The caller's environment without AWS settings, so only what smoke.mjs passes reaches the SDK."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("AWS_")}
    env.update(AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull,
               npm_config_update_notifier="false")
    return env


@pytest.fixture(scope="session")
def js_sdk() -> Path:
    """`npm ci` of tests/js (exactly the locked versions) into tests/js/node_modules, once per session."""
    assert NPM is not None
    try:
        result = subprocess.run([NPM, "ci", "--no-audit", "--no-fund", "--prefix", str(JS_DIR)],
                                env=js_env(), check=False, capture_output=True, text=True, timeout=NPM_TIMEOUT)
    except subprocess.TimeoutExpired as expired:
        stderr = expired.stderr.decode(errors="replace") if isinstance(expired.stderr, bytes) else expired.stderr
        pytest.fail(f"npm ci did not finish in {NPM_TIMEOUT} s:\n{stderr or ''}")
    assert result.returncode == 0, f"npm ci failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    return JS_DIR


def run_smoke(js_dir: Path, server: Server) -> subprocess.CompletedProcess[str]:
    assert NODE is not None
    return subprocess.run([NODE, str(js_dir / "smoke.mjs"), server.endpoint, ALIAS], cwd=js_dir, env=js_env(),
                          check=False, capture_output=True, text=True, timeout=NODE_TIMEOUT)


@pytest.mark.slow
@pytest.mark.timeout(NPM_TIMEOUT + NODE_TIMEOUT + 60)  # the session's npm ci runs inside this test's setup
def test_the_javascript_sdk_works_unchanged(js_sdk: Path, server: Server) -> None:
    locked = json.loads((js_sdk / "package.json").read_text())["dependencies"]["@aws-sdk/client-connect"]

    result = run_smoke(js_sdk, server)

    assert result.returncode == 0, f"smoke.mjs exited {result.returncode}:\n{result.stderr}\n{result.stdout}"
    summary: dict[str, Any] = json.loads(result.stdout)
    assert summary["sdk"]["version"] == locked

    instance = summary["instance"]
    assert instance["status"] == "ACTIVE" and instance["alias"] == ALIAS
    assert instance["arn"] == f"arn:aws:connect:us-east-1:{ACCOUNT}:instance/{instance['id']}"
    assert instance["createdTimeIsDate"] is True
    assert summary["listInstances"]["pageCount"] == 2  # pageSize 1, two instances: NextToken round-tripped
    assert summary["listInstances"]["pages"][0] == [instance["id"]]
    assert summary["tags"] == {"env": "smoke", "owner": "js-sdk"}

    not_found = summary["errors"]["notFound"]
    assert (not_found["name"], not_found["httpStatusCode"]) == ("ResourceNotFoundException", 404)
    assert not_found["requestId"]
    invalid = summary["errors"]["invalidAlias"]
    assert (invalid["name"], invalid["httpStatusCode"]) == ("InvalidRequestException", 400)

    number = summary["phoneNumber"]
    assert number["status"] == "CLAIMED" and number["targetArn"] == instance["arn"]
    assert (number["byArnStatus"], number["byArnId"]) == ("CLAIMED", number["id"])
    assert number["byArnPath"] == "/phone-number/" + number["arn"].replace(":", "%3A").replace("/", "%2F")

    assert summary["contactFlow"]["id"] and summary["contactFlow"]["listedCount"] > 0

    # What the SDK reported is what the server holds.
    client = server.client()
    assert client.describe_instance(InstanceId=instance["id"])["Instance"]["InstanceStatus"] == "ACTIVE"
    described = client.describe_phone_number(PhoneNumberId=number["id"])["ClaimedPhoneNumberSummary"]
    assert (described["PhoneNumber"], described["PhoneNumberStatus"]["Status"]) == (number["number"], "CLAIMED")
    assert client.list_tags_for_resource(resourceArn=instance["arn"])["tags"] == summary["tags"]
