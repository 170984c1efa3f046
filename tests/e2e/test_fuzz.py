"""Hostile input: whatever arrives, the server answers a parseable 4xx, promptly, and a rejected request changes
nothing.

Requests are raw HTTP over a socket (no SDK smoothing anything over), built per implemented operation from the
model's own input shape: each member gets valid, boundary or invalid values derived from its constraints
(lengths, ranges, enums, patterns, types), placed where the model says (path label, query, header, body); plus
random JSON bodies, junk and percent-encoded path segments, deep and huge JSON, non-UTF-8 and wrong content types.
"""

from __future__ import annotations

import http.client
import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from botocore.model import OperationModel, Shape
from botocore.parsers import RestJSONParser
from conftest import Server, make_instance
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connect_local import api
from connect_local.protocol.model import operation
from connect_local.protocol.router import Router

ACCOUNT = "777788889999"
AUTH = f"AWS4-HMAC-SHA256 Credential={ACCOUNT}/20260101/us-east-1/connect/aws4_request, SignedHeaders=host, Signature=0"
OPERATIONS = sorted(api.HANDLERS)
# Codes the pipeline itself answers with (documented in README/HACKING), on top of each operation's modelled ones.
PIPELINE_CODES = {"SerializationException", "UnknownOperationException", "NotImplementedException",
                  "RequestEntityTooLargeException", "IncompleteSignatureException", "InvalidClientTokenId",
                  "ValidationException", "ThrottlingException"}
SENT = {"requests": 0}
# Members that may name the seeded resources. Drawn as placeholders and filled in when sent, so what hypothesis
# generates never depends on the server's state (the seed is re-created when a fuzzed DeleteInstance succeeds).
GOOD = ("InstanceId", "TargetArn", "resourceArn", "ContactFlowId", "Id")
ROUTER = Router()

JSON_LEAF = st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats(allow_nan=False) | st.text(max_size=30)
RANDOM_JSON = st.recursive(JSON_LEAF, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=12)


def send(server: Server, method: str, target: bytes, headers: dict[str, str], body: bytes) -> tuple[int, Any, bytes]:
    """One request on a fresh connection; a 10 s socket timeout turns a hang into a failure."""
    parts = urlsplit(server.endpoint)
    lines = [method.encode() + b" " + target + b" HTTP/1.1", b"Host: " + parts.netloc.encode(),
             b"Connection: close", b"Content-Length: " + str(len(body)).encode()]
    lines += [f"{k}: {v}".encode() for k, v in headers.items()]
    SENT["requests"] += 1
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(b"\r\n".join(lines) + b"\r\n\r\n" + body)
        response = http.client.HTTPResponse(sock, method=method)
        response.begin()
        return response.status, response.headers, response.read()


def check(op: OperationModel | None, status: int, headers: Any, body: bytes, method: str = "GET") -> None:
    """No 5xx (bar 501 for an unimplemented operation), and errors are what botocore reads as modelled ones."""
    if status < 400:
        return
    if method == "HEAD":  # no body by definition: the error code travels in the header alone
        body = json.dumps({"Message": "(HEAD)"}).encode()
    parsed = RestJSONParser().parse({"status_code": status, "headers": {k.lower(): v for k, v in headers.items()},
                                     "body": body}, op.output_shape if op else None)
    code = parsed["Error"]["Code"]
    allowed = PIPELINE_CODES | ({s.name for s in op.error_shapes} if op else set())
    assert code in allowed, f"{status} {code!r} is not a modelled or documented error: {body[:300]!r}"
    assert parsed["Error"]["Message"], body[:300]
    assert status < 500 or (status, code) == (501, "NotImplementedException"), body[:300]


# --- values from the model's constraints --------------------------------------------------------------------


def placeholder(name: str) -> str:
    return f"@good-{name}@"


def value_for(shape: Shape, name: str, depth: int = 0) -> st.SearchStrategy[Any]:
    """Valid, boundary and invalid values for one member, from its own constraints."""
    meta = shape.metadata
    wrong_type = st.sampled_from([None, 7, -1.5, True, [], {}, "x"])
    if shape.type_name == "string":
        low, high = meta.get("min", 0), meta.get("max", 300)
        options = [st.text(min_size=max(0, low - 1), max_size=min(high + 2, 300)),
                   st.sampled_from(["", "a" * (high + 1), "%2F..%2F", "\x00", "é漢\U0001f600", "arn:aws:connect:"])]
        if high > 300:
            options.append(st.just("b" * min(high + 1, 200_000)))
        if shape.enum:
            options += [st.sampled_from(shape.enum), st.sampled_from([e.lower() + "_" for e in shape.enum])]
        if name in GOOD:
            options.append(st.just(placeholder(name)))
        return st.one_of(*options, wrong_type)
    if shape.type_name in ("integer", "long"):
        low, high = meta.get("min", -(2**31)), meta.get("max", 2**31)
        return st.one_of(st.sampled_from([low - 1, low, high, high + 1, 2**64, -(2**64)]), st.integers(), wrong_type)
    if shape.type_name == "boolean":
        return st.one_of(st.booleans(), wrong_type)
    if depth > 2:
        return RANDOM_JSON
    if shape.type_name == "list":
        high = meta.get("max", 5)
        element = value_for(shape.member, name, depth + 1)  # type: ignore[attr-defined]
        return st.one_of(st.lists(element, max_size=min(high + 1, 8)), st.just(["x"] * (high + 1)), wrong_type)
    if shape.type_name == "map":
        high = meta.get("max", 5)
        value = value_for(shape.value, name, depth + 1)  # type: ignore[attr-defined]
        return st.one_of(st.dictionaries(st.text(max_size=130), value, max_size=min(high + 1, 6)),
                         st.just({f"k{i}": "v" for i in range(high + 1)}), st.just({"aws:x": "v"}), wrong_type)
    if shape.type_name == "structure":
        members = {n: value_for(m, n, depth + 1) for n, m in shape.members.items()}  # type: ignore[attr-defined]
        return st.one_of(st.fixed_dictionaries({}, optional=members), wrong_type)
    return RANDOM_JSON


