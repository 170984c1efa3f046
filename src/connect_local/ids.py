"""Resource identifiers and ARNs."""

from __future__ import annotations

import itertools
import random
import re
import uuid

ACCOUNT_ID = re.compile(r"[0-9]{12}")  # not \d: that admits non-ASCII digits
# A Region name as it can appear in an ARN (us-east-1, ap-northeast-3, us-gov-west-1).
REGION_NAME = re.compile(r"[a-z]{2}(-[a-z]+){1,2}-[0-9]")


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


_REQUEST_PREFIX = str(uuid.uuid4())[:24]  # random per process, so processes sharing a state never collide
_request_counter = itertools.count(random.getrandbits(40))


def request_id() -> str:
    """A UUID-shaped request id, unique per process and cheap to make (this runs on every request)."""
    return f"{_REQUEST_PREFIX}{next(_request_counter) & 0xFFFFFFFFFFFF:012x}"
