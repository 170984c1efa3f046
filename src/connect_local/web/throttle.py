"""Optional rate limiting (`serve --throttle`), so users can exercise their retry code.

Token buckets per (account, Region, operation), as AWS enforces Connect quotas per account and Region. Rates are
the Service Quotas defaults (spec errors-auth-pagination.md §6); operations not listed get the general Connect
default of 2 requests per second; every bucket holds a burst of 5. Exceeding one answers ThrottlingException 429.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from connect_local.errors import ThrottlingException

DEFAULT_RATE = 2.0
BURST = 5.0
RATES: dict[str, float] = {
    "CreateInstance": 0.1,
    "DeleteInstance": 0.1,
    "ListUsers": 10.0,
    "DescribeUser": 10.0,
    # Every other operation the spec lists (ReplicateInstance, the TDG, phone-number, flow and tagging
    # operations, ListInstances) is published at DEFAULT_RATE.
}
# Above this many buckets, full ones are dropped: a full bucket behaves exactly like a missing one, and in
# permissive mode any caller can invent accounts, so the table must not grow without bound.
_SWEEP_AT = 10_000


class Throttle:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        # key -> (tokens, time of last refill). Used from the event loop's thread only, so no lock.
        self._buckets: dict[tuple[str, str, str], tuple[float, float]] = {}

    def check(self, account: str, region: str, operation: str) -> None:
        """Take one token, or raise ThrottlingException."""
        now = self._clock()
        rate = RATES.get(operation, DEFAULT_RATE)
        key = (account, region, operation)
        tokens, then = self._buckets.get(key, (BURST, now))
        tokens = min(BURST, tokens + (now - then) * rate)
        if tokens < 1.0:
            self._buckets[key] = (tokens, now)
            raise ThrottlingException(f"Rate exceeded for {operation}: {rate:g} requests per second "
                                      f"with a burst of {BURST:g}.")
        self._buckets[key] = (tokens - 1.0, now)
        if len(self._buckets) > _SWEEP_AT:
            self._sweep(now)

    def _sweep(self, now: float) -> None:
        self._buckets = {
            key: (tokens, then) for key, (tokens, then) in self._buckets.items()
            if tokens + (now - then) * RATES.get(key[2], DEFAULT_RATE) < BURST
        }
