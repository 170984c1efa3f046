"""Operation name -> handler. A handler takes the request's Call and parsed parameters and returns the output."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connect_local.domain.global_resiliency import require_enabled
from connect_local.domain.records import Call

Handler = Callable[[Call, dict[str, Any]], dict[str, Any] | None]

HANDLERS: dict[str, Handler] = {}
READ_ONLY: set[str] = set()


def handles(operation: str, *, read_only: bool = False,
            global_resiliency: bool = False) -> Callable[[Handler], Handler]:
    """Register the handler of `operation`; `global_resiliency`: only for accounts AWS has enabled it for."""

    def register(handler: Handler) -> Handler:
        HANDLERS[operation] = _enabled_only(handler) if global_resiliency else handler
        if read_only:
            READ_ONLY.add(operation)
        return handler

    return register


def _enabled_only(handler: Handler) -> Handler:
    def gated(call: Call, params: dict[str, Any]) -> dict[str, Any] | None:
        require_enabled(call)
        return handler(call, params)

    return gated
