"""Shared benchmark plumbing: servers by PID, signed requests, wrk load, stats, tables.

Benchmarks are scripts, not tests: nothing here fails a build. Everything that
starts a process also stops it by its own process group, also on error.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import math
import os
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Self

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
SRC_DIR = REPO_ROOT / "src"

# Credentials the servers read the account and Region from; they do not verify signatures.
ACCESS_KEY = "111122223333"
SECRET_KEY = "bench-secret"
REGION = "us-east-1"
SERVICE = "connect"

WRK_INSTALL_HINT = (
    "wrk is not installed. It is the load generator these benchmarks use "
    "(a Python client would be the bottleneck). Install it with:\n"
    "    apt-get update && apt-get install -y wrk      # Debian/Ubuntu\n"
    "    brew install wrk                              # macOS"
)


# --------------------------------------------------------------------------- processes


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free a moment ago (the usual bind-to-0 trick)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def cpu_split() -> tuple[list[int], list[int]]:
    """Split the CPUs we may use: the first for the server, the rest for the load generator.

    One CPU is enough for a single-worker server (uvicorn is one thread; moto is
    GIL-bound). Returns ([], []) when there is nothing to split, meaning "do not pin".
    """
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        return [], []
    return cpus[:1], cpus[1:]


def wrap_command(argv: Sequence[str], cpus: Sequence[int] = (), nice: int = 0) -> list[str]:
    """Prefix argv with taskset (pin to cpus) and nice (priority) when asked.

    Both exec their argument, so the PID we get is the server's own.
    """
    out = list(argv)
    if nice and shutil.which("nice") is not None:
        out = ["nice", "-n", str(nice), *out]
    if cpus and shutil.which("taskset") is not None:
        out = ["taskset", "-c", ",".join(map(str, cpus)), *out]
    return out


@dataclass(frozen=True)
class ServerSpec:
    """How to start one server under test on a given port, and how to tell it is up."""

    name: str
    argv: Callable[[str, int], list[str]]  # (host, port) -> command line
    health_path: str = "/"
    health_ok: Callable[[int], bool] = lambda status: status == 200
    env: Mapping[str, str] = field(default_factory=dict)
    startup_timeout: float = 60.0


def connect_local_spec(*flags: str) -> ServerSpec:
    """connect-local from this working tree's src/ (the code under review), with extra `serve` flags."""
    pythonpath = os.pathsep.join(p for p in (str(SRC_DIR), os.environ.get("PYTHONPATH", "")) if p)
    return ServerSpec(
        "connect-local",
        lambda host, port: [sys.executable, "-m", "connect_local", "serve", "--host", host, "--port", str(port),
                            *flags],
        health_path="/_connect-local/health",
        env={"PYTHONPATH": pythonpath},
    )


def null_app_spec() -> ServerSpec:
    """The null ASGI app on the same uvicorn settings as connect-local."""
    return ServerSpec(
        "null", lambda host, port: [sys.executable, str(BENCH_DIR / "null_app.py"), "--host", host, "--port", str(port)]
    )


