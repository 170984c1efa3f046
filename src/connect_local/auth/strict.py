"""Strict authentication: only holders of configured keys get in, and the control plane needs an admin token.

The AWS endpoint verifies SigV4 (header-signed or presigned) against the credentials file; the account comes
from the file, never from the caller. The control plane is not reachable with a tenant's keys: `reset` forgets
every account, so one tenant must not be able to wipe the others. It takes `Authorization: Bearer <token>` with
the operator's admin token instead; without a configured token it is closed, except `GET health` (liveness
probes carry no credentials and health changes nothing).
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Mapping

from connect_local.auth.credentials import Credential, load_credentials
from connect_local.auth.identity import Identity
from connect_local.auth.sigv4 import SignedRequest, verify
from connect_local.config import Settings

# Control endpoints anyone may call, even in strict mode.
OPEN_CONTROL = frozenset({("GET", "health")})


class StrictAuth:
    def __init__(self, credentials: Mapping[str, Credential], admin_token: str | None) -> None:
        self._credentials = dict(credentials)
        self._admin_token = admin_token.encode() if admin_token else None

    def identify(self, method: str, raw_path: str, query_string: str, headers: Mapping[str, str],
                 body: bytes) -> Identity:
        """The verified identity, or an UnmodelledError (401/403 family) from sigv4.verify."""
        request = SignedRequest(
            method=method,
            raw_path=raw_path.encode("latin-1"),
            query_string=query_string.encode("latin-1"),
            headers=[(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()],
            body=body,
        )
        # Wall-clock time, not the emulated clock: clients sign with real time, and tests may move the
        # emulated clock by days.
        verified = verify(request, self._credentials.get, time.time())
        return Identity(verified.account, verified.region, verified.access_key)

    def may_control(self, method: str, name: str, authorization: str | None) -> bool:
        if (method, name) in OPEN_CONTROL:
            return True
        if self._admin_token is None or not authorization:
            return False
        scheme, _, token = authorization.partition(" ")
        # Constant-time, on bytes (compare_digest raises on non-ASCII str); the header was decoded as latin-1,
        # so encoding it back gives the bytes the client sent.
        return scheme.lower() == "bearer" and hmac.compare_digest(token.strip().encode("latin-1"),
                                                                  self._admin_token)


def from_settings(settings: Settings) -> StrictAuth | None:
    """None in permissive mode; raises ValueError/OSError for a missing or malformed credentials file."""
    if settings.auth != "strict":
        return None
    if not settings.credentials_file:
        raise ValueError("--auth strict needs --credentials FILE")
    credentials = load_credentials(settings.credentials_file)
    if not credentials:
        raise ValueError(f"{settings.credentials_file}: no profile has an access key pair")
    return StrictAuth(credentials, settings.admin_token)