@st.composite
def operation_request(draw: st.DrawFn) -> tuple[OperationModel, str, bytes, dict[str, str],
                                                                        bytes]:
    op = operation(draw(st.sampled_from(OPERATIONS)))
    uri = op.http["requestUri"]
    path, _, fixed_query = uri.partition("?")
    query = [fixed_query] if fixed_query else []
    headers = {"Authorization": AUTH}
    body: dict[str, Any] = {}
    shape = op.input_shape
    for name, member in (shape.members.items() if shape is not None else []):  # type: ignore[attr-defined]
        location = member.serialization.get("location")
        wire = member.serialization.get("name", name)
        if location == "uri":
            value = draw(value_for(member, name) | st.sampled_from(["%ZZ", "%2F", "%00", "..", "%", "a%2Fb"]))
            text = value if isinstance(value, str) and "%" in value else quote(str(value), safe="-._~")
            path = path.replace("{" + wire + "}", text or "x")
        elif location == "querystring":
            if draw(st.booleans()):
                query.append(f"{quote(wire)}={quote(str(draw(value_for(member, name))), safe='')}")
        elif location == "header":
            if draw(st.booleans()):
                headers[wire] = str(draw(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126),
                                                  max_size=40)))
        elif draw(st.booleans()) or member.name in (shape.required_members or []):  # type: ignore[union-attr]
            body[wire] = draw(value_for(member, name))
    encoded = json.dumps(body).encode()
    if draw(st.booleans()):
        headers["Content-Type"] = draw(st.sampled_from(["application/json", "text/plain", "application/x-amz-json-1.1",
                                                         "multipart/form-data; boundary=x", ""]))
    if query:
        path += "?" + "&".join(query)
    return op, op.http["method"], path.encode("latin-1", "replace"), headers, encoded


def nested(depth: int) -> bytes:
    return b'{"a":' * depth + b"1" + b"}" * depth


HOSTILE_BODIES = st.one_of(
    RANDOM_JSON.map(lambda doc: json.dumps(doc).encode()),
    st.binary(max_size=200),
    st.sampled_from([b"\xff\xfe{}", b'{"a":"\xc3\x28"}', b"{" * 100_000, b"[" * 70 + b"]" * 70, nested(65),
                     nested(64), nested(5000), b'{"Name":' + b'"' + b"x" * 900_000 + b'"}', b"null", b"[]", b'"x"',
                     b"\x00" * 64, b'{"a":1e999999}', b'{"a":' + b"9" * 5000 + b"}"]),
)


@st.composite
def hostile_request(draw: st.DrawFn) -> tuple[OperationModel | None, str, bytes,
                                                                      dict[str, str], bytes]:
    """A request for a real operation with a hostile body or path, or junk aimed at no operation at all."""
    op, method, target, headers, _ = draw(operation_request())
    kind = draw(st.sampled_from(["body", "path", "junk"]))
    if kind == "body":
        headers["Content-Type"] = "application/json"
        return op, method, target, headers, draw(HOSTILE_BODIES)
    segments = draw(st.lists(st.sampled_from(["%ZZ", "%", "%2F", "%2e%2e", "..", "%00", "%FF%FE", "instance",
                                              "tags", "phone-number", "a" * 5000, "%C3%28", "~", "arn%3Aaws"]),
                             min_size=1, max_size=5))
    junk_path = ("/" + "/".join(segments)).encode()
    if kind == "path":
        return op, method, target.split(b"?")[0].rsplit(b"/", 1)[0] + junk_path, headers, b"{}"
    method = draw(st.sampled_from(["GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD"]))
    route = ROUTER.match(method, junk_path.decode())  # junk may still name a real operation
    return operation(route.operation) if route else None, method, junk_path, headers, b"{}"


# --- state ----------------------------------------------------------------------------------------------------


@dataclass
class World:
    server: Server
    client: Any
    good: dict[str, str]  # member name -> a value naming something that exists
    state: str = ""  # the account's snapshot after the last request
    serial: int = 0


