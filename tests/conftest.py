"""Shared fixtures: a live connect-local server on a free loopback port, and boto3 clients for it."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest
from botocore.config import Config

ACCOUNT = "111122223333"
OTHER_ACCOUNT = "444455556666"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A connect-local process started for a test; stopped by its own PID."""

    endpoint: str
    process: subprocess.Popen[bytes]
    state: str | None
    log_path: str
    args: list[str] = field(default_factory=list)

    def control(self, method: str, name: str, document: dict[str, Any] | None = None) -> Any:
        data = json.dumps(document).encode() if document is not None else None
        request = urllib.request.Request(f"{self.endpoint}/_connect-local/{name}", data=data, method=method)
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def advance(self, seconds: float) -> None:
        self.control("POST", "clock", {"advance": seconds})

    def reset(self) -> None:
        self.control("POST", "reset")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def client(self, region: str = "us-east-1", account: str = ACCOUNT, validate: bool = True,
               service: str = "connect") -> Any:
        return boto3.client(
            service, endpoint_url=self.endpoint, region_name=region,
            aws_access_key_id=account, aws_secret_access_key="test-secret",
            config=Config(parameter_validation=validate, retries={"max_attempts": 1, "mode": "standard"}),
        )


def start_server(tmp_path: Any, *extra: str, state: str | None = None, delay: str = "0",
                 env: dict[str, str] | None = None) -> Server:
    port = free_port()
    args = [sys.executable, "-m", "connect_local", "serve", "--port", str(port), "--delay", delay, *extra]
    args += ["--state", state] if state else ["--in-memory"]
    log_path = str(tmp_path / f"server-{port}.log")
    with open(log_path, "wb") as log:
        process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT,
                                   env={**os.environ, **(env or {})})
    server = Server(f"http://127.0.0.1:{port}", process, state, log_path, args)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            with open(log_path) as log:
                raise RuntimeError(f"server exited early:\n{log.read()}")
        try:
            server.control("GET", "health")
            return server
        except OSError:
            time.sleep(0.05)
    server.stop(signal.SIGKILL)
    with open(log_path) as log:
        raise RuntimeError(f"server did not start:\n{log.read()}")


@pytest.fixture(scope="session")
def shared_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One in-memory server with zero delays for the whole session; tests isolate by account or reset."""
    server = start_server(tmp_path_factory.mktemp("shared"))
    yield server
    server.stop()


@pytest.fixture
def server(shared_server: Server) -> Server:
    """The shared server, reset to empty before the test."""
    shared_server.reset()
    return shared_server


@pytest.fixture
def connect(server: Server) -> Callable[..., Any]:
    """Factory for boto3 Connect clients: connect(region='us-east-1', account=ACCOUNT, validate=True)."""
    return server.client


@pytest.fixture
def spawn(tmp_path: Any) -> Iterator[Callable[..., Server]]:
    """Start extra servers (own state, flags); all are stopped after the test."""
    started: list[Server] = []

    def start(*extra: str, **kwargs: Any) -> Server:
        server = start_server(tmp_path, *extra, **kwargs)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL cluster for the session (the machines have the binaries, not a server)."""
    from store.pg_cluster import binaries, cluster

    if binaries() is None:
        pytest.skip("PostgreSQL binaries are not installed")
    yield from cluster()


def serve_and_exit(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`connect-local serve` with flags meant to make it refuse to start (it would otherwise run until killed)."""
    return subprocess.run([sys.executable, "-m", "connect_local", "serve", "--in-memory", "--port", "0", *args],
                          capture_output=True, text=True, timeout=60, check=False, env={**os.environ, **(env or {})})


def wait_for(predicate: Callable[[], Any], timeout: float = 10.0, interval: float = 0.05) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(interval)


def make_instance(client: Any, alias: str, identity: str = "SAML", **extra: Any) -> dict[str, Any]:
    """Create an instance and wait until it is ACTIVE (immediate with --delay 0)."""
    created = client.create_instance(IdentityManagementType=identity, InstanceAlias=alias,
                                     InboundCallsEnabled=True, OutboundCallsEnabled=True, **extra)
    wait_for(lambda: client.describe_instance(InstanceId=created["Id"])["Instance"]["InstanceStatus"] == "ACTIVE")
    return dict(created)
