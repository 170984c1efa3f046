"""Contact flow operations."""

from __future__ import annotations

from typing import Any

from connect_local.api.registry import handles
from connect_local.domain import flows
from connect_local.domain.records import Call


@handles("CreateContactFlow")
def create_contact_flow(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return flows.create(call, params)


@handles("DescribeContactFlow", read_only=True)
def describe_contact_flow(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return flows.describe(call, params["InstanceId"], params["ContactFlowId"])


@handles("ListContactFlows", read_only=True)
def list_contact_flows(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return flows.list_flows(call, params)


@handles("DeleteContactFlow")
def delete_contact_flow(call: Call, params: dict[str, Any]) -> None:
    flows.delete(call, params)


@handles("UpdateContactFlowContent")
def update_contact_flow_content(call: Call, params: dict[str, Any]) -> None:
    flows.update_content(call, params)


@handles("UpdateContactFlowName")
def update_contact_flow_name(call: Call, params: dict[str, Any]) -> None:
    flows.update_name(call, params)


@handles("UpdateContactFlowMetadata")
def update_contact_flow_metadata(call: Call, params: dict[str, Any]) -> None:
    flows.update_metadata(call, params)
