"""Traffic distribution group and traffic distribution operations."""

from __future__ import annotations

from typing import Any

from connect_local.api.registry import handles
from connect_local.domain import tdgs
from connect_local.domain.records import Call


@handles("CreateTrafficDistributionGroup", global_resiliency=True)
def create_traffic_distribution_group(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return tdgs.create(call, params)


@handles("DescribeTrafficDistributionGroup", read_only=True, global_resiliency=True)
def describe_traffic_distribution_group(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return tdgs.describe(call, params["TrafficDistributionGroupId"])


@handles("ListTrafficDistributionGroups", read_only=True, global_resiliency=True)
def list_traffic_distribution_groups(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return tdgs.list_groups(call, params)


@handles("DeleteTrafficDistributionGroup", global_resiliency=True)
def delete_traffic_distribution_group(call: Call, params: dict[str, Any]) -> None:
    tdgs.delete(call, params["TrafficDistributionGroupId"])


@handles("UpdateTrafficDistribution", global_resiliency=True)
def update_traffic_distribution(call: Call, params: dict[str, Any]) -> None:
    tdgs.update_distribution(call, params)


@handles("GetTrafficDistribution", read_only=True, global_resiliency=True)
def get_traffic_distribution(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return tdgs.get_distribution(call, params["Id"])
