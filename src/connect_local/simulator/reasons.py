"""Why a simulated call fails: stable machine-readable codes, each with a human explanation."""

from __future__ import annotations

from dataclasses import dataclass

NUMBER_UNKNOWN = "NUMBER_UNKNOWN"  # no number with this E.164 in the caller's account
NUMBER_NOT_CLAIMED = "NUMBER_NOT_CLAIMED"  # IN_PROGRESS or FAILED
TDG_NOT_ACTIVE = "TDG_NOT_ACTIVE"  # the number's traffic distribution group is gone or not ACTIVE
REGION_DOWN = "REGION_DOWN"  # traffic goes to a Region marked down (before the operator shifts it)
INBOUND_CALLS_DISABLED = "INBOUND_CALLS_DISABLED"  # the instance in the chosen Region refuses inbound calls
NO_FLOW = "NO_FLOW"  # no flow associated with the number in the chosen Region (the seed's pitfall)
FLOW_ARCHIVED = "FLOW_ARCHIVED"
FLOW_NOT_PUBLISHED = "FLOW_NOT_PUBLISHED"

ALL = (NUMBER_UNKNOWN, NUMBER_NOT_CLAIMED, TDG_NOT_ACTIVE, REGION_DOWN, INBOUND_CALLS_DISABLED, NO_FLOW,
       FLOW_ARCHIVED, FLOW_NOT_PUBLISHED)


@dataclass(frozen=True)
class Failure:
    code: str  # one of ALL
    message: str
