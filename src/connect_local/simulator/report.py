"""Readable text for the JSON documents the call simulator and the doctor return (used by the CLI)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], right: Sequence[int] = ()) -> str:
    """Columns padded to their widest cell; `right` lists the columns to right-align (numbers)."""
    cells = [list(headers)] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        padded = (c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths)))
        return "  ".join(padded).rstrip()

    return "\n".join([line(cells[0]), line(["-" * w for w in widths])] + [line(r) for r in cells[1:]])


def _percent(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "-"


def route_text(route: dict[str, Any]) -> str:
    """One route: where the call lands and the path through the flow, or why it fails."""
    where = route.get("region") or "no Region"
    if not route["connected"]:
        failure = route["failure"]
        return f"{route['phoneNumber']}: the call fails ({where})\n  {failure['code']}: {failure['message']}"
    flow = route["flow"]
    lines = [f"{route['phoneNumber']} -> {where}, instance {route['instanceId']}, flow \"{flow['name']}\"",
             f"  flow: {flow['arn']}"]
    if route.get("targetType") == "TRAFFIC_DISTRIBUTION_GROUP":
        split = ", ".join(f"{r} {p}%" for r, p in sorted(route["distribution"].items()))
        lines.append(f"  via traffic distribution group {route['trafficDistributionGroup']} ({split})")
    steps = [[i, s["type"], s["detail"], s["branch"] or ""] for i, s in enumerate(route["path"], 1)]
    lines.append("  " + table(["#", "Block", "What happens", "Branch taken"], steps, right=[0])
                 .replace("\n", "\n  "))
    ending = f"  outcome: {route['outcome']}" + (f" (queue {route['queue']})" if route.get("queue") else "")
    lines.append(ending)
    if route["unsupported"]:
        lines.append(f"  not simulated (taken as their next action): {', '.join(route['unsupported'])}")
    return "\n".join(lines)


def calls_text(report: dict[str, Any]) -> str:
    if report["calls"] == 1:
        return route_text(report["routes"][0])
    total = report["calls"]
    seed = "" if report["seed"] is None else f" (seed {report['seed']})"
    regions = [[r["region"] or "(none)", r["calls"], _percent(r["calls"], total),
                "" if r["configuredPercentage"] is None else f"{r['configuredPercentage']}%", r["connected"]]
               for r in report["byRegion"]]
    outcomes = [[o["outcome"], o["calls"], _percent(o["calls"], total)] for o in report["byOutcome"]]
    parts = [f"{total} calls to {report['phoneNumber']}{seed}: {report['connected']} connected",
             table(["Region", "Calls", "Share", "Configured", "Connected"], regions, right=[1, 2, 3, 4]),
             table(["Outcome", "Calls", "Share"], outcomes, right=[1, 2])]
    for route in report["routes"]:
        parts.append(f"{route['calls']} call(s):\n" + route_text(route))
    return "\n\n".join(parts)


def doctor_text(report: dict[str, Any]) -> str:
    checked = report["checked"]
    head = (f"account {report['account']}: {checked['phoneNumbers']} phone number(s), "
            f"{checked['trafficDistributionGroups']} traffic distribution group(s)")
    if checked["regionsDown"]:
        head += f", Regions down: {', '.join(checked['regionsDown'])}"
    verdict = ("READY: no number would drop calls in any Region." if report["ready"]
               else f"NOT READY: {report['errors']} error(s), {report['warnings']} warning(s).")
    if not report["findings"]:
        return f"{head}\n{verdict}"
    rows = [[f["severity"], f["code"], f["subject"], f["region"] or "",
             "" if f["trafficPercentage"] is None else f"{f['trafficPercentage']}%", f["message"]]
            for f in report["findings"]]
    return "\n\n".join([head, table(["Severity", "Finding", "Subject", "Region", "Traffic", "Detail"], rows,
                                    right=[4]), verdict])
