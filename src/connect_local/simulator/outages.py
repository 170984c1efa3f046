"""Regions the operator has marked down (POST /_connect-local/regions): a simulator setting, kept in the store so
it survives restarts and is shared by every server process on the same state.

One record for the whole emulator: a Region outage hits every tenant.
"""

from __future__ import annotations

from connect_local.domain.records import Call, Record

KIND = "simulator_regions_down"
ACCOUNT = ""  # not a tenant's resource
REGION = ""
ID = "regions-down"


def regions_down(call: Call) -> frozenset[str]:
    record = call.uow.get(KIND, ACCOUNT, REGION, ID)
    return frozenset(record.data.get("Down", ())) if record else frozenset()


def record_of(down: frozenset[str]) -> Record:
    """The stored form of the switch (written by the control plane, never by the simulator)."""
    return Record(KIND, ACCOUNT, REGION, ID, {"Down": sorted(down)})
