"""The control plane under /_connect-local/: health, reset, the emulated clock, and what other issues add.

Each endpoint is a function of (app, request) -> (status, JSON document). Endpoints register themselves.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from connect_local import __version__
from connect_local.protocol.parser import RawRequest

if TYPE_CHECKING:
    from connect_local.web.app import App

PREFIX = "/_connect-local/"
Endpoint = Callable[["App", RawRequest], tuple[int, Any]]
ENDPOINTS: dict[tuple[str, str], Endpoint] = {}


def endpoint(method: str, name: str) -> Callable[[Endpoint], Endpoint]:
    def register(function: Endpoint) -> Endpoint:
        ENDPOINTS[(method, name)] = function
        return function

    return register


def body_json(request: RawRequest) -> dict[str, Any]:
    if not request.body.strip():
        return {}
    try:
        document = json.loads(request.body)
    except ValueError:
        raise ControlError(400, "the body is not valid JSON") from None
    if not isinstance(document, dict):
        raise ControlError(400, "the body must be a JSON object")
    return document


class ControlError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def handle(app: App, request: RawRequest) -> tuple[int, Any]:
    name = request.raw_path[len(PREFIX):].strip("/")
    function = ENDPOINTS.get((request.method, name))
    if function is None:
        known = sorted(f"{m} {PREFIX}{n}" for m, n in ENDPOINTS)
        return 404, {"error": f"no control endpoint {request.method} {request.raw_path}", "endpoints": known}
    try:
        return function(app, request)
    except ControlError as exc:
        return exc.status, {"error": exc.message}


@endpoint("GET", "health")
def health(app: App, request: RawRequest) -> tuple[int, Any]:
    return 200, {
        "status": "ok",
        "version": __version__,
        "state": app.store.path,
        "schemaVersion": app.store.schema_version,
        "now": app.clock.now(),
        "delays": app.settings.delays,
    }


@endpoint("POST", "reset")
def reset(app: App, request: RawRequest) -> tuple[int, Any]:
    app.store.reset()
    return 200, {"reset": True}


@endpoint("GET", "clock")
def read_clock(app: App, request: RawRequest) -> tuple[int, Any]:
    return 200, {"now": app.clock.now(), "offset": app.clock.offset}


@endpoint("POST", "clock")
def advance_clock(app: App, request: RawRequest) -> tuple[int, Any]:
    document = body_json(request)
    seconds = document.get("advance")
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
        raise ControlError(400, 'send {"advance": <seconds, a non-negative number>}')
    app.advance_clock(float(seconds))
    return 200, {"now": app.clock.now(), "offset": app.clock.offset}
