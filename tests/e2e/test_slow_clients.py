"""Slow or stalled clients neither block others nor get a partial request executed."""

from __future__ import annotations

import http.client
import json
import socket
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from conftest import ACCOUNT, Server

BODY = json.dumps({"IdentityManagementType": "SAML", "InstanceAlias": "half-sent",
                   "InboundCallsEnabled": True, "OutboundCallsEnabled": True}).encode()
AUTH = f"AWS4-HMAC-SHA256 Credential={ACCOUNT}/20260101/us-east-1/connect/aws4_request, SignedHeaders=host, Signature=0"


def open_socket(server: Server) -> socket.socket:
    parts = urlsplit(server.endpoint)
    return socket.create_connection((parts.hostname, parts.port), timeout=10)


def closed_by_server(sock: socket.socket, within: float) -> bool:
    sock.settimeout(within)
    try:
        return sock.recv(1) == b""
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def test_half_sent_requests_do_not_stop_others_and_are_never_run(spawn: Callable[..., Server]) -> None:
    server = spawn("--read-timeout", "1.5")
    # The body promises 10 more bytes than it sends: what did arrive is a complete, valid CreateInstance.
    head = (f"PUT /instance HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: {AUTH}\r\n"
            f"Content-Length: {len(BODY) + 10}\r\n\r\n").encode()
    half_head, half_body = open_socket(server), open_socket(server)
    idle = open_socket(server)
    try:
        half_head.sendall(head[: len(head) // 2])
        half_body.sendall(head + BODY)
        started = time.monotonic()
        client = server.client()
        assert client.list_instances()["InstanceSummaryList"] == []
        assert time.monotonic() - started < 1.0
        # After the read timeout every stalled connection is closed by the server ...
        for sock in (half_head, half_body, idle):
            assert closed_by_server(sock, within=5.0)
        # ... and the half-sent CreateInstance never ran.
        assert client.list_instances()["InstanceSummaryList"] == []
    finally:
        for sock in (half_head, half_body, idle):
            sock.close()


def test_a_prompt_client_is_not_cut_off(spawn: Callable[..., Server]) -> None:
    server = spawn("--read-timeout", "1")
    sock = open_socket(server)
    try:
        for _ in range(3):  # keep-alive: each request has its own deadline
            time.sleep(0.6)
            sock.sendall(b"GET /_connect-local/health HTTP/1.1\r\nHost: x\r\n\r\n")
            response = http.client.HTTPResponse(sock)
            response.begin()
            assert response.status == 200 and json.loads(response.read())["status"] == "ok"
    finally:
        sock.close()
