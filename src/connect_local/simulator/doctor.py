"""Failover readiness: every way the stored state would drop (or strand) calls, found without placing any.

For every number of the account and every Region its traffic can be sent to, the doctor lands a call there the
way the simulator does. A Region that receives traffic now and cannot take it drops calls now; one that
receives none would drop them the moment traffic is shifted to it (a failover). Both are errors.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from connect_local.domain import phone_numbers, tdgs
from connect_local.domain.records import Call, Record
from connect_local.simulator import reasons, routing
from connect_local.simulator.reasons import Failure

ERROR = "error"  # calls would be dropped: fails the gate
WARNING = "warning"  # worth knowing, but no call is dropped

NUMBER_FAILED = "NUMBER_FAILED"
NUMBER_IN_PROGRESS = "NUMBER_IN_PROGRESS"
TDG_NOT_ACTIVE = "TDG_NOT_ACTIVE"
TRAFFIC_TO_BROKEN_REGION = "TRAFFIC_TO_BROKEN_REGION"  # a Region receiving calls cannot take them
# A Region receiving no traffic now that could not take it after a failover, by what is wrong there:
NO_FLOW_IN_REGION = "NO_FLOW_IN_REGION"  # the seed's pitfall: the flow was associated in one Region only
FLOW_ARCHIVED = "FLOW_ARCHIVED"
FLOW_NOT_PUBLISHED = "FLOW_NOT_PUBLISHED"
INBOUND_CALLS_DISABLED = "INBOUND_CALLS_DISABLED"
AGENTS_NOT_FOLLOWING_TELEPHONY = "AGENTS_NOT_FOLLOWING_TELEPHONY"

_FAILOVER_CODES = {
    reasons.NO_FLOW: NO_FLOW_IN_REGION,
    reasons.FLOW_ARCHIVED: FLOW_ARCHIVED,
    reasons.FLOW_NOT_PUBLISHED: FLOW_NOT_PUBLISHED,
    reasons.INBOUND_CALLS_DISABLED: INBOUND_CALLS_DISABLED,
}


@dataclass(frozen=True)
class Finding:
    severity: str
    code: str
    subject: str  # the phone number (E.164) or the TDG's name
    resource: str  # its ARN
    message: str
    region: str | None = None
    trafficPercentage: int | None = None
    reason: str | None = None  # the simulator's failure code behind the finding


def examine(call: Call, regions_down: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The readiness report of the caller's account, JSON-ready."""
    numbers = call.uow.find(phone_numbers.KIND, call.account)
    groups = call.uow.find(tdgs.KIND, call.account)
    findings: list[Finding] = []
    for number in numbers:
        findings.extend(_number_findings(call, number, regions_down))
    targeted = {str(n.data.get("TargetArn")) for n in numbers}
    for tdg in groups:
        findings.extend(_tdg_findings(tdg, str(tdg.data["Arn"]) in targeted))
    errors = sum(f.severity == ERROR for f in findings)
    return {
        "account": call.account,
        "ready": errors == 0,
        "errors": errors,
        "warnings": len(findings) - errors,
        "checked": {"phoneNumbers": len(numbers), "trafficDistributionGroups": len(groups),
                    "regionsDown": sorted(regions_down)},
        "findings": [asdict(f) for f in findings],
    }


def _number_findings(call: Call, number: Record, regions_down: frozenset[str]) -> list[Finding]:
    e164, arn = str(number.data["PhoneNumber"]), str(number.data.get("PhoneNumberArn", ""))
    target = routing.target_of(call, number)
    if isinstance(target, Failure):
        status = (number.data.get("PhoneNumberStatus") or {}).get("Status")
        code = target.code
        if code == reasons.NUMBER_NOT_CLAIMED:
            code = NUMBER_FAILED if status == "FAILED" else NUMBER_IN_PROGRESS
        return [Finding(ERROR, code, e164, arn, target.message, number.region, reason=target.code)]
    findings = []
    for region, percentage in sorted(target.distribution.items()):
        landing = routing.land(call, target, region, regions_down)
        if not isinstance(landing, Failure):
            continue
        if percentage > 0:
            findings.append(Finding(ERROR, TRAFFIC_TO_BROKEN_REGION, e164, arn,
                                    f"{percentage}% of calls to {e164} go to {region} and fail: {landing.message}",
                                    region, percentage, landing.code))
        elif landing.code in _FAILOVER_CODES:  # a Region down with no traffic is a completed failover
            findings.append(Finding(ERROR, _FAILOVER_CODES[landing.code], e164, arn,
                                    f"{region} receives no calls for {e164} now, but shifting traffic there "
                                    f"would drop them: {landing.message}", region, 0, landing.code))
    return findings


def _tdg_findings(tdg: Record, has_numbers: bool) -> list[Finding]:
    data = tdg.data
    name, arn, status = str(data.get("Name")), str(data["Arn"]), data.get("Status")
    if status not in routing.ROUTING_TDG_STATUSES:
        # Its numbers are reported one by one (TDG_NOT_ACTIVE errors); an empty group only needs attention.
        if has_numbers:
            return []
        return [Finding(WARNING, TDG_NOT_ACTIVE, name, arn, f"traffic distribution group {name} is {status}.")]
    telephony = tdgs.telephony_distribution(tdg)
    agents = {d["Region"]: d["Percentage"] for d in data.get("AgentConfig", {}).get("Distributions", ())}
    findings = []
    for region in sorted(set(telephony) | set(agents)):
        calls, staffed = telephony.get(region, 0), agents.get(region, 0)
        if calls == staffed:
            continue
        # Calls sent where no agent works wait in queue for nobody: as good as dropped.
        stranded = calls > 0 and staffed == 0 and has_numbers
        findings.append(Finding(
            ERROR if stranded else WARNING, AGENTS_NOT_FOLLOWING_TELEPHONY, name, arn,
            f"{region} receives {calls}% of calls but {staffed}% of agents"
            + (" - its callers wait for agents who are all elsewhere." if stranded else "."),
            region, calls))
    return findings
