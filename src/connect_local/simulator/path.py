"""The path a caller takes through the answering flow, following transfers to other flows of the instance."""

from __future__ import annotations

from dataclasses import dataclass, replace

from connect_local.domain import flows
from connect_local.domain.flow_walk import CallContext, Outcome, Step, walk
from connect_local.domain.records import Call, Record

MAX_TRANSFERS = 5  # a flow that transfers in a circle is reported, not followed forever


@dataclass(frozen=True)
class Hop:
    flow: Record
    step: Step


@dataclass(frozen=True)
class Path:
    hops: tuple[Hop, ...]
    outcome: Outcome
    queue: str | None
    unsupported: tuple[str, ...]  # block types met that the walker does not simulate


def follow(call: Call, instance_id: str, flow: Record, ctx: CallContext) -> Path:
    hops: list[Hop] = []
    unsupported: list[str] = []
    for _ in range(MAX_TRANSFERS + 1):
        result = walk(str(flow.data.get("Content", "")), ctx)
        hops.extend(Hop(flow, step) for step in result.steps)
        unsupported.extend(t for t in result.unsupported if t not in unsupported)
        if result.outcome != "transferred" or result.flow is None:
            return Path(tuple(hops), result.outcome, result.queue, tuple(unsupported))
        following = flows.lookup(call, instance_id, result.flow)
        if following is None:  # handed to a flow that is not there: the path stops at the transfer
            return Path(tuple(hops), "invalid", result.queue, tuple(unsupported))
        flow = following
        ctx = replace(ctx, queue=result.queue)  # the working queue set so far travels with the contact
    return Path(tuple(hops), "loop", None, tuple(unsupported))
