"""Reading Connect ARNs and telling an ARN from a bare id."""

from __future__ import annotations

from dataclasses import dataclass

from connect_local.domain.records import Call, Record


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


def owned(text: str, account: str, *path: str | None, region: str | None = None) -> Arn | None:
    """The ARN, when it belongs to `account` (and `region`, if given) and its resource path has the shape `path`:
    a string must match its segment, None matches any. E.g. owned(t, acct, "instance", iid, "agent", None)."""
    parsed = parse(text)
    if parsed is None or parsed.account != account or (region is not None and parsed.region != region):
        return None
    parts = parsed.parts
    if len(parts) != len(path) or any(want is not None and want != got for want, got in zip(path, parts)):
        return None
    return parsed


def local_id(text: str, account: str, region: str, *path: str | None) -> str | None:
    """The id a bare-id-or-ARN value names: the text itself, or the last segment of an ARN of this account and
    Region whose resource path has the shape `path` (see `owned`); None for any other ARN."""
    if not is_arn(text):
        return text
    parsed = owned(text, account, *path, region=region)
    return parsed.parts[-1] if parsed else None


def local_instance_id(text: str, account: str, region: str) -> str | None:
    """The instance id an `InstanceIdOrArn` value names (a bare id, or an instance ARN of this account and Region)."""
    return local_id(text, account, region, "instance", None)


def home_record(call: Call, kind: str, resource_type: str, text: str) -> Record | None:
    """A top-level resource by bare id (in the called Region) or by this account's ARN (in the Region the ARN
    names, wherever it is called from): callers decide which Regions may see it."""
    if not is_arn(text):
        return call.uow.get(kind, call.account, call.region, text)
    parsed = owned(text, call.account, resource_type, None)
    return None if parsed is None else call.uow.get(kind, call.account, parsed.region, parsed.parts[1])
