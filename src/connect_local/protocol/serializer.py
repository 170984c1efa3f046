"""Operation output or error -> HTTP status, headers and JSON body, as rest-json clients read them.

Handlers hand over JSON-ready values (timestamps already as epoch seconds); this module places header
members, drops absent members and writes errors with the status the model gives their shape.
"""

from __future__ import annotations

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
    shape = op.output_shape
    headers = [_JSON]
    status = 200
    body: dict[str, Any] = {}
    if output and shape is not None:
        for name, value in output.items():
            if value is None:
                continue
            member = shape.members.get(name)
            location = member.serialization.get("location") if member is not None else None
            if location == "header":
                headers.append((member.serialization.get("name", name), str(value)))
            elif location == "statusCode":
                status = int(value)
            else:
                body[name] = value
    return Response(status, dumps(body), headers)


def error(exc: ServiceError) -> Response:
    status = exc.status if isinstance(exc, UnmodelledError) else (error_status(exc.code) or 400)
    headers = [_JSON, ("x-amzn-ErrorType", exc.code)]
    return Response(status, dumps(exc.body()), headers)


def dumps(document: Any) -> bytes:
    return orjson.dumps(document)
