"""ClientToken semantics, one mechanism for every operation that carries a token.

Same token and same input within the window -> the original response again, no new side effects. Same token with
other input -> the operation's mismatch error. Tokens are scoped per (account, Region, operation).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from connect_local.domain.records import Call, Remembered
from connect_local.errors import ServiceError

Result = dict[str, Any]


def once(
    call: Call,
    operation: str,
    token: str | None,
    request: dict[str, Any],
    mismatch: type[ServiceError],
    perform: Callable[[], Result],
) -> Result:
    if not token:
        return perform()
    request_fingerprint = _fingerprint(request)
    earlier = call.uow.recall(call.account, call.region, operation, token)
    if earlier is not None and earlier.expires > call.now:
        if earlier.fingerprint != request_fingerprint:
            raise mismatch(
                f"The ClientToken {token} was already used with different parameters for {operation}."
            )
        return earlier.result
    result = perform()
    expires = call.now + call.settings.idempotency_window
    call.uow.remember(call.account, call.region, operation, token,
                      Remembered(request_fingerprint, result, expires))
    return result


def _fingerprint(request: dict[str, Any]) -> str:
    text = json.dumps({k: v for k, v in request.items() if k != "ClientToken"}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()
