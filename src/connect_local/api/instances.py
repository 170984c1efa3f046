"""Instance operations."""

from __future__ import annotations

from typing import Any

from connect_local.api.registry import handles
from connect_local.domain import instances
from connect_local.domain.records import Call


@handles("CreateInstance")
def create_instance(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return instances.create(call, params)


@handles("DescribeInstance", read_only=True)
def describe_instance(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return instances.describe(call, params["InstanceId"])


@handles("ListInstances", read_only=True)
def list_instances(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return instances.list_instances(call, params)


@handles("DeleteInstance")
def delete_instance(call: Call, params: dict[str, Any]) -> None:
    instances.delete(call, params)
