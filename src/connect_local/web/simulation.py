"""Control-plane endpoints of the data plane: simulate calls, the readiness report, and Regions marked down.

POST /_connect-local/calls     {"phoneNumber", "account"?, "count"?, "seed"?, "regionsDown"?, "hoursOpen"?,
                                "lambdaSucceeds"?}
GET  /_connect-local/doctor?account=A
GET  /_connect-local/regions    POST /_connect-local/regions {"down": ["us-west-2"]}
"""

from __future__ import annotations

import re
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from connect_local.domain.records import Call
from connect_local.ids import ACCOUNT_ID, REGION_NAME
from connect_local.protocol.parser import RawRequest
from connect_local.simulator import calls, doctor, outages
from connect_local.web.control import ControlError, body_json, endpoint

if TYPE_CHECKING:
    from connect_local.web.app import App

_E164 = re.compile(r"\+[1-9][0-9]{1,14}")
_SEPARATORS = re.compile(r"[\s().\-]")  # people write +1 (206) 555-0100


def _unit(app: App, account: str) -> AbstractContextManager[Call]:
    """One unit of work as the AWS pipeline runs it: due transitions settled first, so answers are current."""
    return app.service.call(account, app.settings.default_region)


@endpoint("POST", "calls")
def place_calls(app: App, request: RawRequest) -> tuple[int, Any]:
    document = body_json(request)
    e164 = phone_number(document.get("phoneNumber"))
    count = _integer(document.get("count", 1), "count", 1, calls.MAX_CALLS)
    seed = document.get("seed")
    if seed is not None:
        seed = _integer(seed, "seed", -(2**63), 2**63 - 1)
    hours_open = _flag(document.get("hoursOpen", True), "hoursOpen")
    lambda_succeeds = _flag(document.get("lambdaSucceeds", True), "lambdaSucceeds")
    requested_down = _regions(document.get("regionsDown", []), "regionsDown")
    with _unit(app, _account(app, document.get("account"))) as call:
        # Regions marked down on the control plane stay down for every simulation until brought back.
        down = requested_down | outages.regions_down(call)
        conditions = calls.Conditions(down, hours_open, lambda_succeeds)
        return 200, calls.simulate(call, e164, count, seed, conditions)


@endpoint("GET", "doctor")
def readiness(app: App, request: RawRequest) -> tuple[int, Any]:
    accounts = parse_qs(request.query_string).get("account")
    with _unit(app, _account(app, accounts[0] if accounts else None)) as call:
        return 200, doctor.examine(call, outages.regions_down(call))


@endpoint("GET", "regions")
def read_regions(app: App, request: RawRequest) -> tuple[int, Any]:
    with _unit(app, app.settings.default_account) as call:
        return 200, {"down": sorted(outages.regions_down(call))}


@endpoint("POST", "regions")
def mark_regions(app: App, request: RawRequest) -> tuple[int, Any]:
    document = body_json(request)
    if "down" not in document:
        raise ControlError(400, 'send {"down": ["us-west-2", ...]} (an empty list brings every Region back)')
    down = _regions(document["down"], "down")
    with _unit(app, app.settings.default_account) as call:
        record = outages.record_of(down)
        if call.uow.get(record.kind, record.account, record.region, record.id) is None:
            call.uow.insert(record)
        else:
            call.uow.update(record)
    return 200, {"down": sorted(down)}


def phone_number(value: Any) -> str:
    """The E.164 form of what the user typed, or a 400 naming the expected form."""
    text = _SEPARATORS.sub("", value) if isinstance(value, str) else ""
    if not _E164.fullmatch(text):
        raise ControlError(400, f"phoneNumber must be an E.164 number such as +12065550100, not {value!r}")
    return text


def _account(app: App, value: Any) -> str:
    if value is None:
        return app.settings.default_account
    if not isinstance(value, str) or not ACCOUNT_ID.fullmatch(value):
        raise ControlError(400, f"account must be a 12-digit account id, not {value!r}")
    return value


def _integer(value: Any, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ControlError(400, f"{name} must be an integer from {low} to {high}, not {value!r}")
    return value


def _flag(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise ControlError(400, f"{name} must be true or false, not {value!r}")
    return value


def _regions(value: Any, name: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(r, str) and REGION_NAME.fullmatch(r) for r in value):
        raise ControlError(400, f"{name} must be a list of Region names such as [\"us-west-2\"], not {value!r}")
    return frozenset(value)
