"""Phone numbers at scale: 1,000,000 claimed numbers vs 1,000, next to a null ASGI app on the same stack.

Measures ListPhoneNumbersV2 first / middle / last page latency (by instance and Region-wide, 100 per page, one
connection, read cache off, the sizes alternating page by page over the rounds), DescribePhoneNumber throughput at
8 connections (cycling over 1,000 numbers spread over the table; a warm-up, then rounds interleaved with the null
app), and the server's RSS; figures are medians of the rounds. State files are bulk-loaded through the store (phone_number_loader.py) and kept in
--state-dir, so later runs skip the load. A script, not a test: prints PASS/FAIL per target, always exits 0.

    python bench/bench_phone_numbers.py                         # 1k and 1M (the 1M load takes a minute or two)
    python bench/bench_phone_numbers.py --sizes 1000,100000 --duration 2
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import random
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness as h
import phone_number_loader as loader

sys.path.insert(0, str(h.SRC_DIR))
from connect_local.domain import pagination

PAGE = 100
DESCRIBE_CONNECTIONS = 8
DESCRIBE_SAMPLE = 1000
TARGET_PAGE_RATIO = 1.5
TARGET_DESCRIBE_SHARE = 0.40
TARGET_RSS_MB = 300.0


@dataclass(frozen=True)
class Figures:
    size: int
    pages_ms: dict[str, float]  # "<scope> <position>" -> p50 latency
    describe_rps: float
    describe_p99_ms: float
    null_rps: float
    describe_share: float  # the median of the per-round ratios to the null app
    describe_cpu_us: float  # server CPU per request: less moved by neighbours than req/s
    null_cpu_us: float
    rss_mb: float
    errors: int


def state_file(directory: Path, size: int) -> tuple[Path, loader.Loaded]:
    """The bulk-loaded state file for `size` numbers, and what it holds (cached next to it as JSON)."""
    path = directory / f"phone-numbers-{size}.sqlite3"
    meta = directory / f"phone-numbers-{size}.json"
    if path.exists() and meta.exists():
        document = json.loads(meta.read_text())
        return path, loader.Loaded(document["instance_id"], size, document["seqs"], document["number_ids"])
    for stale in (path, meta, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    h.log(f"loading {size:,} numbers into {path} ...")
    loaded = loader.load(str(path), size)
    meta.write_text(
        json.dumps({"instance_id": loaded.instance_id, "seqs": loaded.seqs, "number_ids": loaded.number_ids})
    )
    return path, loaded


def page_requests(server: h.ServerProcess, loaded: loader.Loaded) -> dict[str, h.SignedRequest]:
    """First, middle and last page of each scope; tokens made by the server's own pagination code."""
    requests = {}
    positions = {
        "first": None,
        "middle": loaded.seqs[len(loaded.seqs) // 2 - 1],
        "last": loaded.seqs[max(0, len(loaded.seqs) - PAGE) - 1] if len(loaded.seqs) > PAGE else None,
    }
    for scope, params in (("instance", {"InstanceId": loaded.instance_id}), ("region", {})):
        bound = pagination.fingerprint(loader.ACCOUNT, loader.REGION, "ListPhoneNumbersV2", params)
        for where, seq in positions.items():
            body = {**params, "MaxResults": PAGE}
            if seq is not None:
                body["NextToken"] = pagination.encode(seq, bound)
            requests[f"{scope} {where}"] = h.sign_request(
                "POST", server.host, server.port, "/phone-number/list", body=json.dumps(body).encode()
            )
    return requests


def describe_requests(server: h.ServerProcess, loaded: loader.Loaded) -> list[h.SignedRequest]:
    sample = random.Random(7).sample(loaded.number_ids, min(DESCRIBE_SAMPLE, len(loaded.number_ids)))
    return [h.sign_request("GET", server.host, server.port, f"/phone-number/{pid}") for pid in sample]


def checked(server: h.ServerProcess, request: h.SignedRequest, expect_items: int | None = None) -> None:
    status, body = h.preflight(server.host, server.port, request)
    if status != 200:
        raise RuntimeError(f"{request.method} {request.path} answered {status}: {body[:300]!r}")
    if expect_items is not None:
        items = json.loads(body)["ListPhoneNumbersSummaryList"]
        if len(items) != expect_items:
            raise RuntimeError(f"expected a page of {expect_items}, got {len(items)}")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def warm(path: Path) -> None:
    """Read the state file once so the OS page cache holds it: otherwise the first run measures the disk."""
    with open(path, "rb") as stream:
        while stream.read(8 << 20):
            pass


def measure_pages(states: dict[int, tuple[Path, loader.Loaded]],
                  args: argparse.Namespace) -> tuple[dict[int, dict[str, float]], int]:
    """p50 of each page at every size, from rounds that alternate the sizes page by page (medians).

    Interleaving matters more than anything else here: the target is a ratio between sizes, and a neighbour
    that slows the machine for a minute must slow both sides of it. Pages are timed with the read cache off:
    the same page asked again would otherwise be a cache hit, and the target is about what a page costs the
    store at 1M.
    """
    server_cpus, wrk_cpus = h.cpu_split() if not args.no_pin else ([], [])
    errors = 0
    with h.terminate_as_exception(), contextlib.ExitStack() as stack:
        servers: dict[int, tuple[h.ServerProcess, dict[str, h.SignedRequest]]] = {}
        for size, (path, loaded) in states.items():
            warm(path)
            spec = h.connect_local_spec("--state", str(path), "--delay", "0", "--read-cache", "0")
            server = stack.enter_context(h.ServerProcess(spec, cpus=server_cpus, nice=args.nice))
            pages = page_requests(server, loaded)
            for request in pages.values():
                checked(server, request, expect_items=min(PAGE, size))
            servers[size] = (server, pages)
        names = list(next(iter(servers.values()))[1])
        samples: dict[int, dict[str, list[float]]] = {size: {name: [] for name in names} for size in servers}
        order = list(servers)
        for number in range(args.rounds):
            for name in names:
                for size in order if number % 2 == 0 else order[::-1]:
                    server, pages = servers[size]
                    result = h.run_wrk(server.endpoint, [pages[name]], connections=1, duration=args.duration,
                                       cpus=wrk_cpus, nice=args.nice, server=server)
                    errors += sum(result.errors.values())
                    samples[size][name].append(result.p50_ms)
                h.log(f"round {number + 1}/{args.rounds}  ListPhoneNumbersV2 {name:<16} p50 ms "
                      + "  ".join(f"{size:,}: {samples[size][name][-1]:.2f}" for size in order))
    return {size: {name: h.median(values) for name, values in by_name.items()}
            for size, by_name in samples.items()}, errors


def measure(size: int, path: Path, loaded: loader.Loaded, pages_ms: dict[str, float],
            args: argparse.Namespace) -> Figures:
    """DescribePhoneNumber next to the null app, and the server's RSS, at one size (measure_pages warmed `path`)."""
    server_cpus, wrk_cpus = h.cpu_split() if not args.no_pin else ([], [])
    spec = h.connect_local_spec("--state", str(path), "--delay", "0")
    null = h.null_app_spec()
    errors = 0
    with (
        h.terminate_as_exception(),
        h.ServerProcess(spec, cpus=server_cpus, nice=args.nice) as server,
        h.ServerProcess(null, cpus=server_cpus, nice=args.nice) as null_server,
    ):
        describes = describe_requests(server, loaded)
        checked(server, describes[0])
        targets = (server, null_server)

        def load(target: h.ServerProcess, seconds: float) -> h.LoadResult:
            return h.run_wrk(target.endpoint, describes, connections=DESCRIBE_CONNECTIONS, duration=seconds,
                             cpus=wrk_cpus, nice=args.nice, server=target)

        for target in targets:
            load(target, 1.0)  # warm-up: first-request paths, the read cache, the OS page cache
        rounds: list[tuple[h.LoadResult, h.LoadResult]] = []
        for number in range(args.rounds):  # interleaved, so a noisy neighbour hits both servers alike
            first, second = targets if number % 2 == 0 else targets[::-1]
            results = {first.pid: load(first, args.duration), second.pid: load(second, args.duration)}
            rounds.append((results[server.pid], results[null_server.pid]))
            errors += sum(results[server.pid].errors.values())
            h.log(f"{size:>9,}  DescribePhoneNumber round {number + 1}: {results[server.pid].rps:,.0f} req/s "
                  f"(null app {results[null_server.pid].rps:,.0f})")
        rss = rss_mb(server.pid)
    def med(values: Sequence[float | None]) -> float:
        return h.median([v for v in values if v is not None]) if any(v is not None for v in values) else math.nan

    return Figures(
        size,
        pages_ms,
        med([ours.rps for ours, _ in rounds]),
        med([ours.p99_ms for ours, _ in rounds]),
        med([null.rps for _, null in rounds]),
        med([ours.rps / null.rps for ours, null in rounds]),
        med([ours.server_us_per_request for ours, _ in rounds]),
        med([null.server_us_per_request for _, null in rounds]),
        rss,
        errors,
    )


def report(results: Sequence[Figures]) -> None:
    names = list(results[0].pages_ms)
    headers = ["measure", *(f"{r.size:,} numbers" for r in results)]
    rows = [[f"ListPhoneNumbersV2 {n} p50 ms", *(h.fmt_num(r.pages_ms[n]) for r in results)] for n in names]
    rows += [
        ["DescribePhoneNumber req/s (8 conn)", *(h.fmt_num(r.describe_rps, 0) for r in results)],
        ["DescribePhoneNumber p99 ms", *(h.fmt_num(r.describe_p99_ms) for r in results)],
        ["null app req/s (8 conn)", *(h.fmt_num(r.null_rps, 0) for r in results)],
        ["Describe / null (median of rounds)", *(f"{r.describe_share:.1%}" for r in results)],
        ["DescribePhoneNumber server CPU us/req", *(h.fmt_num(r.describe_cpu_us, 0) for r in results)],
        ["null app server CPU us/req", *(h.fmt_num(r.null_cpu_us, 0) for r in results)],
        ["server RSS MB", *(h.fmt_num(r.rss_mb, 1) for r in results)],
        ["errors", *(str(r.errors) for r in results)],
    ]
    print(h.format_table(headers, rows))
    small, large = results[0], results[-1]
    print()
    worst = max(large.pages_ms[n] / small.pages_ms[n] for n in names)
    verdict = "PASS" if worst <= TARGET_PAGE_RATIO else "FAIL"
    print(
        f"{verdict}  page at {large.size:,} costs {worst:.2f}x a page at {small.size:,} "
        f"(worst of {len(names)}; target <= {TARGET_PAGE_RATIO}x)"
    )
    share = large.describe_share
    verdict = "PASS" if share >= TARGET_DESCRIBE_SHARE else "FAIL"
    print(
        f"{verdict}  DescribePhoneNumber at {large.size:,}: {share:.1%} of the null app "
        f"(target >= {TARGET_DESCRIBE_SHARE:.0%})"
    )
    verdict = "PASS" if large.rss_mb <= TARGET_RSS_MB else "FAIL"
    print(
        f"{verdict}  server RSS at {large.size:,}: {large.rss_mb:.0f} MB (target <= {TARGET_RSS_MB:.0f} MB)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--sizes", default="1000,1000000", help="numbers per run, smallest first (1000,1000000)"
    )
    parser.add_argument("--duration", type=float, default=3.0, help="seconds per measurement (3)")
    parser.add_argument(
        "--state-dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "connect-local-bench",
        help="where bulk-loaded state files are kept between runs",
    )
    parser.add_argument("--rounds", type=int, default=3,
                        help="measured rounds (pages: the sizes alternate; DescribePhoneNumber: with the null app); "
                             "figures are medians (3)")
    parser.add_argument("--no-pin", action="store_true", help="do not pin servers and wrk to separate CPUs")
    parser.add_argument("--nice", type=int, default=0,
                        help="niceness for servers and wrk; negative (root only) keeps a busy machine's "
                             "neighbours off them (0)")
    args = parser.parse_args(argv)
    if h.wrk_path() is None:
        print(h.WRK_INSTALL_HINT, file=sys.stderr)
        return 2
    args.state_dir.mkdir(parents=True, exist_ok=True)
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    states = {size: state_file(args.state_dir, size) for size in sizes}
    pages_ms, page_errors = measure_pages(states, args)
    results = [measure(size, *states[size], pages_ms[size], args) for size in sizes]
    if page_errors:
        h.log(f"ListPhoneNumbersV2: {page_errors} errors")
    report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
