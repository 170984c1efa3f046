"""DescribeInstance / ListInstances throughput and latency: connect-local vs a null app vs moto.

All servers run side by side in one run and are interleaved per round, so the
ratios compare like with like on a noisy machine. The figures are medians of
the rounds. This is a script, not a test: it prints pass/fail against the
targets and exits 0 whatever they say.

    python bench/bench_instances.py                      # all servers, 1/8/64 connections
    python bench/bench_instances.py --rounds 3 --duration 2 --only connect-local,null
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.metadata
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness as h  # bench/ is not a package: scripts import their sibling

NULL, CONNECT_LOCAL, MOTO = "null", "connect-local", "moto"
ALL_SERVERS = (CONNECT_LOCAL, NULL, MOTO)
NULL_INSTANCE_ID = "00000000-0000-4000-8000-000000000000"  # the null app answers any path
OPERATIONS: dict[str, Callable[[str], str]] = {
    "DescribeInstance": lambda instance_id: f"/instance/{instance_id}",
    "ListInstances": lambda _instance_id: "/instance?maxResults=10",
}
INSTANCES = 2  # the default quota per Region
SERVE_FLAGS = ("--delay", "0")  # instances ACTIVE at once
TARGET_CONNECTIONS = 8
TARGET_RATIO = 0.40
TARGET_P99_MS = 5.0


def server_specs(state: Path | None) -> dict[str, h.ServerSpec]:
    """`state`: connect-local's state file (fresh per run), as `serve` keeps it by default; None = in memory."""
    py = sys.executable
    where = ("--state", str(state)) if state is not None else ("--in-memory",)
    return {
        CONNECT_LOCAL: h.connect_local_spec(*where, *SERVE_FLAGS),
        NULL: h.null_app_spec(),
        # moto as shipped: Werkzeug, threaded, one connection per request, access log on.
        MOTO: h.ServerSpec(
            MOTO,
            lambda host, port: [py, "-m", "moto.server", "-H", host, "-p", str(port)],
            health_path="/moto-api/",
        ),
    }


def create_instances(endpoint: str, count: int = INSTANCES, timeout: float = 60.0) -> list[str]:
    """Make sure `count` ACTIVE instances exist, through boto3 like any client would."""
    import boto3
    from botocore.config import Config

    client = boto3.client(
        "connect",
        endpoint_url=endpoint,
        region_name=h.REGION,
        aws_access_key_id=h.ACCESS_KEY,
        aws_secret_access_key=h.SECRET_KEY,
        config=Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=30),
    )
    ids = [s["Id"] for s in client.list_instances(MaxResults=10).get("InstanceSummaryList", [])]
    for n in range(len(ids), count):
        ids.append(
            client.create_instance(
                IdentityManagementType="CONNECT_MANAGED",
                InstanceAlias=f"bench-{os.getpid()}-{n}",
                InboundCallsEnabled=True,
                OutboundCallsEnabled=True,
            )["Id"]
        )
    deadline = time.monotonic() + timeout
    for instance_id in ids:
        while (
            status := client.describe_instance(InstanceId=instance_id)["Instance"]["InstanceStatus"]
        ) != "ACTIVE":
            if status == "CREATION_FAILED" or time.monotonic() > deadline:
                raise RuntimeError(f"instance {instance_id} is {status}")
            time.sleep(0.2)
    return ids


@dataclass(frozen=True)
class Sample:
    round: int
    server: str
    operation: str
    connections: int
    result: h.LoadResult


@dataclass(frozen=True)
class Target:
    server: h.ServerProcess
    requests: dict[str, h.SignedRequest]  # operation -> the pre-built signed request


def prepare(server: h.ServerProcess, needs_instances: bool) -> Target:
    instance_id = create_instances(server.endpoint)[0] if needs_instances else NULL_INSTANCE_ID
    requests = {
        op: h.sign_request("GET", server.host, server.port, path(instance_id))
        for op, path in OPERATIONS.items()
    }
    for op, req in requests.items():
        status, body = h.preflight(server.host, server.port, req)
        if status != 200:
            raise RuntimeError(f"{op} preflight answered {status}: {body[:300]!r}")
    return Target(server, requests)


