"""Who is calling and which Region they called, read from the SigV4 credential scope.

A 12-digit access key id is the account id; any other key maps to the configured default account. The Region is
the one the client signed for (`Credential=AKID/date/REGION/connect/aws4_request`), because every client pointed
at one endpoint URL reaches the same host whatever Region it targets.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from urllib.parse import parse_qsl

from connect_local.auth.credentials import account_for


@dataclass(frozen=True)
class Identity:
    account: str
    region: str
    access_key: str | None


def identify(authorization: str | None, query_string: str, default_account: str, default_region: str) -> Identity:
    scope = _scope_text(authorization, query_string)
    identity = None if scope is None else _identity(scope, default_account)
    return Identity(default_account, default_region, None) if identity is None else identity


def _scope_text(authorization: str | None, query_string: str) -> str | None:
    """The raw credential scope, `AKID/date/REGION/service/aws4_request`, if the request names one."""
    if authorization:
        start = authorization.find("Credential=")
        if start >= 0:
            end = authorization.find(",", start)
            return authorization[start + len("Credential="):end if end >= 0 else None].strip() or None
    elif "X-Amz-Credential" in query_string:
        return dict(parse_qsl(query_string)).get("X-Amz-Credential") or None
    return None


def _split_scope(scope: str) -> tuple[str, str] | None:
    parts = scope.split("/")
    if len(parts) != 5 or not parts[0] or not parts[2]:
        return None
    return parts[0], parts[2]


@functools.lru_cache(maxsize=4096)
def _identity(scope: str, default_account: str) -> Identity | None:
    """Clients sign every request with the same few keys, dates and Regions: each scope is read once."""
    split = _split_scope(scope)
    if split is None:
        return None
    access_key, region = split
    return Identity(account_for(access_key, default_account), region, access_key)
