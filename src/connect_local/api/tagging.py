"""Tagging operations, for every taggable resource kind."""

from __future__ import annotations

from typing import Any

from connect_local.api.registry import handles
from connect_local.domain import tags
from connect_local.domain.records import Call


@handles("TagResource")
def tag_resource(call: Call, params: dict[str, Any]) -> None:
    tags.tag(call, params["resourceArn"], params["tags"])


@handles("UntagResource")
def untag_resource(call: Call, params: dict[str, Any]) -> None:
    tags.untag(call, params["resourceArn"], params["tagKeys"])


@handles("ListTagsForResource", read_only=True)
def list_tags_for_resource(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return {"tags": tags.list_tags(call, params["resourceArn"])}
