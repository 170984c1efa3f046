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