class ServerProcess:
    """A server started in its own session, so its whole process group can be stopped by PID."""

    def __init__(
        self,
        spec: ServerSpec,
        *,
        host: str = "127.0.0.1",
        cpus: Sequence[int] = (),
        nice: int = 0,
        log_dir: Path | None = None,
    ) -> None:
        self.spec = spec
        self.host = host
        self.port = free_port(host)
        self.cpus = list(cpus)
        self.nice = nice
        self._log_dir = log_dir or Path(tempfile.gettempdir())
        self._log: IO[bytes] | None = None
        self.log_path = self._log_dir / f"bench-{spec.name}-{self.port}.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def pid(self) -> int:
        if self.proc is None:
            raise RuntimeError(f"{self.spec.name} is not running")
        return self.proc.pid

    def start(self) -> None:
        env = {**os.environ, **self.spec.env}
        # Output goes to a file, never a pipe nobody reads (a full pipe would stall the server).
        self._log = open(self.log_path, "wb")  # noqa: SIM115  (closed by stop())
        self.proc = subprocess.Popen(
            wrap_command(self.spec.argv(self.host, self.port), self.cpus, self.nice),
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=REPO_ROOT,
            start_new_session=True,
        )

    def wait_ready(self) -> None:
        deadline = time.monotonic() + self.spec.startup_timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"{self.spec.name} exited with {self.proc.returncode}:\n{self.log_tail()}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                status, _ = http_get(self.host, self.port, self.spec.health_path, timeout=1.0)
                if self.spec.health_ok(status):
                    return
            time.sleep(0.1)
        raise TimeoutError(
            f"{self.spec.name} not healthy after {self.spec.startup_timeout}s:\n{self.log_tail()}"
        )

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            for sig, grace in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, sig)  # pgid == pid thanks to start_new_session
                try:
                    proc.wait(timeout=grace)
                    break
                except subprocess.TimeoutExpired:
                    continue
        if self._log is not None:
            self._log.close()
            self._log = None

    def cpu_seconds(self) -> float:
        """User+system CPU the server process (all its threads) has used so far."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def log_tail(self, lines: int = 30) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def __enter__(self) -> Self:
        try:
            self.start()
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def http_get(
    host: str, port: int, path: str, headers: Mapping[str, str] | None = None, timeout: float = 5.0
) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request("GET", path, headers=dict(headers or {}))
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


@contextlib.contextmanager
def terminate_as_exception() -> Iterator[None]:
    """Turn SIGTERM/SIGHUP into SystemExit so `finally` blocks stop the servers."""

    def _raise(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = {s: signal.signal(s, _raise) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


# --------------------------------------------------------------------------- requests


@dataclass(frozen=True)
class SignedRequest:
    """One pre-built HTTP request, signed once: servers here read, not verify, the signature."""

    method: str
    path: str  # path plus query string, exactly as sent
    headers: Mapping[str, str]
    body: bytes = b""


def sign_request(
    method: str,
    host: str,
    port: int,
    path: str,
    *,
    body: bytes = b"",
    headers: Mapping[str, str] | None = None,
    region: str = REGION,
    service: str = SERVICE,
    access_key: str = ACCESS_KEY,
    secret_key: str = SECRET_KEY,
) -> SignedRequest:
    """SigV4-sign a request with botocore, so its credential scope names account and Region."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    req = AWSRequest(method=method, url=f"http://{host}:{port}{path}", data=body, headers=dict(headers or {}))
    req.headers["Host"] = f"{host}:{port}"
    if body and "Content-Type" not in req.headers:
        req.headers["Content-Type"] = "application/json"
    SigV4Auth(Credentials(access_key, secret_key), service, region).add_auth(req)
    return SignedRequest(method, path, {k: str(v) for k, v in req.headers.items()}, body)


def preflight(host: str, port: int, request: SignedRequest, timeout: float = 10.0) -> tuple[int, bytes]:
    """Send the exact request once, so a 4xx is caught before it is mistaken for throughput."""
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request(request.method, request.path, body=request.body or None, headers=dict(request.headers))
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


# --------------------------------------------------------------------------- wrk


def wrk_path() -> str | None:
    return shutil.which("wrk")


def _lua_str(value: str | bytes) -> str:
    raw = value.encode() if isinstance(value, str) else value
    out = []
    for b in raw:
        ch = chr(b)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 32 <= b < 127:
            out.append(ch)
        else:
            out.append(f"\\{b:03d}")
    return '"' + "".join(out) + '"'


def _lua_request(r: SignedRequest) -> str:
    headers = ", ".join(f"[{_lua_str(k)}] = {_lua_str(v)}" for k, v in r.headers.items())
    body = _lua_str(r.body) if r.body else "nil"
    return f"{{method = {_lua_str(r.method)}, path = {_lua_str(r.path)}, headers = {{{headers}}}, body = {body}}}"


