"""TagResource / UntagResource / ListTagsForResource, resolved by ARN for every taggable resource kind.

Each family registers a resolver for the resource type of its ARNs ("instance", "traffic-distribution-group",
"phone-number", "contact-flow", "agent", ...). Tags live in the record's data under "Tags".
"""

from __future__ import annotations

from collections.abc import Callable

from connect_local.domain import arns
from connect_local.domain.records import Call, Record
from connect_local.errors import InvalidParameterException, ResourceNotFoundException

# (call, ARN as given, parsed ARN) -> the record the ARN names, if the caller may see it from the called Region.
Resolver = Callable[[Call, str, arns.Arn], Record | None]

MAX_TAGS = 50
_RESOLVERS: dict[str, Resolver] = {}


def taggable(resource_type: str) -> Callable[[Resolver], Resolver]:
    """Register how ARNs whose resource path names `resource_type` are resolved."""

    def register(resolver: Resolver) -> Resolver:
        _RESOLVERS[resource_type] = resolver
        return resolver

    return register


def resolve(call: Call, resource_arn: str) -> Record:
    parsed = arns.parse(resource_arn)
    if parsed is None:
        raise InvalidParameterException(f"The ARN {resource_arn} is not a valid Connect resource ARN.")
    record = None
    if parsed.account == call.account:
        parts = parsed.parts
        # instance/<id> or instance/<id>/<type>/<child id>: the type is the last named segment
        resource_type = parts[-2] if len(parts) >= 2 else ""
        resolver = _RESOLVERS.get(resource_type)
        if resolver is not None:
            record = resolver(call, resource_arn, parsed)
    if record is None:
        raise ResourceNotFoundException(f"The resource {resource_arn} was not found.")
    return record


def list_tags(call: Call, resource_arn: str) -> dict[str, str]:
    return dict(resolve(call, resource_arn).data.get("Tags") or {})


def tag(call: Call, resource_arn: str, tags: dict[str, str]) -> None:
    record = resolve(call, resource_arn)
    merged = {**(record.data.get("Tags") or {}), **tags}
    if len(merged) > MAX_TAGS:
        raise InvalidParameterException(
            f"A resource can have at most {MAX_TAGS} tags; this request would leave {len(merged)}."
        )
    record.data["Tags"] = merged
    call.uow.update(record)


def untag(call: Call, resource_arn: str, keys: list[str]) -> None:
    record = resolve(call, resource_arn)
    current = dict(record.data.get("Tags") or {})
    for key in keys:
        current.pop(key, None)  # removing a key that is not there is a no-op, as elsewhere in AWS
    record.data["Tags"] = current
    call.uow.update(record)
