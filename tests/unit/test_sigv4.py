"""botocore is the oracle: requests it signs must verify, and any tampering must not."""

from __future__ import annotations

import calendar
import dataclasses
import datetime
import hashlib
import os
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import quote, urlsplit

import botocore.session  # type: ignore[import-untyped]
import pytest
from botocore.auth import SigV4Auth, SigV4QueryAuth  # type: ignore[import-untyped]
from botocore.awsrequest import AWSPreparedRequest, AWSRequest  # type: ignore[import-untyped]
from botocore.config import Config  # type: ignore[import-untyped]
from botocore.credentials import Credentials  # type: ignore[import-untyped]
from botocore.utils import percent_encode_sequence  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st

from connect_local.auth.credentials import Credential
from connect_local.auth.identity import identify
from connect_local.auth.sigv4 import SignedRequest, VerifiedIdentity, verify
from connect_local.errors import UnmodelledError

AK = "111122223333"
SK = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
CRED = Credential(AK, SK, AK)
SIGNED_AT = datetime.datetime(2026, 12, 4, 10, 30, 0)
NOW = float(calendar.timegm(SIGNED_AT.timetuple()))
ENDPOINT = "http://localhost:4566"
PHONE_ARN = "arn:aws:connect:us-east-1:111122223333:phone-number/7f3c1a2e-0b4d-4e8f-9a6b-1c2d3e4f5a6b"
ENCODED_ARN = quote(PHONE_ARN, safe="-_.~")
INSTANCE = "a1b2c3d4-0000-1111-2222-333344445555"
FLOW = "f0e1d2c3-aaaa-bbbb-cccc-ddddeeeeffff"
BAD_SIGNATURE = (
    "The request signature we calculated does not match the signature you provided. Check your AWS "
    "Secret Access Key and signing method. Consult the service documentation for details."
)


def lookup(access_key: str) -> Credential | None:
    return CRED if access_key == AK else None


