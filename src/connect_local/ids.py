"""Resource identifiers and ARNs."""

from __future__ import annotations

import os
import random
import uuid


class IdFactory:
    """Lower-case UUIDs; seedable so tests and examples can be reproducible."""

    def __init__(self, seed: int | None = None) -> None:
        self._random = random.Random(seed) if seed is not None else None

    def new(self) -> str:
        if self._random is None:
            return str(uuid.uuid4())
        return str(uuid.UUID(int=self._random.getrandbits(128), version=4))


def arn(region: str, account: str, resource: str) -> str:
    return f"arn:aws:connect:{region}:{account}:{resource}"


def instance_arn(region: str, account: str, instance_id: str) -> str:
    return arn(region, account, f"instance/{instance_id}")


def tdg_arn(region: str, account: str, tdg_id: str) -> str:
    return arn(region, account, f"traffic-distribution-group/{tdg_id}")


def phone_number_arn(region: str, account: str, number_id: str) -> str:
    return arn(region, account, f"phone-number/{number_id}")


def legacy_phone_number_arn(region: str, account: str, instance_id: str, number_id: str) -> str:
    return arn(region, account, f"instance/{instance_id}/phone-number/{number_id}")


def flow_arn(region: str, account: str, instance_id: str, flow_id: str) -> str:
    return arn(region, account, f"instance/{instance_id}/contact-flow/{flow_id}")


def user_arn(region: str, account: str, instance_id: str, user_id: str) -> str:
    return arn(region, account, f"instance/{instance_id}/agent/{user_id}")


def instance_child_arn(region: str, account: str, instance_id: str, kind: str, child_id: str) -> str:
    return arn(region, account, f"instance/{instance_id}/{kind}/{child_id}")


def request_id() -> str:
    """A random UUID-shaped request id, built without the uuid module's overhead (this runs on every request)."""
    h = os.urandom(16).hex()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:32]}"
