"""Simulate inbound calls to a number: pick the Region by the telephony distribution, land, walk the flow.

Only the Region and the DistributeByPercentage draw are random (random.Random(seed)); a route is computed once per
(Region, draw) and reused, so ten thousand calls cost a few walks.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from typing import Any

from connect_local.domain.flow_walk import CallContext
from connect_local.domain.records import Call
from connect_local.simulator import routing
from connect_local.simulator.path import follow
from connect_local.simulator.reasons import Failure

MAX_CALLS = 100_000


@dataclass(frozen=True)
class Conditions:
    """The world the calls meet: Regions that are down, whether it is open hours, whether Lambdas work."""

    regions_down: frozenset[str] = frozenset()
    hours_open: bool = True
    lambda_succeeds: bool = True


def simulate(call: Call, e164: str, count: int = 1, seed: int | None = None,
             conditions: Conditions = Conditions()) -> dict[str, Any]:
    """A JSON-ready report of `count` calls: distinct routes with their counts, split by Region and outcome."""
    rng = random.Random(seed)
    routes: dict[tuple[str | None, int], dict[str, Any]] = {}
    counts: Counter[tuple[str | None, int]] = Counter()
    base: dict[str, Any] = {"phoneNumber": e164}
    number = routing.find_number(call, e164)
    target = number if isinstance(number, Failure) else routing.target_of(call, number)
    if isinstance(target, Failure):
        routes[(None, 0)] = {**base, **_failed(target)}
        counts[(None, 0)] = count
    else:
        base.update(_describe_target(target))
        regions = sorted(target.distribution)
        weights = [target.distribution[r] for r in regions]
        for _ in range(count):
            key = (rng.choices(regions, weights)[0], rng.randint(1, 100))
            if key not in routes:
                routes[key] = {**base, **_route(call, target, key[0], key[1], conditions)}
            counts[key] += 1
    return _report(e164, call.account, count, seed, target, routes, counts)


def _describe_target(target: routing.Target) -> dict[str, Any]:
    tdg = target.tdg
    return {
        "phoneNumberArn": target.number.data.get("PhoneNumberArn"),
        "targetArn": target.number.data.get("TargetArn"),
        "targetType": "TRAFFIC_DISTRIBUTION_GROUP" if tdg else "INSTANCE",
        "trafficDistributionGroup": tdg.data.get("Name") if tdg else None,
        "distribution": target.distribution,
        "instanceId": target.instance_id,
    }


def _route(call: Call, target: routing.Target, region: str, draw: int, conditions: Conditions) -> dict[str, Any]:
    landing = routing.land(call, target, region, conditions.regions_down)
    if isinstance(landing, Failure):
        return {"region": region, **_failed(landing)}
    ctx = CallContext(
        region=region,
        system={"SystemEndpoint.Address": target.e164, "Channel": "VOICE", "InitiationMethod": "INBOUND",
                "InstanceARN": str(landing.instance.data.get("Arn", ""))},
        hours_open=conditions.hours_open,
        lambda_succeeds=conditions.lambda_succeeds,
        percentage=draw,
    )
    here = call.elsewhere(target.number.account, region)
    path = follow(here, target.instance_id, landing.flow, ctx)
    flow = landing.flow.data
    return {
        "region": region,
        "connected": True,
        "instanceArn": landing.instance.data.get("Arn"),
        "flow": {"id": flow.get("Id"), "arn": flow.get("Arn"), "name": flow.get("Name")},
        "path": [{"flow": hop.flow.data.get("Name"), "identifier": hop.step.identifier,
                  "type": hop.step.action_type, "detail": hop.step.detail, "branch": hop.step.branch}
                 for hop in path.hops],
        "outcome": path.outcome,
        "queue": path.queue,
        "unsupported": list(path.unsupported),
    }


def _failed(failure: Failure) -> dict[str, Any]:
    return {"connected": False, "failure": {"code": failure.code, "message": failure.message}}


def outcome_of(route: dict[str, Any]) -> str:
    """`connected:<how the walk ended>` or the failure code: the key calls are counted by."""
    return f"connected:{route['outcome']}" if route["connected"] else str(route["failure"]["code"])


def _report(e164: str, account: str, count: int, seed: int | None, target: routing.Target | Failure,
            routes: dict[tuple[str | None, int], dict[str, Any]],
            counts: Counter[tuple[str | None, int]]) -> dict[str, Any]:
    distribution = {} if isinstance(target, Failure) else target.distribution
    by_region: Counter[str | None] = Counter()
    connected: Counter[str | None] = Counter()
    by_outcome: Counter[str] = Counter()
    distinct: dict[str, dict[str, Any]] = {}
    for key, calls in counts.items():
        route = routes[key]
        by_region[key[0]] += calls
        connected[key[0]] += calls if route["connected"] else 0
        by_outcome[outcome_of(route)] += calls
        distinct.setdefault(_signature(route), {**route, "calls": 0})["calls"] += calls
    regions = sorted(set(distribution) | set(by_region), key=lambda r: (r is None, r or ""))
    return {
        "phoneNumber": e164,
        "account": account,
        "calls": count,
        "seed": seed,
        "connected": sum(connected.values()),
        "byRegion": [{"region": r, "calls": by_region[r], "connected": connected[r],
                      "configuredPercentage": distribution.get(r) if r else None} for r in regions],
        "byOutcome": [{"outcome": o, "calls": n} for o, n in by_outcome.most_common()],
        "routes": sorted(distinct.values(), key=lambda r: -r["calls"]),
    }


def _signature(route: dict[str, Any]) -> str:
    """Routes through the same blocks and branches are one route to the reader, whatever number was drawn."""
    steps = [(step["identifier"], step["branch"]) for step in route.get("path", ())]
    return repr((route.get("region"), route.get("failure"), route.get("outcome"), route.get("queue"), steps))