def as_received(prepared: AWSPreparedRequest) -> SignedRequest:
    """What an ASGI server hands over for this request: raw path and query, lower-case header names, Host."""
    parts = urlsplit(prepared.url)
    headers = [
        (name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in prepared.headers.items()
    ]
    if not any(name == b"host" for name, _ in headers):
        headers.append((b"host", parts.netloc.encode("ascii")))
    body = prepared.body or b""
    if isinstance(body, str):
        body = body.encode("utf-8")
    return SignedRequest(
        prepared.method, parts.path.encode("ascii"), parts.query.encode("ascii"), headers, body
    )


def sign(
    method: str,
    target: str,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    *,
    at: datetime.datetime = SIGNED_AT,
    secret: str = SK,
    token: str | None = None,
    service: str = "connect",
    region: str = "us-west-2",
    endpoint: str = ENDPOINT,
    presign_expires: int | None = None,
    context: dict[str, Any] | None = None,
) -> SignedRequest:
    request = AWSRequest(method=method, url=endpoint + target, data=body, headers=headers or {})
    request.context.update(context or {})
    credentials = Credentials(AK, secret, token)
    signer: SigV4Auth = (
        SigV4Auth(credentials, service, region)
        if presign_expires is None
        else SigV4QueryAuth(credentials, service, region, expires=presign_expires)
    )
    with mock.patch("botocore.auth.get_current_datetime", return_value=at):
        signer.add_auth(request)
    return as_received(request.prepare())


def rejected(request: SignedRequest, now: float = NOW, **kwargs: Any) -> UnmodelledError:
    with pytest.raises(UnmodelledError) as info:
        verify(request, lookup, now, **kwargs)
    return info.value


def replace_header(request: SignedRequest, name: bytes, value: bytes) -> SignedRequest:
    headers = [(n, value if n == name else v) for n, v in request.headers]
    return dataclasses.replace(request, headers=headers)


JSON_BODY = b'{"Name":"flow","Content":"{\\"Version\\":\\"2019-10-30\\"}","Type":"CONTACT_FLOW"}'

ACCEPTED = [
    ("GET", f"/phone-number/{ENCODED_ARN}", b""),
    ("POST", f"/contact-flows/{INSTANCE}/{FLOW}%3A%24SAVED/content", JSON_BODY),
    ("GET", "/phone-number/list?phoneNumberTypes=TOLL_FREE&phoneNumberTypes=DID&maxResults=10", b""),
    ("DELETE", f"/tags/{ENCODED_ARN}?tagKeys=b&tagKeys=a&tagKeys=a%20b", b""),
    ("DELETE", f"/instance/{INSTANCE}?clientToken=5e4c%2F%2B%3D", b""),
    ("PUT", "/phone-number/claim", b"{}"),
    ("POST", "/instance//x/./y/../z/", b"{}"),  # botocore signs the dot-segment-free, single-slash path
    ("GET", "/", b""),
]


@pytest.mark.parametrize(("method", "target", "body"), ACCEPTED)
def test_botocore_signed_requests_verify(method: str, target: str, body: bytes) -> None:
    request = sign(method, target, body, {"Content-Type": "application/json"} if body else None)
    assert verify(request, lookup, NOW) == VerifiedIdentity(AK, AK, "us-west-2", "connect")


def test_identity_carries_the_account_from_the_credential_file() -> None:
    request = sign("GET", "/phone-number/list", region="eu-west-2")
    identity = verify(request, lambda key: Credential(key, SK, "999988887777"), NOW)
    assert (identity.account, identity.region) == ("999988887777", "eu-west-2")


POST_TARGET = f"/contact-flows/{INSTANCE}/{FLOW}%3A%24SAVED/content?tagKeys=x"


def signed_post() -> SignedRequest:
    return sign("POST", POST_TARGET, JSON_BODY, {"Content-Type": "application/json", "X-Amz-Target": "a  b"})


TAMPERINGS: dict[str, Callable[[SignedRequest], SignedRequest]] = {
    "method": lambda r: dataclasses.replace(r, method="PUT"),
    "path segment": lambda r: dataclasses.replace(r, raw_path=r.raw_path.replace(b"%24SAVED", b"%24LATEST")),
    "path encoding": lambda r: dataclasses.replace(r, raw_path=r.raw_path.replace(b"%3A", b":")),
    "query value": lambda r: dataclasses.replace(r, query_string=b"tagKeys=y"),
    "query added": lambda r: dataclasses.replace(r, query_string=r.query_string + b"&tagKeys=z"),
    "signed header": lambda r: replace_header(r, b"content-type", b"text/plain"),
    "host": lambda r: replace_header(r, b"host", b"localhost:4567"),
    "body": lambda r: dataclasses.replace(r, body=r.body.replace(b"flow", b"flaw")),
    "body emptied": lambda r: dataclasses.replace(r, body=b""),
    "region in scope": lambda r: replace_header(
        r, b"authorization", dict(r.headers)[b"authorization"].replace(b"us-west-2", b"us-east-1")
    ),
    "signature": lambda r: replace_header(
        r, b"authorization", dict(r.headers)[b"authorization"][:-4] + b"0000"
    ),
}


def test_untampered_post_verifies() -> None:
    assert verify(signed_post(), lookup, NOW).access_key == AK


@pytest.mark.parametrize("tamper", list(TAMPERINGS.values()), ids=list(TAMPERINGS))
def test_any_tampering_fails_the_signature(tamper: Callable[[SignedRequest], SignedRequest]) -> None:
    error = rejected(tamper(signed_post()))
    assert (error.code, error.status, error.message) == ("InvalidSignatureException", 403, BAD_SIGNATURE)


def test_wrong_secret_fails_the_signature() -> None:
    error = rejected(sign("POST", POST_TARGET, JSON_BODY, secret="not-the-secret"))
    assert (error.code, error.message) == ("InvalidSignatureException", BAD_SIGNATURE)


def test_unknown_access_key_is_unrecognized() -> None:
    request = signed_post()
    with pytest.raises(UnmodelledError) as info:
        verify(request, lambda key: None, NOW)
    assert (info.value.code, info.value.status, info.value.message) == (
        "UnrecognizedClientException",
        403,
        "The security token included in the request is invalid.",
    )


def test_unsigned_extra_headers_do_not_matter() -> None:
    request = signed_post()
    request = dataclasses.replace(request, headers=[*request.headers, (b"user-agent", b"changed-by-a-proxy")])
    assert verify(request, lookup, NOW).access_key == AK


def test_clock_skew_window_is_inclusive_and_worded_like_aws() -> None:
    request = signed_post()
    assert verify(request, lookup, NOW + 300)
    assert verify(request, lookup, NOW - 300)

    late = rejected(request, NOW + 301)
    assert (late.code, late.status) == ("InvalidSignatureException", 403)
    assert late.message == (
        "Signature expired: 20261204T103000Z is now earlier than 20261204T103001Z (20261204T103501Z - 5 min.)"
    )
    early = rejected(request, NOW - 301)
    assert (early.code, early.status) == ("InvalidSignatureException", 403)
    assert early.message == (
        "Signature not yet current: 20261204T103000Z is still later than 20261204T102959Z "
        "(20261204T102459Z + 5 min.)"
    )


def test_max_skew_is_configurable() -> None:
    request = signed_post()
    assert verify(request, lookup, NOW + 900, max_skew=900)
    assert "- 15 min." in rejected(request, NOW + 901, max_skew=900).message


def test_missing_authentication() -> None:
    request = dataclasses.replace(
        signed_post(), headers=[(n, v) for n, v in signed_post().headers if n != b"authorization"]
    )
    error = rejected(request)
    assert (error.code, error.status, error.message) == (
        "MissingAuthenticationTokenException",
        403,
        "Missing Authentication Token",
    )


SCOPE = b"111122223333/20261204/us-west-2/connect/aws4_request"
CRED_PART = b"AWS4-HMAC-SHA256 Credential=" + SCOPE


@pytest.mark.parametrize(
    ("authorization", "message"),
    [
        (
            b"Bearer eyJhbGciOi",
            (
                "Authorization header requires 'Credential' parameter. Authorization header requires "
                "'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. "
                "Authorization=Bearer eyJhbGciOi"
            ),
        ),
        (
            CRED_PART + b", SignedHeaders=host;x-amz-date",
            "Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256 "
            + CRED_PART.decode()[len("AWS4-HMAC-SHA256 ") :]
            + ", SignedHeaders=host;x-amz-date",
        ),
        (
            b"AWS4-HMAC-SHA256 Credential= " + SCOPE + b", SignedHeaders=host, Signature=abc",
            (
                f"'{SCOPE.decode()}' not a valid key=value pair (missing equal-sign) in Authorization header: "
                f"'AWS4-HMAC-SHA256 Credential= {SCOPE.decode()}, SignedHeaders=host, Signature=abc'."
            ),
        ),
        (
            b"AWS4-HMAC-SHA256 Credential=111122223333/20261204/us-west-2/connect, SignedHeaders=host, Signature=a",
            (
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, "
                "got '111122223333/20261204/us-west-2/connect'"
            ),
        ),
        (
            CRED_PART + b", SignedHeaders=content-type;x-amz-date, Signature=abc",
            "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
        ),
    ],
)
def test_malformed_authorization_is_incomplete(authorization: bytes, message: str) -> None:
    error = rejected(replace_header(signed_post(), b"authorization", authorization))
    assert (error.code, error.status, error.message) == ("IncompleteSignatureException", 400, message)


def test_missing_date_is_incomplete() -> None:
    request = signed_post()
    request = dataclasses.replace(request, headers=[(n, v) for n, v in request.headers if n != b"x-amz-date"])
    error = rejected(request)
    assert error.code == "IncompleteSignatureException"
    assert error.message.startswith(
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization="
    )


def test_malformed_date_is_incomplete() -> None:
    error = rejected(replace_header(signed_post(), b"x-amz-date", b"2026-12-04T10:30:00Z"))
    assert error.code == "IncompleteSignatureException"
    assert error.message.startswith("Date must be in ISO-8601 'basic format'. Got '2026-12-04T10:30:00Z'.")


def test_scope_date_must_match_request_date() -> None:
    # Same instant on the wire, but the scope claims the day before: AWS refuses before checking the HMAC.
    request = signed_post()
    auth = dict(request.headers)[b"authorization"].replace(b"/20261204/", b"/20261203/")
    error = rejected(replace_header(request, b"authorization", auth))
    assert (error.code, error.status, error.message) == (
        "InvalidSignatureException",
        403,
        (
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
            "'20261203' != '20261204', from '20261204T103000Z'."
        ),
    )


def test_scope_must_name_the_service() -> None:
    error = rejected(sign("GET", "/phone-number/list", service="execute-api"))
    assert (error.code, error.message) == (
        "InvalidSignatureException",
        "Credential should be scoped to correct service: 'connect'.",
    )


def test_scope_needs_a_plausible_region() -> None:
    error = rejected(sign("GET", "/phone-number/list", region="US_West"))
    assert (error.code, error.message) == (
        "InvalidSignatureException",
        "Credential should be scoped to a valid region, not 'US_West'.",
    )


def test_session_token_is_signed() -> None:
    request = sign("GET", "/phone-number/list", token="FwoGZXIvYXdzEJr//////////wEaDP")
    assert verify(request, lookup, NOW)
    error = rejected(replace_header(request, b"x-amz-security-token", b"another-token"))
    assert error.message == BAD_SIGNATURE


def test_date_header_instead_of_x_amz_date() -> None:
    request = sign("GET", "/phone-number/list", headers={"Date": "placeholder"})
    assert b"x-amz-date" not in dict(request.headers)
    assert verify(request, lookup, NOW)
    assert rejected(request, NOW + 301).message.startswith("Signature expired: 20261204T103000Z")


def test_unsigned_payload_leaves_the_body_out() -> None:
    request = sign(
        "POST",
        "/phone-number/claim",
        b'{"a":1}',
        endpoint="https://localhost:4566",
        context={"payload_signing_enabled": False},
    )
    assert dict(request.headers)[b"x-amz-content-sha256"] == b"UNSIGNED-PAYLOAD"
    assert verify(dataclasses.replace(request, body=b'{"a":2}'), lookup, NOW)


def test_content_sha256_header_must_match_the_body() -> None:
    body = b'{"a":1}'
    request = sign(
        "POST", "/phone-number/claim", body, {"X-Amz-Content-SHA256": hashlib.sha256(body).hexdigest()}
    )
    assert verify(request, lookup, NOW)
    error = rejected(dataclasses.replace(request, body=b'{"a":2}'))
    assert (error.code, error.status) == ("InvalidSignatureException", 403)
    assert "x-amz-content-sha256" in error.message


# --- presigned URLs ---------------------------------------------------------------------------------------


def presigned(expires: int = 60) -> SignedRequest:
    return sign("GET", f"/phone-number/{ENCODED_ARN}?maxResults=5", presign_expires=expires)


def test_presigned_url_verifies_until_it_expires() -> None:
    request = presigned(60)
    assert b"X-Amz-Signature=" in request.query_string
    assert verify(request, lookup, NOW + 60) == VerifiedIdentity(AK, AK, "us-west-2", "connect")
    error = rejected(request, NOW + 61)
    assert (error.code, error.status, error.message) == (
        "InvalidSignatureException",
        403,
        "Signature expired: 20261204T103000Z is now earlier than 20261204T103001Z (20261204T103101Z - 1 min.)",
    )


def test_presigned_url_from_the_future_is_not_yet_current() -> None:
    assert rejected(presigned(3600), NOW - 301).message.startswith("Signature not yet current:")


@pytest.mark.parametrize(
    "tamper",
    [
        lambda q: q.replace(b"maxResults=5", b"maxResults=6"),
        lambda q: q + b"&nextToken=x",
        lambda q: q.replace(b"X-Amz-Expires=60", b"X-Amz-Expires=600"),
        lambda q: q.replace(b"us-west-2", b"us-east-1"),
    ],
    ids=["operation param", "added param", "lifetime", "region"],
)
def test_presigned_query_tampering_fails(tamper: Callable[[bytes], bytes]) -> None:
    request = presigned(60)
    error = rejected(dataclasses.replace(request, query_string=tamper(request.query_string)))
    assert (error.code, error.message) == ("InvalidSignatureException", BAD_SIGNATURE)


@pytest.mark.parametrize("junk", [b"%C3%A9", b"%FF%FE", b"%00"])
def test_non_ascii_signature_is_a_mismatch_not_a_crash(junk: bytes) -> None:
    request = presigned(60)
    query = request.query_string.split(b"&X-Amz-Signature=")[0] + b"&X-Amz-Signature=" + junk
    assert rejected(dataclasses.replace(request, query_string=query)).message == BAD_SIGNATURE
    header = replace_header(
        signed_post(), b"authorization", CRED_PART + b", SignedHeaders=host, Signature=\xe9"
    )
    assert rejected(header).message == BAD_SIGNATURE


def test_presigned_url_missing_parameters_is_incomplete() -> None:
    request = presigned(60)
    query = b"&".join(p for p in request.query_string.split(b"&") if not p.startswith(b"X-Amz-Date="))
    error = rejected(dataclasses.replace(request, query_string=query))
    assert (error.code, error.status, error.message) == (
        "IncompleteSignatureException",
        400,
        "AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters.",
    )


def test_presigned_lifetime_is_capped_at_a_week() -> None:
    error = rejected(presigned(604801))
    assert error.code == "IncompleteSignatureException"
    assert "less than a week" in error.message


def test_header_and_query_auth_together_is_incomplete() -> None:
    request = presigned(60)
    request = dataclasses.replace(
        request, headers=[*request.headers, (b"authorization", b"AWS4-HMAC-SHA256 x=y")]
    )
    assert rejected(request).code == "IncompleteSignatureException"


# --- permissive mode reads the credential scope without verifying ------------------------------------------


def scope_of(headers: list[tuple[bytes, bytes]], query: bytes) -> tuple[str, str] | None:
    """(access key, Region) as identify reads them from the latin-1 Authorization header and the raw query;
    None when it falls back to the defaults."""
    authorization = next((v.decode("latin-1") for n, v in headers if n == b"authorization"), None)
    identity = identify(authorization, query.decode("latin-1"), "000000000000", "default-region")
    return None if identity.access_key is None else (identity.access_key, identity.region)


def test_scope_from_authorization_header() -> None:
    request = sign("GET", "/phone-number/list", region="ap-southeast-2")
    assert scope_of(list(request.headers), request.query_string) == (AK, "ap-southeast-2")


def test_scope_from_presigned_query() -> None:
    request = presigned(60)
    assert scope_of(list(request.headers), request.query_string) == (AK, "us-west-2")


@pytest.mark.parametrize(
    ("headers", "query"),
    [
        ([], b""),
        ([], b"X-Amz-Credential=AK%2F20261204"),
        ([(b"authorization", b"Bearer token")], b""),
        ([(b"authorization", b"AWS4-HMAC-SHA256 Credential=AK/20261204/us-west-2/connect")], b""),
    ],
)
def test_no_readable_scope(headers: list[tuple[bytes, bytes]], query: bytes) -> None:
    assert scope_of(headers, query) is None


# --- a real client over a real socket ---------------------------------------------------------------------


@pytest.fixture
def capture_server() -> Iterator[tuple[str, list[SignedRequest]]]:
    """A one-request-at-a-time HTTP/1.1 server that records requests exactly as they arrive on the socket."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)  # lets the thread notice `stop`; close() alone does not wake accept()
    received: list[SignedRequest] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(10)
                data = b""
                while b"\r\n\r\n" not in data:
                    data += conn.recv(65536)
                head, _, body = data.partition(b"\r\n\r\n")
                request_line, *header_lines = head.split(b"\r\n")
                method, target, _version = request_line.split(b" ")
                headers = [
                    (name.strip().lower(), value.strip())
                    for name, _, value in (line.partition(b":") for line in header_lines)
                ]
                length = int(dict(headers).get(b"content-length", b"0"))
                while len(body) < length:
                    body += conn.recv(65536)
                path, _, query = target.partition(b"?")
                received.append(SignedRequest(method.decode("ascii"), path, query, headers, body))
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
                )

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}", received
    stop.set()
    thread.join(timeout=5)
    listener.close()


def test_requests_from_a_botocore_client_verify_as_received(
    capture_server: tuple[str, list[SignedRequest]],
) -> None:
    url, received = capture_server
    client = botocore.session.get_session().create_client(
        "connect",
        region_name="eu-central-1",
        endpoint_url=url,
        aws_access_key_id=AK,
        aws_secret_access_key=SK,
        config=Config(retries={"max_attempts": 1}),
    )
    client.untag_resource(resourceArn=PHONE_ARN, tagKeys=["cost center", "ünïcödé/ключ", "a+b=c&d"])
    client.describe_contact_flow(InstanceId=INSTANCE, ContactFlowId=f"{FLOW}:$SAVED")
    client.update_phone_number_metadata(PhoneNumberId=PHONE_ARN, PhoneNumberDescription="Front desk – 24/7")
    client.list_phone_numbers_v2(PhoneNumberTypes=["DID", "TOLL_FREE"], MaxResults=5)
    client.close()

    assert len(received) == 4
    assert received[0].raw_path == b"/tags/" + ENCODED_ARN.encode()
    for request in received:
        assert verify(request, lookup, time.time()) == VerifiedIdentity(AK, AK, "eu-central-1", "connect")
        tampered = dataclasses.replace(request, query_string=request.query_string + b"&x=1")
        assert rejected(tampered, time.time()).code == "InvalidSignatureException"


def test_requests_from_the_aws_cli_verify_as_received(
    capture_server: tuple[str, list[SignedRequest]], tmp_path: Path
) -> None:
    url, received = capture_server
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "AWS_ACCESS_KEY_ID": AK,
        "AWS_SECRET_ACCESS_KEY": SK,
        "AWS_DEFAULT_REGION": "ap-northeast-1",
        "AWS_MAX_ATTEMPTS": "1",
    }
    command = ["aws", "connect", "untag-resource", "--endpoint-url", url, "--resource-arn", PHONE_ARN]
    subprocess.run([*command, "--tag-keys", "cost center", "ünï/κλειδί"], env=env, check=True, timeout=60)

    (request,) = received
    assert b"tagKeys=cost%20center" in request.query_string
    assert verify(request, lookup, time.time()) == VerifiedIdentity(AK, AK, "ap-northeast-1", "connect")


# --- property: whatever botocore signs verifies; any body byte flipped does not ---------------------------

segments = st.lists(st.one_of(st.text(min_size=0, max_size=12), st.sampled_from([".", "..", ""])), max_size=6)
queries = st.lists(st.tuples(st.text(min_size=1, max_size=8), st.text(max_size=12)), max_size=6)


@settings(max_examples=150, deadline=None)
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"]),
    path=segments,
    query=queries,
    body=st.binary(max_size=200),
    data=st.data(),
)
def test_property_botocore_signed_requests_verify_and_body_flips_fail(
    method: str, path: list[str], query: list[tuple[str, str]], body: bytes, data: st.DataObject
) -> None:
    target = "/" + "/".join(quote(segment, safe="-_.~") for segment in path)
    if query:
        target += "?" + percent_encode_sequence(query)
    request = sign(method, target, body)
    assert verify(request, lookup, NOW).access_key == AK
    if body:
        index = data.draw(st.integers(0, len(body) - 1))
        flip = data.draw(st.integers(1, 255))
        changed = bytearray(body)
        changed[index] ^= flip
        error = rejected(dataclasses.replace(request, body=bytes(changed)))
        assert error.message == BAD_SIGNATURE