# done() prints one JSON line; percentiles come from wrk's full latency histogram (µs).
_LUA_DONE = r"""
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"p999_us":%d,"mean_us":%.1f,"max_us":%d,' ..
    '"err_connect":%d,"err_read":%d,"err_write":%d,"err_status":%d,"err_timeout":%d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.mean, latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def wrk_script(requests: Sequence[SignedRequest]) -> str:
    """Lua for wrk: one static request (fastest path), or a round-robin over several."""
    if not requests:
        raise ValueError("need at least one request")
    if len(requests) == 1:
        r = requests[0]
        body = f"wrk.body = {_lua_str(r.body)}\n" if r.body else ""
        setup = (
            f"local r = {_lua_request(r)}\n"
            "wrk.method = r.method\nwrk.path = r.path\nwrk.headers = r.headers\n" + body
        )
    else:
        items = ",\n  ".join(_lua_request(r) for r in requests)
        setup = (
            f"local reqs = {{\n  {items}\n}}\n"
            "local formatted, i = {}, 0\n"
            "function init(args)\n"
            "  for k, r in ipairs(reqs) do formatted[k] = wrk.format(r.method, r.path, r.headers, r.body) end\n"
            "end\n"
            "function request()\n  i = i % #formatted + 1\n  return formatted[i]\nend\n"
        )
    return "-- generated by bench/_harness.py\n" + setup + _LUA_DONE


@dataclass(frozen=True)
class LoadResult:
    requests: int
    duration_s: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    p999_ms: float
    mean_ms: float
    max_ms: float
    errors: Mapping[str, int]  # connect/read/write/status(>=400)/timeout
    client_cpu: float  # fraction of one core the load generator used
    server_cpu: float | None  # fraction of one core the server used, when known
    server_cpu_s: float | None  # CPU seconds the server spent over the run, when known

    @property
    def rps(self) -> float:
        return self.requests / self.duration_s if self.duration_s > 0 else 0.0

    @property
    def server_us_per_request(self) -> float | None:
        """Server CPU per request: unlike req/s, barely moved by neighbours taking the core away."""
        if self.server_cpu_s is None or self.requests == 0:
            return None
        return self.server_cpu_s * 1e6 / self.requests

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


def run_wrk(
    url: str,
    requests: Sequence[SignedRequest],
    *,
    connections: int,
    duration: float,
    threads: int | None = None,
    cpus: Sequence[int] = (),
    nice: int = 0,
    timeout_s: float = 10.0,
    server: ServerProcess | None = None,
) -> LoadResult:
    """One bounded wrk run (duration seconds) against url; wrk stops by itself."""
    exe = wrk_path()
    if exe is None:
        raise RuntimeError(WRK_INSTALL_HINT)
    # One wrk thread per load-generator CPU is plenty; wrk needs connections >= threads.
    threads = max(1, min(connections, threads or max(1, len(cpus))))
    with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="bench-", delete=False) as f:
        f.write(wrk_script(requests))
        script = f.name
    argv = wrap_command(
        [
            exe,
            f"-t{threads}",
            f"-c{connections}",
            f"-d{max(1, round(duration))}s",
            f"--timeout={timeout_s:g}s",
            "-s",
            script,
            url,
        ],
        cpus,
        nice,
    )
    try:
        before_client = resource.getrusage(resource.RUSAGE_CHILDREN)
        before_server = server.cpu_seconds() if server else None
        started = time.monotonic()
        proc = subprocess.run(
            argv, check=False, capture_output=True, text=True, timeout=duration + timeout_s + 30
        )
        wall = time.monotonic() - started
        after_client = resource.getrusage(resource.RUSAGE_CHILDREN)
        server_cpu_s = server.cpu_seconds() - before_server if server and before_server is not None else None
    finally:
        os.unlink(script)
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("BENCH_JSON ")), None)
    if proc.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({proc.returncode}): {proc.stderr.strip() or proc.stdout.strip()}")
    d: dict[str, Any] = json.loads(line.removeprefix("BENCH_JSON "))
    client_used = (after_client.ru_utime - before_client.ru_utime) + (
        after_client.ru_stime - before_client.ru_stime
    )
    return LoadResult(
        requests=d["requests"],
        duration_s=d["duration_us"] / 1e6,
        p50_ms=d["p50_us"] / 1e3,
        p90_ms=d["p90_us"] / 1e3,
        p99_ms=d["p99_us"] / 1e3,
        p999_ms=d["p999_us"] / 1e3,
        mean_ms=d["mean_us"] / 1e3,
        max_ms=d["max_us"] / 1e3,
        errors={k.removeprefix("err_"): int(v) for k, v in d.items() if k.startswith("err_")},
        client_cpu=client_used / wall,
        server_cpu=server_cpu_s / wall if server_cpu_s is not None else None,
        server_cpu_s=server_cpu_s,
    )


# --------------------------------------------------------------------------- stats and tables


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def format_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool] | None = None
) -> str:
    """Plain fixed-width table; `right` says which columns are right-aligned (numbers)."""
    right = right or [i > 0 for i in range(len(headers))]
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows)]

    def fmt(row: Sequence[str]) -> str:
        return "  ".join(str(c).rjust(w) if r else str(c).ljust(w) for c, w, r in zip(row, widths, right))

    return "\n".join([fmt(headers), "  ".join("-" * w for w in widths), *map(fmt, rows)])


def fmt_num(value: float, digits: int = 2) -> str:
    if math.isnan(value):  # no data
        return "-"
    return f"{value:,.0f}" if digits == 0 else f"{value:.{digits}f}"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)
