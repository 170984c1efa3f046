"""The Connect service model from botocore: the single source of truth for routes, shapes and constraints."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

import botocore.session
from botocore.model import NoShapeFoundError, OperationModel, ServiceModel, Shape

SERVICE = "connect"


@functools.cache
def service_model() -> ServiceModel:
    """botocore's Connect model with the reviewed quirk patches applied (see model_patches.json)."""
    session = botocore.session.get_session()
    loader = session.get_component("data_loader")
    raw: dict[str, Any] = loader.load_service_model(SERVICE, "service-2")
    _apply_patches(raw)
    return ServiceModel(raw, service_name=SERVICE)


def operation(name: str) -> OperationModel:
    return service_model().operation_model(name)


def error_status(code: str) -> int | None:
    """The HTTP status the model gives an error shape, or None when the model has no such error."""
    try:
        shape = service_model().shape_for(code)
    except NoShapeFoundError:
        return None
    status = shape.metadata.get("error", {}).get("httpStatusCode")
    return int(status) if status is not None else None


def error_members(code: str) -> frozenset[str]:
    try:
        shape: Shape = service_model().shape_for(code)
    except NoShapeFoundError:
        return frozenset()
    return frozenset(shape.members)


def _apply_patches(raw: dict[str, Any]) -> None:
    patches = json.loads(resources.files(__package__).joinpath("model_patches.json").read_text())
    shapes = raw["shapes"]
    for shape in shapes.values():
        pattern = shape.get("pattern")
        if pattern and "\\\\" in pattern:
            # Some Smithy patterns were escaped twice on the way to JSON; taken literally they reject
            # every valid value (e.g. PhoneNumber would require a literal backslash before the '+').
            shape["pattern"] = pattern.replace("\\\\", "\\")
    for name, changes in patches["shapes"].items():
        shapes[name].update(changes)
