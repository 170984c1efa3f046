"""Opaque page tokens bound to the request that produced them.

A token carries the last position served and a fingerprint of the account, Region, operation and the other
parameters; a token replayed with other parameters or by another account is refused. A page costs O(page).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from typing import Any

from connect_local.domain.records import Record
from connect_local.errors import ServiceError


def fingerprint(call_account: str, region: str, operation: str, params: dict[str, Any]) -> str:
    others = {k: v for k, v in params.items() if k not in ("NextToken", "MaxResults")}
    text = json.dumps([call_account, region, operation, others], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def encode(position: Any, bound_to: str) -> str:
    raw = json.dumps({"p": position, "b": bound_to}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(token: str | None, bound_to: str, error: type[ServiceError]) -> Any:
    """The position a token resumes from (None for the first page); `error` for a bad or foreign token."""
    if token is None:
        return None
    try:
        padded = token + "=" * (-len(token) % 4)
        document = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        position, bound = document["p"], document["b"]
    except (ValueError, KeyError, TypeError):  # bad base64, bad JSON, wrong document shape
        raise error("The nextToken is not valid.") from None
    if bound != bound_to:
        raise error("The nextToken is not valid for this request.")
    return position


def filtered_page(fetch: Callable[[int, int], list[Record]], keep: Callable[[Record], bool], after: int,
                  limit: int) -> tuple[list[Record], bool]:
    """Up to `limit` items that `keep` accepts, reading `fetch(after_seq, n)` in batches; and whether more follow.

    For listings with a filter the store cannot apply: the cost stays proportional to what is skipped and served.
    """
    page: list[Record] = []
    while True:
        batch = fetch(after, limit + 1)
        for item in batch:
            if keep(item):
                if len(page) == limit:
                    return page, True
                page.append(item)
        if len(batch) <= limit:
            return page, False
        after = batch[-1].seq
