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


class Binding:
    """What a token is bound to: account, Region, operation and the other parameters.

    The digest is computed only when a token is made or checked: most list calls fit in one page and need neither.
    """

    __slots__ = ("_digest", "_request")

    def __init__(self, request: list[Any]) -> None:
        self._request = request
        self._digest: str | None = None

    @property
    def digest(self) -> str:
        if self._digest is None:
            text = json.dumps(self._request, sort_keys=True, default=str)
            self._digest = hashlib.sha256(text.encode()).hexdigest()[:24]
        return self._digest


def fingerprint(call_account: str, region: str, operation: str, params: dict[str, Any]) -> Binding:
    others = {k: v for k, v in params.items() if k not in ("NextToken", "MaxResults")}
    return Binding([call_account, region, operation, others])


def encode(position: Any, bound_to: Binding) -> str:
    raw = json.dumps({"p": position, "b": bound_to.digest}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(token: str | None, bound_to: Binding, error: type[ServiceError]) -> Any:
    """The position a token resumes from (None for the first page); `error` for a bad or foreign token."""
    if token is None:
        return None
    try:
        padded = token + "=" * (-len(token) % 4)
        document = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        position, bound = document["p"], document["b"]
    except (ValueError, KeyError, TypeError):  # bad base64, bad JSON, wrong document shape
        raise error("The nextToken is not valid.") from None
    if bound != bound_to.digest:
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
