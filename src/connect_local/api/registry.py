"""Operation name -> handler. A handler takes the request's Call and parsed parameters and returns the output."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connect_local.domain.records import Call

Handler = Callable[[Call, dict[str, Any]], dict[str, Any] | None]

HANDLERS: dict[str, Handler] = {}
READ_ONLY: set[str] = set()


def handles(operation: str, *, read_only: bool = False) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        HANDLERS[operation] = handler
        if read_only:
            READ_ONLY.add(operation)
        return handler

    return register
