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


def credential_scope(authorization: str | None, query_string: str) -> tuple[str, str] | None:
    """(access key id, Region) from the Authorization header or a presigned query, without verifying anything."""
    scope = None
    if authorization:
        start = authorization.find("Credential=")
        if start >= 0:
            end = authorization.find(",", start)
            scope = authorization[start + len("Credential="):end if end >= 0 else None].strip()
    elif "X-Amz-Credential" in query_string:
        scope = dict(parse_qsl(query_string)).get("X-Amz-Credential")
    if not scope:
        return None
    parts = scope.split("/")
    if len(parts) != 5 or not parts[0] or not parts[2]:
        return None
    return parts[0], parts[2]


def identify(authorization: str | None, query_string: str, default_account: str, default_region: str) -> Identity:
    scope = credential_scope(authorization, query_string)
    if scope is None:
        return Identity(default_account, default_region, None)
    return _identity(*scope, default_account)


@functools.lru_cache(maxsize=4096)
def _identity(access_key: str, region: str, default_account: str) -> Identity:
    """Clients sign every request with the same few keys and Regions: build each identity once."""
    return Identity(account_for(access_key, default_account), region, access_key)