@pytest.fixture(scope="module")
def world(shared_server: Server) -> Iterator[World]:
    """A seeded account: an instance with its flows, so ids in requests can name things that exist."""
    shared_server.reset()
    client = shared_server.client(account=ACCOUNT, validate=False)
    seeded = World(shared_server, client, {})
    seed(seeded)
    yield seeded
    shared_server.reset()


def seed(world: World) -> None:
    """(Re)create the home instance: an accepted fuzz request (DeleteInstance, say) may have removed it."""
    world.serial += 1
    instance = make_instance(world.client, f"fuzz-home-{world.serial}")
    flows = world.client.list_contact_flows(InstanceId=instance["Id"])["ContactFlowSummaryList"]
    world.good = {"InstanceId": instance["Id"], "TargetArn": instance["Arn"], "resourceArn": instance["Arn"],
                  "ContactFlowId": flows[0]["Id"] if flows else instance["Id"], "Id": instance["Id"]}
    world.state = snapshot(world.client)


def snapshot(client: Any) -> str:
    """Everything the account can list or describe."""
    view: list[Any] = []
    for summary in client.list_instances()["InstanceSummaryList"]:
        view.append(client.describe_instance(InstanceId=summary["Id"])["Instance"])
        view.append(client.list_tags_for_resource(resourceArn=summary["Arn"])["tags"])
        for flow in client.list_contact_flows(InstanceId=summary["Id"])["ContactFlowSummaryList"]:
            view.append(client.describe_contact_flow(InstanceId=summary["Id"], ContactFlowId=flow["Id"])["ContactFlow"])
        view.append(client.list_phone_numbers_v2(TargetArn=summary["Arn"])["ListPhoneNumbersSummaryList"])
        view.append(client.list_traffic_distribution_groups(InstanceId=summary["Arn"])
                    ["TrafficDistributionGroupSummaryList"])
    return json.dumps(view, sort_keys=True, default=str)


def run(world: World, request: tuple[OperationModel | None, str, bytes, dict[str, str], bytes]) -> None:
    op, method, target, headers, body = request
    for name, value in world.good.items():
        mark = placeholder(name).encode()
        target = target.replace(quote(mark, safe="-._~").encode(), quote(value, safe="-._~").encode())
        target = target.replace(quote(mark, safe="").encode(), quote(value, safe="").encode())
        body = body.replace(mark, value.encode())
    status, response_headers, response_body = send(world.server, method, target, headers, body)
    check(op, status, response_headers, response_body, method)
    after = snapshot(world.client)
    if status >= 400:
        assert after == world.state, f"rejected {method} {target[:200]!r} changed state"
    world.state = after
    if world.good["InstanceId"] not in after:
        seed(world)


# derandomize: CI runs the same 150 examples every time, so a red run is reproducible and never a coin toss;
# explore further locally with --hypothesis-seed=N.
FUZZ = settings(max_examples=150, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(data=st.data())
def test_operation_inputs_from_the_model(world: World, data: st.DataObject) -> None:
    run(world, data.draw(operation_request()))


@FUZZ
@given(data=st.data())
def test_hostile_bodies_and_paths(world: World, data: st.DataObject) -> None:
    run(world, data.draw(hostile_request()))


def test_body_cap_and_depth_cap(shared_server: Server, world: World) -> None:
    create = operation("CreateInstance")
    headers = {"Authorization": AUTH, "Content-Type": "application/json"}
    too_big = b'{"InstanceAlias":"' + b"x" * (1024 * 1024) + b'"}'
    status, response_headers, body = send(shared_server, "PUT", b"/instance", headers, too_big)
    assert (status, response_headers["x-amzn-ErrorType"]) == (413, "RequestEntityTooLargeException")
    status, response_headers, _ = send(shared_server, "PUT", b"/instance", headers, nested(65))
    assert (status, response_headers["x-amzn-ErrorType"]) == (400, "SerializationException")
    # At the cap the JSON is read, and the (unknown) member is then simply ignored by the validator's rules.
    status, response_headers, body = send(shared_server, "PUT", b"/instance", headers, nested(64))
    check(create, status, response_headers, body)
    assert response_headers["x-amzn-ErrorType"] != "SerializationException"
    assert shared_server.control("GET", "health")["status"] == "ok"


def test_malformed_http_is_refused_and_the_server_carries_on(shared_server: Server, world: World) -> None:
    # Not HTTP at all: uvicorn answers a plain 400 before the app runs, and the next request is served.
    for head in (b"GET /instance HTTP/1.1\r\nBad\x7fHeader: x", b"\x16\x03\x01 not http",
                 b"GET /" + b"a" * 70_000 + b" HTTP/1.1"):
        parts = urlsplit(shared_server.endpoint)
        with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
            sock.sendall(head + b"\r\n\r\n")
            response = http.client.HTTPResponse(sock)
            response.begin()
            assert 400 <= response.status < 500
            response.read()
        assert shared_server.control("GET", "health")["status"] == "ok"


def test_report_request_count() -> None:
    """Runs last in this module: prints how many raw requests the fuzz tests sent (for the record)."""
    print(f"\nfuzz: {SENT['requests']} raw requests sent")
