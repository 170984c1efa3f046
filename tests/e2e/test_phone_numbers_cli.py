"""The AWS CLI (v1) drives the phone-number operations against a live server."""

import json
import os
import subprocess
import sys

import pytest
from conftest import ACCOUNT, make_instance


def aws(server, *args, region="us-east-1"):
    env = {**os.environ, "AWS_ACCESS_KEY_ID": ACCOUNT, "AWS_SECRET_ACCESS_KEY": "test-secret",
           "AWS_DEFAULT_REGION": region, "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
           "AWS_MAX_ATTEMPTS": "1"}
    command = [sys.executable, "-m", "awscli", "connect", *args, "--endpoint-url", server.endpoint,
               "--output", "json"]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=False)


def ok(result):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout) if result.stdout.strip() else {}


@pytest.fixture
def instance(connect):
    return make_instance(connect(), "numbers-cli")


def test_cli_search_claim_describe_list_update_release(connect, server, instance):
    found = ok(aws(server, "search-available-phone-numbers", "--instance-id", instance["Id"],
                   "--phone-number-country-code", "US", "--phone-number-type", "TOLL_FREE",
                   "--phone-number-prefix", "+1833", "--max-results", "2"))["AvailableNumbersList"]
    assert len(found) == 2 and all(n["PhoneNumber"].startswith("+1833") for n in found)
    e164 = found[0]["PhoneNumber"]
    claimed = ok(aws(server, "claim-phone-number", "--target-arn", instance["Arn"], "--phone-number", e164,
                     "--phone-number-description", "from the CLI", "--tags", "team=cli"))
    described = ok(aws(server, "describe-phone-number", "--phone-number-id", claimed["PhoneNumberId"]))
    summary = described["ClaimedPhoneNumberSummary"]
    assert (summary["PhoneNumber"], summary["PhoneNumberStatus"]["Status"], summary["Tags"]) == \
        (e164, "CLAIMED", {"team": "cli"})
    listed = ok(aws(server, "list-phone-numbers-v2", "--instance-id", instance["Id"],
                    "--phone-number-types", "TOLL_FREE"))["ListPhoneNumbersSummaryList"]
    assert [n["PhoneNumberArn"] for n in listed] == [claimed["PhoneNumberArn"]]
    # An ARN in the path label: the CLI percent-encodes it.
    ok(aws(server, "update-phone-number-metadata", "--phone-number-id", claimed["PhoneNumberArn"],
           "--phone-number-description", "renamed"))
    assert connect().describe_phone_number(PhoneNumberId=claimed["PhoneNumberId"])[
        "ClaimedPhoneNumberSummary"]["PhoneNumberDescription"] == "renamed"
    ok(aws(server, "release-phone-number", "--phone-number-id", claimed["PhoneNumberId"]))
    gone = aws(server, "describe-phone-number", "--phone-number-id", claimed["PhoneNumberId"])
    assert gone.returncode != 0 and "ResourceNotFoundException" in gone.stderr


def test_cli_reports_the_unavailable_number_error(connect, server, instance):
    client = connect()
    [e164] = [n["PhoneNumber"] for n in client.search_available_phone_numbers(
        InstanceId=instance["Id"], PhoneNumberCountryCode="US", PhoneNumberType="DID",
        MaxResults=1)["AvailableNumbersList"]]
    client.claim_phone_number(InstanceId=instance["Id"], PhoneNumber=e164)
    again = aws(server, "claim-phone-number", "--instance-id", instance["Id"], "--phone-number", e164)
    assert again.returncode != 0
    assert "InvalidParameterException" in again.stderr and f"Phone number not available: {e164}" in again.stderr
