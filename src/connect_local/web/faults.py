"""Control-plane endpoints for fault injection: arm (POST), list (GET) and clear (DELETE) /_connect-local/faults."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from connect_local.domain import faults
from connect_local.domain.records import Call
from connect_local.protocol.parser import RawRequest
from connect_local.web.control import ControlError, body_json, endpoint

if TYPE_CHECKING:
    from connect_local.web.app import App


def _with_call(app: App, action: Callable[[Call], Any]) -> Any:
    """Run `action` in one unit of work; a control request has no caller identity, so default account/Region."""
    with app.service.call(app.settings.default_account, app.settings.default_region) as call:
        return action(call)


@endpoint("POST", "faults")
def arm(app: App, request: RawRequest) -> tuple[int, Any]:
    document = body_json(request)
    try:
        return 200, _with_call(app, lambda call: faults.arm(call, document))
    except ValueError as exc:
        raise ControlError(400, f"{exc}; send e.g. {{\"operation\": \"CreateInstance\", \"count\": 1}}") from None


@endpoint("GET", "faults")
def armed(app: App, request: RawRequest) -> tuple[int, Any]:
    return 200, {"faults": _with_call(app, faults.armed), "operations": faults.OUTCOMES}


@endpoint("DELETE", "faults")
def clear(app: App, request: RawRequest) -> tuple[int, Any]:
    return 200, {"cleared": _with_call(app, faults.clear)}