def measure(
    target: Target, op: str, connections: int, duration: float, cpus: Sequence[int], nice: int
) -> h.LoadResult:
    return h.run_wrk(
        target.server.endpoint,
        [target.requests[op]],
        connections=connections,
        duration=duration,
        cpus=cpus,
        nice=nice,
        server=target.server,
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--rounds", type=int, default=5, help="measured rounds; figures are their medians (5)")
    p.add_argument("--duration", type=int, default=3, help="seconds per measurement (3)")
    p.add_argument("--warmup", type=int, default=1, help="seconds of unmeasured load per server and op (1)")
    p.add_argument("--connections", default="1,8,64", help="comma-separated connection counts (1,8,64)")
    p.add_argument("--only", default=",".join(ALL_SERVERS), help=f"servers to run ({','.join(ALL_SERVERS)})")
    p.add_argument("--operations", default=",".join(OPERATIONS), help="operations to run (both)")
    p.add_argument("--in-memory", action="store_true",
                   help="run connect-local on an in-memory state instead of a fresh state file (the default store)")
    p.add_argument("--no-pin", action="store_true", help="do not pin servers and wrk to separate CPUs")
    p.add_argument(
        "--nice",
        type=int,
        default=0,
        help="niceness for servers and wrk; negative (root only) keeps a busy machine's neighbours off them (0)",
    )
    p.add_argument("--json", type=Path, help="also write raw samples and the summary to this file")
    args = p.parse_args(argv)
    args.connections = [int(c) for c in args.connections.split(",") if c.strip()]
    args.only = [s.strip() for s in args.only.split(",") if s.strip()]
    args.operations = [o.strip() for o in args.operations.split(",") if o.strip()]
    for name in args.only:
        if name not in ALL_SERVERS:
            p.error(f"unknown server {name!r}; choose from {', '.join(ALL_SERVERS)}")
    for op in args.operations:
        if op not in OPERATIONS:
            p.error(f"unknown operation {op!r}; choose from {', '.join(OPERATIONS)}")
    if args.rounds < 1 or args.duration < 1 or any(c < 1 for c in args.connections):
        p.error("--rounds, --duration and connection counts must be >= 1")
    return args


def version_of(dist: str) -> str:
    with contextlib.suppress(importlib.metadata.PackageNotFoundError):
        return importlib.metadata.version(dist)
    return "not installed"


def wrk_version() -> str:
    exe = h.wrk_path()
    if exe is None:
        return "missing"
    out = subprocess.run([exe, "--version"], check=False, capture_output=True, text=True)
    first = (out.stdout or out.stderr or "?").splitlines()[0]
    return first.split(" Copyright")[0].strip()


@dataclass(frozen=True)
class Row:
    """One table line: a (operation, server, connections) cell summarised over the rounds."""

    operation: str
    server: str
    connections: int
    rounds: int
    rps: float
    p50_ms: float
    p99_ms: float
    ratio_to_null: float | None  # median of per-round throughput ratios; None without the null app
    rps_min: float
    rps_max: float
    server_cpu: float
    client_cpu: float
    us_per_request: float  # server CPU per request
    cpu_ratio_to_null: float | None  # median of per-round null-CPU/request over this server's
    errors: int


def _paired(
    samples: Sequence[Sample], server: str, op: str, conns: int
) -> list[tuple[h.LoadResult, h.LoadResult]]:
    """(this server, null app) result pairs measured in the same round and cell."""
    null = {s.round: s.result for s in samples if (s.server, s.operation, s.connections) == (NULL, op, conns)}
    return [
        (s.result, null[s.round])
        for s in samples
        if (s.server, s.operation, s.connections) == (server, op, conns) and s.round in null
    ]


def summarise(
    samples: Sequence[Sample], servers: Sequence[str], ops: Sequence[str], connections: Sequence[int]
) -> list[Row]:
    rows: list[Row] = []
    for op in ops:
        for conns in connections:
            for server in servers:
                mine = [
                    s.result for s in samples if (s.server, s.operation, s.connections) == (server, op, conns)
                ]
                if not mine:
                    continue
                pairs = _paired(samples, server, op, conns)
                # Ratios per round against the null app of the same round, then their median.
                ratios = [r.rps / n.rps for r, n in pairs if n.rps > 0]
                cpu_ratios = [
                    nu / ru
                    for r, n in pairs
                    if (ru := r.server_us_per_request) and (nu := n.server_us_per_request) is not None
                ]
                rows.append(
                    Row(
                        operation=op,
                        server=server,
                        connections=conns,
                        rounds=len(mine),
                        rps=h.median([r.rps for r in mine]),
                        p50_ms=h.median([r.p50_ms for r in mine]),
                        p99_ms=h.median([r.p99_ms for r in mine]),
                        ratio_to_null=h.median(ratios) if ratios else None,
                        rps_min=min(r.rps for r in mine),
                        rps_max=max(r.rps for r in mine),
                        server_cpu=h.median([r.server_cpu for r in mine if r.server_cpu is not None]),
                        client_cpu=h.median([r.client_cpu for r in mine]),
                        us_per_request=h.median(
                            [u for r in mine if (u := r.server_us_per_request) is not None]
                        ),
                        cpu_ratio_to_null=h.median(cpu_ratios) if cpu_ratios else None,
                        errors=sum(r.error_count for r in mine),
                    )
                )
    return rows


def _pct(value: float | None) -> str:
    return f"{value:.1%}" if value is not None else "-"


def print_tables(rows: Sequence[Row], ops: Sequence[str]) -> None:
    headers = ["server", "conns", "req/s", "p50 ms", "p99 ms", "vs null", "req/s range", "srv CPU",
               "CPU us/req", "CPU vs null", "wrk CPU", "errors"]  # fmt: skip
    for op in ops:
        table = [
            [
                r.server,
                str(r.connections),
                h.fmt_num(r.rps, 0),
                h.fmt_num(r.p50_ms),
                h.fmt_num(r.p99_ms),
                _pct(r.ratio_to_null),
                f"{r.rps_min:,.0f}-{r.rps_max:,.0f}",
                f"{r.server_cpu:.0%}",
                h.fmt_num(r.us_per_request, 0),
                _pct(r.cpu_ratio_to_null),
                f"{r.client_cpu:.0%}",
                str(r.errors),
            ]
            for r in rows
            if r.operation == op
        ]
        print(f"\n{op}  (medians of rounds; ratios are per round against the null app, then the median)")
        print(h.format_table(headers, table, right=[False] + [True] * (len(headers) - 1)))


def find(rows: Sequence[Row], op: str, server: str, connections: int) -> Row | None:
    return next(
        (r for r in rows if (r.operation, r.server, r.connections) == (op, server, connections)), None
    )


def print_targets(rows: Sequence[Row], ops: Sequence[str]) -> list[dict[str, object]]:
    verdicts: list[dict[str, object]] = []
    print(
        f"\nTargets at {TARGET_CONNECTIONS} connections: throughput >= {TARGET_RATIO:.0%} of the null app, "
        f"p99 < {TARGET_P99_MS:g} ms (reported only; never fails the run)"
    )
    for op in ops:
        row, null = (
            find(rows, op, CONNECT_LOCAL, TARGET_CONNECTIONS),
            find(rows, op, NULL, TARGET_CONNECTIONS),
        )
        moto = find(rows, op, MOTO, TARGET_CONNECTIONS)
        # The null app's p99 is the noise floor: what the machine alone adds to any server's tail.
        notes = [f"null p99 {null.p99_ms:.2f} ms"] if null else []
        if moto and moto.ratio_to_null is not None:
            notes.append(f"moto {moto.ratio_to_null:.1%} of null, p99 {moto.p99_ms:.2f} ms")
        note = f"  [{'; '.join(notes)}]" if notes else ""
        if row is None:
            print(
                f"  {op:<17} SKIP  connect-local was not measured at {TARGET_CONNECTIONS} connections{note}"
            )
            continue
        if row.ratio_to_null is None:
            print(f"  {op:<17} SKIP  throughput ratio needs the null app in --only{note}")
            continue
        ok_ratio, ok_p99 = row.ratio_to_null >= TARGET_RATIO, row.p99_ms < TARGET_P99_MS
        verdict = "PASS" if ok_ratio and ok_p99 and not row.errors else "FAIL"
        print(
            f"  {op:<17} {verdict}  throughput {row.ratio_to_null:.1%} of null ({'ok' if ok_ratio else 'below'}; "
            f"CPU-normalised {_pct(row.cpu_ratio_to_null)}), p99 {row.p99_ms:.2f} ms "
            f"({'ok' if ok_p99 else 'over'}), errors {row.errors}{note}"
        )
        verdicts.append(
            {
                "operation": op,
                "verdict": verdict,
                "ratio": row.ratio_to_null,
                "cpu_ratio": row.cpu_ratio_to_null,
                "p99_ms": row.p99_ms,
            }
        )
    return verdicts


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if h.wrk_path() is None:
        h.log(h.WRK_INSTALL_HINT)
        return 2
    state_dir = tempfile.TemporaryDirectory(prefix="connect-local-bench-")
    specs = server_specs(None if args.in_memory else Path(state_dir.name) / "state.sqlite3")
    wanted = [s for s in ALL_SERVERS if s in args.only]
    if CONNECT_LOCAL in wanted and not (h.SRC_DIR / "connect_local" / "__main__.py").exists():
        h.log("connect-local: src/connect_local/__main__.py does not exist yet; skipping it")
        wanted.remove(CONNECT_LOCAL)
    server_cpus, load_cpus = ([], []) if args.no_pin else h.cpu_split()
    cells = len(wanted) * len(args.operations) * len(args.connections)
    eta = cells * (args.rounds * (args.duration + 0.5)) + len(wanted) * len(args.operations) * (
        args.warmup + 0.5
    )
    print(
        f"bench_instances  {dt.datetime.now().isoformat(timespec='seconds')}  python {platform.python_version()}"
        f"  {wrk_version()}  uvicorn {version_of('uvicorn')}  moto {version_of('moto')}"
        f"  load average {os.getloadavg()[0]:.2f}"
    )
    print(
        f"cpus {sorted(os.sched_getaffinity(0))}  servers pinned to {server_cpus or 'any'}, "
        f"wrk to {load_cpus or 'any'}  nice {args.nice}  rounds {args.rounds} x {args.duration:g}s  "
        f"connections {args.connections}  servers {wanted}  "
        f"state {'in memory' if args.in_memory else 'a fresh SQLite file'}  ~{eta / 60:.1f} min",
        flush=True,
    )
    if args.nice == 0 and os.getloadavg()[0] > len(os.sched_getaffinity(0)):
        print(
            "the machine is busy: neighbours will take the servers' core; --nice -10 (root) steadies the figures"
        )

    samples: list[Sample] = []
    with h.terminate_as_exception(), contextlib.ExitStack() as stack:
        stack.callback(state_dir.cleanup)  # registered first, so it runs after the servers have stopped
        targets: dict[str, Target] = {}
        for name in wanted:
            try:
                server = stack.enter_context(h.ServerProcess(specs[name], cpus=server_cpus, nice=args.nice))
                targets[name] = prepare(server, needs_instances=name != NULL)
                h.log(f"{name}: up at {server.endpoint} (pid {server.pid})")
            except Exception as exc:  # noqa: BLE001  (one broken server must not cost the others their figures)
                h.log(f"{name}: skipped: {exc}")
        for name, target in targets.items():  # warm-up: lazy imports, caches, first-request paths
            for op in args.operations:
                if args.warmup >= 1:
                    try:
                        measure(target, op, TARGET_CONNECTIONS, args.warmup, load_cpus, args.nice)
                    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
                        h.log(f"warm-up {op} {name}: {exc}")
        order = list(targets)
        for rnd in range(args.rounds):
            rotated = order[rnd % len(order) :] + order[: rnd % len(order)] if order else []
            for conns in args.connections:
                for op in args.operations:
                    for name in rotated:  # interleaved: every server once per cell per round
                        try:
                            res = measure(targets[name], op, conns, args.duration, load_cpus, args.nice)
                        except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
                            h.log(f"round {rnd + 1} {op} c={conns} {name}: no figure: {exc}")
                            continue  # one failed measurement must not cost the rest of the run
                        samples.append(Sample(rnd, name, op, conns, res))
                        h.log(
                            f"round {rnd + 1}/{args.rounds} {op:<16} c={conns:<3} {name:<13} "
                            f"{res.rps:>9,.0f} req/s  p50 {res.p50_ms:6.2f}  p99 {res.p99_ms:6.2f} ms"
                            + (f"  errors {dict(res.errors)}" if res.error_count else "")
                        )

    print(f"load average at the end {os.getloadavg()[0]:.2f} (other work on the machine skews the figures)")
    rows = summarise(samples, [s for s in ALL_SERVERS if s in order], args.operations, args.connections)
    print_tables(rows, args.operations)
    verdicts = print_targets(rows, args.operations)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
                    "samples": [
                        {**asdict(s), "result": {**asdict(s.result), "rps": s.result.rps}} for s in samples
                    ],
                    "summary": [asdict(r) for r in rows],
                    "targets": verdicts,
                },
                indent=2,
            )
        )
        print(f"\nraw samples written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
