"""User operations (the minimum TDGs need) and traffic distribution group user association."""

from __future__ import annotations

from typing import Any

from connect_local.api.registry import handles
from connect_local.domain import users
from connect_local.domain.records import Call


@handles("CreateUser")
def create_user(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return users.create(call, params)


@handles("DescribeUser", read_only=True)
def describe_user(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return users.describe(call, params["InstanceId"], params["UserId"])


@handles("ListUsers", read_only=True)
def list_users(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return users.list_users(call, params)


@handles("AssociateTrafficDistributionGroupUser", global_resiliency=True)
def associate_traffic_distribution_group_user(call: Call, params: dict[str, Any]) -> None:
    users.associate(call, params)


@handles("DisassociateTrafficDistributionGroupUser", global_resiliency=True)
def disassociate_traffic_distribution_group_user(call: Call, params: dict[str, Any]) -> None:
    users.disassociate(call, params)


@handles("ListTrafficDistributionGroupUsers", read_only=True, global_resiliency=True)
def list_traffic_distribution_group_users(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return users.list_group_users(call, params)
