"""`serve --auth strict`: only holders of configured keys get in, each in their own account; the control plane
needs the admin token."""

from __future__ import annotations

import datetime
import http.client
import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import urlsplit

import boto3
import botocore
import pytest
from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError
from conftest import Server, make_instance, serve_and_exit, start_server

ALICE = ("111122223333", "alice-secret-3f9a")
BOB = ("AKIDBOBEXAMPLE", "bob-secret-77c1")  # not 12 digits: the file names his account
BOB_ACCOUNT = "444455556666"
ADMIN_TOKEN = "admin-token-5b2e9d"
CREDENTIALS = f"""\
[alice]
aws_access_key_id = {ALICE[0]}
aws_secret_access_key = {ALICE[1]}

[bob]
aws_access_key_id = {BOB[0]}
aws_secret_access_key = {BOB[1]}
account = {BOB_ACCOUNT}
"""


@pytest.fixture(scope="module")
def strict_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One strict server for the module (starting one per test would dominate the run time)."""
    where = tmp_path_factory.mktemp("strict")
    (where / "credentials").write_text(CREDENTIALS)
    server = start_server(where, "--auth", "strict", "--credentials", str(where / "credentials"),
                          env={"CONNECT_LOCAL_ADMIN_TOKEN": ADMIN_TOKEN})
    yield server
    server.stop()


@pytest.fixture
def strict(strict_server: Server) -> Server:
    assert control(strict_server, "POST", "reset", {"Authorization": f"Bearer {ADMIN_TOKEN}"}) == 200
    return strict_server


def client(server: Server, key: str, secret: str, **config: Any) -> Any:
    return boto3.client("connect", endpoint_url=server.endpoint, region_name="us-east-1",
                        aws_access_key_id=key, aws_secret_access_key=secret,
                        config=Config(retries={"max_attempts": 1, "mode": "standard"}, **config))


def error_of(call: Callable[[], Any]) -> tuple[str, int, str]:
    with pytest.raises(ClientError) as info:
        call()
    response = info.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]["Message"]


def signed_at(moment: datetime.datetime) -> Any:
    """Make botocore sign as if its clock read `moment`."""
    return mock.patch("botocore.auth.get_current_datetime", return_value=moment)


def test_each_key_holder_works_in_the_account_the_file_gives(strict: Server) -> None:
    alice = client(strict, *ALICE)
    bob = client(strict, *BOB)
    instance = make_instance(alice, "alice-center")
    assert f":{ALICE[0]}:instance/" in instance["Arn"]
    bobs = make_instance(bob, "bob-center")
    assert f":{BOB_ACCOUNT}:instance/" in bobs["Arn"]
    assert [i["Id"] for i in alice.list_instances()["InstanceSummaryList"]] == [instance["Id"]]
    assert [i["Id"] for i in bob.list_instances()["InstanceSummaryList"]] == [bobs["Id"]]


def test_unknown_key_is_unrecognized(strict: Server) -> None:
    code, status, _ = error_of(client(strict, "999988887777", "whatever").list_instances)
    assert (code, status) == ("UnrecognizedClientException", 403)


def test_wrong_secret_is_an_invalid_signature(strict: Server) -> None:
    alice = client(strict, ALICE[0], "not-alice-secret")
    code, status, _ = error_of(lambda: alice.create_instance(IdentityManagementType="SAML", InstanceAlias="x1",
                                                             InboundCallsEnabled=True, OutboundCallsEnabled=True))
    assert (code, status) == ("InvalidSignatureException", 403)
    assert client(strict, *ALICE).list_instances()["InstanceSummaryList"] == []


def test_unsigned_request_is_missing_a_token(strict: Server) -> None:
    anonymous = client(strict, *ALICE, signature_version=botocore.UNSIGNED)
    code, status, _ = error_of(anonymous.list_instances)
    assert (code, status) == ("MissingAuthenticationTokenException", 403)


@pytest.mark.parametrize(("offset", "accepted"), [(-330, False), (330, False), (-240, True), (240, True)])
def test_signatures_are_valid_for_five_minutes_either_way(strict: Server, offset: int, accepted: bool) -> None:
    alice = client(strict, *ALICE)
    moment = datetime.datetime.now(datetime.UTC).replace(tzinfo=None) + datetime.timedelta(seconds=offset)
    with signed_at(moment):
        if accepted:
            assert alice.list_instances()["InstanceSummaryList"] == []
            return
        code, status, message = error_of(alice.list_instances)
    assert (code, status) == ("InvalidSignatureException", 403)
    assert message.startswith("Signature expired" if offset < 0 else "Signature not yet current")


def raw_send(server: Server, method: str, target: str, headers: dict[str, str], body: bytes = b"") -> Any:
    parts = urlsplit(server.endpoint)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request(method, target, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def signed_headers(server: Server, method: str, target: str, secret: str = ALICE[1]) -> dict[str, str]:
    request = AWSRequest(method=method, url=server.endpoint + target)
    SigV4Auth(Credentials(ALICE[0], secret), "connect", "us-east-1").add_auth(request)
    return dict(request.headers.items())


def test_credential_scope_date_must_match_the_signing_date(strict: Server) -> None:
    headers = signed_headers(strict, "GET", "/instance")
    scope_date = re.search(r"Credential=[^/]+/(\d{8})/", headers["Authorization"]).group(1)  # type: ignore[union-attr]
    other_day = (datetime.datetime.strptime(scope_date, "%Y%m%d") - datetime.timedelta(days=1)).strftime("%Y%m%d")
    headers["Authorization"] = headers["Authorization"].replace(f"/{scope_date}/", f"/{other_day}/")
    status, response_headers, body = raw_send(strict, "GET", "/instance", headers)
    assert (status, response_headers["x-amzn-ErrorType"]) == (403, "InvalidSignatureException")
    assert "Date in Credential scope does not match" in json.loads(body)["Message"]


def presigned_url(server: Server, secret: str) -> str:
    request = AWSRequest(method="GET", url=server.endpoint + "/instance?maxResults=5")
    SigV4QueryAuth(Credentials(ALICE[0], secret), "connect", "us-east-1", expires=60).add_auth(request)
    return str(request.url)


def test_presigned_urls_verify_and_tampered_ones_do_not(strict: Server) -> None:
    make_instance(client(strict, *ALICE), "presigned")
    with urllib.request.urlopen(presigned_url(strict, ALICE[1]), timeout=10) as response:
        listed = json.loads(response.read())["InstanceSummaryList"]
    assert [i["InstanceAlias"] for i in listed] == ["presigned"]
    for url in (presigned_url(strict, "wrong-secret"), presigned_url(strict, ALICE[1]).replace("maxResults=5",
                                                                                               "maxResults=6")):
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(url, timeout=10)
        info.value.close()
        assert (info.value.code, info.value.headers["x-amzn-ErrorType"]) == (403, "InvalidSignatureException")


def control(server: Server, method: str, name: str, headers: dict[str, str] | None = None) -> int:
    status, _, _ = raw_send(server, method, f"/_connect-local/{name}", headers or {}, b"" if method == "GET" else b"{}")
    return int(status)


def test_control_plane_needs_the_admin_token_not_tenant_keys(strict: Server) -> None:
    alice = client(strict, *ALICE)
    make_instance(alice, "survives")
    assert control(strict, "POST", "reset") == 403
    assert control(strict, "POST", "reset", signed_headers(strict, "POST", "/_connect-local/reset")) == 403
    assert control(strict, "POST", "reset", {"Authorization": "Bearer not-the-token"}) == 403
    assert control(strict, "POST", "clock", {"Authorization": f"Bearer {ADMIN_TOKEN}x"}) == 403
    assert len(alice.list_instances()["InstanceSummaryList"]) == 1
    assert control(strict, "GET", "health") == 200  # liveness probes carry no credentials
    assert control(strict, "POST", "reset", {"Authorization": f"Bearer {ADMIN_TOKEN}"}) == 200
    assert alice.list_instances()["InstanceSummaryList"] == []


def test_without_an_admin_token_the_control_plane_is_closed(spawn: Callable[..., Server], tmp_path: Path) -> None:
    path = tmp_path / "credentials"
    path.write_text(CREDENTIALS)
    server = spawn("--auth", "strict", "--credentials", str(path), env={"CONNECT_LOCAL_ADMIN_TOKEN": ""})
    assert control(server, "POST", "reset", {"Authorization": "Bearer "}) == 403
    assert control(server, "GET", "clock") == 403


def test_strict_mode_refuses_to_start_without_usable_credentials(tmp_path: Path) -> None:
    missing = serve_and_exit("--auth", "strict")
    assert missing.returncode == 2 and "needs --credentials" in missing.stderr
    bad = tmp_path / "bad"
    bad.write_text(f"[p]\naws_access_key_id = AK\naws_secret_access_key = {ALICE[1]}\naccount = 12\n")
    malformed = serve_and_exit("--auth", "strict", "--credentials", str(bad))
    assert malformed.returncode == 2 and "not a 12-digit" in malformed.stderr
    assert ALICE[1] not in malformed.stderr + malformed.stdout


def test_permissive_is_the_default_and_accepts_any_secret(connect: Callable[..., Any], server: Server) -> None:
    anyone = boto3.client("connect", endpoint_url=server.endpoint, region_name="us-east-1",
                          aws_access_key_id="555566667777", aws_secret_access_key="any-secret-at-all")
    assert anyone.list_instances()["InstanceSummaryList"] == []
    assert control(server, "POST", "reset") == 200
