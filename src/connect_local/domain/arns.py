"""Reading Connect ARNs and telling an ARN from a bare id."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Arn:
    region: str
    account: str
    resource: str  # e.g. "instance/<id>" or "instance/<id>/contact-flow/<id>"

    @property
    def parts(self) -> list[str]:
        return self.resource.split("/")


def parse(text: str) -> Arn | None:
    """The pieces of an `arn:aws:connect:` ARN, or None when `text` is not one."""
    pieces = text.split(":", 5)
    if len(pieces) != 6 or pieces[0] != "arn" or pieces[2] != "connect" or pieces[1] not in ("aws", "aws-us-gov"):
        return None
    _, _, _, region, account, resource = pieces
    if not region or not account or not resource:
        return None
    return Arn(region, account, resource)


def is_arn(text: str) -> bool:
    return text.startswith("arn:")


def local_instance_id(text: str, account: str, region: str) -> str | None:
    """The instance id an `InstanceIdOrArn` value names, when it is a bare id or an instance ARN of this account
    and Region; None for an ARN of another account, Region or resource type."""
    if not is_arn(text):
        return text
    parsed = parse(text)
    if parsed is None or parsed.account != account or parsed.region != region or len(parsed.parts) != 2 \
            or parsed.parts[0] != "instance":
        return None
    return parsed.parts[1]
