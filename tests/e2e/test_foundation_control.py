"""The /_connect-local/ control plane: health, reset and the emulated clock."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest
from conftest import OTHER_ACCOUNT, Server


def post_raw(server: Server, name: str, body: bytes) -> tuple[int, Any]:
    request = urllib.request.Request(f"{server.endpoint}/_connect-local/{name}", data=body, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_health(server: Server) -> None:
    health = server.control("GET", "health")
    assert health["status"] == "ok"
    assert isinstance(health["version"], str) and health["version"]
    assert abs(health["now"] - time.time()) < 60


def test_reset_forgets_every_account(server: Server, connect: Callable[..., Any]) -> None:
    clients = {"reset-a": connect(), "reset-b": connect(account=OTHER_ACCOUNT), "reset-c": connect(region="eu-west-2")}
    for alias, client in clients.items():
        client.create_instance(IdentityManagementType="CONNECT_MANAGED", InstanceAlias=alias,
                               InboundCallsEnabled=True, OutboundCallsEnabled=True)
    assert server.control("POST", "reset")["reset"] is True
    for client in clients.values():
        assert client.list_instances()["InstanceSummaryList"] == []
    # aliases are free again
    connect().create_instance(IdentityManagementType="CONNECT_MANAGED", InstanceAlias="reset-b",
                              InboundCallsEnabled=True, OutboundCallsEnabled=True)


def test_clock_advances_the_emulated_time(spawn: Callable[..., Server]) -> None:
    server = spawn(delay="instance=3600")
    before = server.control("GET", "clock")["now"]
    after = server.control("POST", "clock", {"advance": 7200})["now"]
    assert 7200 <= after - before < 7260
    assert server.control("GET", "health")["now"] >= after


def test_clock_makes_a_pending_creation_active(spawn: Callable[..., Server]) -> None:
    server = spawn(delay="instance=3600")
    client = server.client()
    created = client.create_instance(IdentityManagementType="CONNECT_MANAGED", InstanceAlias="clock-pending",
                                     InboundCallsEnabled=True, OutboundCallsEnabled=True)
    describe = lambda: client.describe_instance(InstanceId=created["Id"])["Instance"]
    assert describe()["InstanceStatus"] == "CREATION_IN_PROGRESS"
    server.advance(3601)
    instance = describe()
    assert instance["InstanceStatus"] == "ACTIVE"


@pytest.mark.parametrize("body", [b'{"advance": -5}', b'{"advance": "soon"}', b"{}", b"not json", b"[1]"])
def test_clock_refuses_bad_input(server: Server, body: bytes) -> None:
    before = server.control("GET", "clock")["now"]
    status, document = post_raw(server, "clock", body)
    assert status == 400
    assert "error" in document
    assert server.control("GET", "clock")["now"] - before < 60


def test_unknown_control_endpoint_lists_the_known_ones(server: Server) -> None:
    status, document = post_raw(server, "no-such-endpoint", b"")
    assert status == 404
    assert "POST /_connect-local/reset" in document["endpoints"]
