"""Check parameters against the input shape: required, type, length, range, enum and pattern.

Messages follow AWS's wording: "1 validation error detected: Value 'x' at 'instanceAlias' failed to satisfy
constraint: Member must have length less than or equal to 45". Smithy patterns are unanchored, so they are
searched, not full-matched; some use \\p{..} classes, hence the `regex` package.
"""

from __future__ import annotations

import functools
from typing import Any

import regex
from botocore.model import Shape

_MAX_REPORTED = 10


def validate(shape: Shape | None, params: dict[str, Any]) -> list[str]:
    """Every constraint violation, as AWS-style clauses; empty when the input is valid."""
    if shape is None:
        return []
    problems: list[str] = []
    _structure(shape, params, "", problems)
    return problems


def message(problems: list[str]) -> str:
    count = len(problems)
    noun = "error" if count == 1 else "errors"
    return f"{count} validation {noun} detected: " + "; ".join(problems[:_MAX_REPORTED])


@functools.cache
def _compiled(pattern: str) -> Any:
    return regex.compile(pattern)


def _path(parent: str, name: str) -> str:
    member = name[:1].lower() + name[1:]
    return f"{parent}.{member}" if parent else member


def _show(shape: Shape, value: Any) -> str:
    if shape.metadata.get("sensitive"):
        return "Value"  # never echo secrets or personal data
    if value is None:
        return "Value null"
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (list, dict)):
        text = str(value)
    else:
        text = str(value)
    if len(text) > 256:
        text = text[:253] + "..."
    return f"Value '{text}'"


def _fail(problems: list[str], shape: Shape, value: Any, path: str, constraint: str) -> None:
    problems.append(f"{_show(shape, value)} at '{path}' failed to satisfy constraint: Member must {constraint}")


def _structure(shape: Shape, value: Any, path: str, problems: list[str]) -> None:
    if not isinstance(value, dict):
        _fail(problems, shape, value, path or "body", "be a structure")
        return
    for name in shape.required_members:
        if value.get(name) is None:
            _fail(problems, shape.members[name], None, _path(path, name), "not be null")
    for name, member_value in value.items():
        if member_value is None:
            continue
        member = shape.members.get(name)
        if member is not None:
            _value(member, member_value, _path(path, name), problems)


def _value(shape: Shape, value: Any, path: str, problems: list[str]) -> None:
    kind = shape.type_name
    meta = shape.metadata
    if kind == "structure":
        _structure(shape, value, path, problems)
    elif kind == "string":
        if not isinstance(value, str):
            _fail(problems, shape, value, path, "be a string")
            return
        _length(shape, value, len(value), path, problems)
        enum = shape.enum
        if enum and value not in enum:
            _fail(problems, shape, value, path, f"satisfy enum value set: [{', '.join(enum)}]")
        pattern = meta.get("pattern")
        if pattern and not _compiled(pattern).search(value):
            _fail(problems, shape, value, path, f"satisfy regular expression pattern: {pattern}")
    elif kind in ("integer", "long"):
        if not isinstance(value, int) or isinstance(value, bool):
            _fail(problems, shape, value, path, "be an integer")
            return
        _range(shape, value, path, problems)
    elif kind in ("float", "double"):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            _fail(problems, shape, value, path, "be a number")
            return
        _range(shape, value, path, problems)
    elif kind == "boolean":
        if not isinstance(value, bool):
            _fail(problems, shape, value, path, "be a boolean")
    elif kind == "list":
        if not isinstance(value, list):
            _fail(problems, shape, value, path, "be a list")
            return
        _length(shape, value, len(value), path, problems)
        member = shape.member
        for index, item in enumerate(value, 1):
            if item is None:
                _fail(problems, member, None, f"{path}.{index}.member", "not be null")
            else:
                _value(member, item, f"{path}.{index}.member", problems)
    elif kind == "map":
        if not isinstance(value, dict):
            _fail(problems, shape, value, path, "be a map")
            return
        _length(shape, value, len(value), path, problems)
        for key, item in value.items():
            _value(shape.key, key, f"{path}.key", problems)
            if item is None:
                _fail(problems, shape.value, None, f"{path}.value", "not be null")
            else:
                _value(shape.value, item, f"{path}.value", problems)
    elif kind == "timestamp":
        if not isinstance(value, (int, float, str)) or isinstance(value, bool):
            _fail(problems, shape, value, path, "be a timestamp")
    elif kind == "blob" and not isinstance(value, (str, bytes)):
        _fail(problems, shape, value, path, "be a blob")


def _length(shape: Shape, value: Any, length: int, path: str, problems: list[str]) -> None:
    meta = shape.metadata
    if "min" in meta and length < meta["min"]:
        _fail(problems, shape, value, path, f"have length greater than or equal to {meta['min']}")
    if "max" in meta and length > meta["max"]:
        _fail(problems, shape, value, path, f"have length less than or equal to {meta['max']}")


def _range(shape: Shape, value: float, path: str, problems: list[str]) -> None:
    meta = shape.metadata
    if "min" in meta and value < meta["min"]:
        _fail(problems, shape, value, path, f"have value greater than or equal to {meta['min']}")
    if "max" in meta and value > meta["max"]:
        _fail(problems, shape, value, path, f"have value less than or equal to {meta['max']}")
