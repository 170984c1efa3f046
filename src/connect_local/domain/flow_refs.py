"""Reading a ContactFlowId parameter: a flow id or ARN, optionally with a `:$SAVED` or `:<version>` qualifier.

The ARN form carries the Region, account and instance; a reference that names another one does not resolve.
"""

from __future__ import annotations

from dataclasses import dataclass

from connect_local.domain import arns
from connect_local.domain.records import Call
from connect_local.errors import InvalidParameterException

SAVED = "$SAVED"


@dataclass(frozen=True)
class FlowRef:
    flow_id: str
    qualifier: str | None  # SAVED, a version number, or None for the published flow


def parse(call: Call, instance_id: str, text: str) -> FlowRef | None:
    """The flow a reference names in the called Region's instance; None when it names another place."""
    body = arns.local_id(text, call.account, call.region, "instance", instance_id, "contact-flow", None)
    if body is None:
        return None
    flow_id, colon, qualifier = body.partition(":")
    if not colon:
        return FlowRef(flow_id, None)
    if qualifier != SAVED and not qualifier.isdigit():
        raise InvalidParameterException(
            f"The flow qualifier {qualifier!r} is not valid: use {SAVED} or a version number."
        )
    return FlowRef(flow_id, qualifier)
