"""Operation output or error -> HTTP status, headers and JSON body, as rest-json clients read them.

Handlers hand over JSON-ready values (timestamps already as epoch seconds); this module places header
members, drops absent members and writes errors with the status the model gives their shape.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import orjson
from botocore.model import OperationModel

from connect_local.errors import ServiceError, UnmodelledError
from connect_local.protocol.model import error_status


@dataclass
class Response:
    status: int
    body: bytes
    headers: list[tuple[str, str]] = field(default_factory=list)


_JSON = ("Content-Type", "application/json")


def success(op: OperationModel, output: dict[str, Any] | None) -> Response:
    headers = [_JSON]
    status = 200
    body: dict[str, Any] = {}
    if output:
        placed = _placed_members(op)
        for name, value in output.items():
            if value is None:
                continue
            where = placed.get(name)
            if where is None:
                body[name] = value
            elif where[0] == "header":
                headers.append((where[1], str(value)))
            else:
                status = int(value)
    return Response(status, dumps(body), headers)


@functools.cache
def _placed_members(op: OperationModel) -> dict[str, tuple[str, str]]:
    """Output members that travel outside the body: name -> (location, wire name). Empty for most operations."""
    shape = op.output_shape
    if shape is None:
        return {}
    return {name: (member.serialization["location"], member.serialization.get("name", name))
            for name, member in shape.members.items()
            if member.serialization.get("location") in ("header", "statusCode")}


def error(exc: ServiceError) -> Response:
    status = exc.status if isinstance(exc, UnmodelledError) else (error_status(exc.code) or 400)
    headers = [_JSON, ("x-amzn-ErrorType", exc.code)]
    return Response(status, dumps(exc.body()), headers)


def dumps(document: Any) -> bytes:
    return orjson.dumps(document)
