"""Request pieces -> operation parameters, placed by each member's location in the model.

Values keep their wire types (strings from the path and query are converted to the member's type where the
model says integer/boolean/list); type and constraint checks are the validator's job.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus

import orjson
from botocore.model import OperationModel, Shape

from connect_local.errors import UnmodelledError


@dataclass(slots=True)  # not frozen: a frozen dataclass pays object.__setattr__ per field, on every request
class RawRequest:
    method: str
    raw_path: str
    query_string: str
    headers: dict[str, str]  # lower-case names
    body: bytes


class BadInput(Exception):
    """The request cannot be read as the operation's input (bad JSON, bad number in the query, ...)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse(op: OperationModel, labels: dict[str, str], request: RawRequest, max_depth: int) -> dict[str, Any]:
    shape = op.input_shape
    if shape is None:
        return {}
    params: dict[str, Any] = {}
    body_members: dict[str, Shape] = {}
    query: dict[str, list[str]] | None = None
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        wire_name = member.serialization.get("name", name)
        if location == "uri":
            if wire_name in labels:
                params[name] = _scalar(member, labels[wire_name], wire_name)
        elif location == "querystring":
            if query is None:
                query = _query(request.query_string)
            if member.type_name == "map":
                params[name] = {k: v[0] for k, v in query.items()}
            elif wire_name in query:
                values = query[wire_name]
                if member.type_name == "list":
                    params[name] = [_scalar(member.member, v, wire_name) for v in values]
                else:
                    params[name] = _scalar(member, values[0], wire_name)
        elif location == "header":
            value = request.headers.get(wire_name.lower())
            if value is not None:
                params[name] = _scalar(member, value, wire_name)
        else:
            body_members[name] = member
    if body_members:
        params.update(_body(request.body, body_members, max_depth))
    return params


def _query(query_string: str) -> dict[str, list[str]]:
    pairs: dict[str, list[str]] = {}
    for piece in query_string.split("&"):
        if not piece:
            continue
        key, _, value = piece.partition("=")
        if "%" in piece or "+" in piece:  # most queries are plain: decode only when something is encoded
            key, value = unquote_plus(key), unquote_plus(value)
        pairs.setdefault(key, []).append(value)
    return pairs


def _scalar(shape: Shape, text: str, wire_name: str) -> Any:
    kind = shape.type_name
    if kind in ("integer", "long"):
        try:
            return int(text)
        except ValueError:
            raise BadInput(f"Value '{text}' at '{wire_name}' is not a valid integer") from None
    if kind in ("float", "double"):
        try:
            return float(text)
        except ValueError:
            raise BadInput(f"Value '{text}' at '{wire_name}' is not a valid number") from None
    if kind == "boolean":
        if text in ("true", "false"):
            return text == "true"
        raise BadInput(f"Value '{text}' at '{wire_name}' is not a valid boolean")
    return text


def _body(body: bytes, members: dict[str, Shape], max_depth: int) -> dict[str, Any]:
    if not body.strip():
        return {}
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise UnmodelledError("SerializationException", 400, "The request body is not valid UTF-8") from None
    if _nesting(text) > max_depth:
        raise UnmodelledError("SerializationException", 400, f"JSON nesting deeper than {max_depth} levels")
    try:
        document = orjson.loads(text)
    except (orjson.JSONDecodeError, RecursionError):
        raise UnmodelledError("SerializationException", 400, "The request body is not valid JSON") from None
    if not isinstance(document, dict):
        raise UnmodelledError("SerializationException", 400, "The request body must be a JSON object")
    wire_to_name = {m.serialization.get("name", n): n for n, m in members.items()}
    # Members the operation does not know are ignored, as the real service does.
    return {wire_to_name[k]: v for k, v in document.items() if k in wire_to_name}


def _nesting(text: str) -> int:
    """Deepest bracket nesting, counted without building anything (a cheap guard before parsing)."""
    if text.count("[") + text.count("{") < 32:
        return 0
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest
