"""Phone-number-to-flow association operations."""

from __future__ import annotations

from typing import Any

from connect_local.api.registry import handles
from connect_local.domain import associations
from connect_local.domain.records import Call


@handles("AssociatePhoneNumberContactFlow")
def associate_phone_number_contact_flow(call: Call, params: dict[str, Any]) -> None:
    associations.associate(call, params)


@handles("DisassociatePhoneNumberContactFlow")
def disassociate_phone_number_contact_flow(call: Call, params: dict[str, Any]) -> None:
    associations.disassociate(call, params)


@handles("ListFlowAssociations", read_only=True)
def list_flow_associations(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return associations.list_associations(call, params)
