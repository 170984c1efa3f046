"""Server-side AWS Signature Version 4 verification (strict-auth mode). Sans-I/O: raw request pieces in.

The canonical request is rebuilt the way the SDK signers build it for non-S3 services (botocore
`SigV4Auth.canonical_request`, JS v3 `SignatureV4`), so whatever they sign verifies here:

* path: dot segments and empty segments removed, then percent-encoded *once more* (the wire path is
  already encoded, so `%3A` is signed as `%253A`); only unreserved characters and `/` stay as they are;
* query: every pair decoded and re-encoded with the RFC 3986 unreserved set, sorted by key then value;
* headers: the listed ones, lower-cased, values trimmed with inner whitespace collapsed, repeats joined by `,`;
* payload: the `x-amz-content-sha256` header if sent (a hex digest in it must be the body's; literals such
  as UNSIGNED-PAYLOAD are signed as they are and leave the body unprotected, as on AWS), else SHA-256 of the body.

Codes and messages copy what AWS JSON services return: IncompleteSignatureException (400) for auth data that
cannot be read, InvalidSignatureException (403) for scope, clock and signature faults.
"""

from __future__ import annotations

import calendar
import hashlib
import hmac
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.utils import mktime_tz, parsedate_tz
from urllib.parse import quote_from_bytes, unquote_to_bytes

from connect_local.auth.credentials import Credential
from connect_local.errors import UnmodelledError

ALGORITHM = "AWS4-HMAC-SHA256"
TERMINATOR = "aws4_request"
# The longest a presigned URL may live (AWS: one week).
MAX_EXPIRES = 604800

_PRESIGN_PARAMS = (
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
)
_ISO_BASIC = re.compile(r"[0-9]{8}T[0-9]{6}Z")
_SHA256_HEX = re.compile(r"[0-9a-fA-F]{64}")
_REGION = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_UNRESERVED = b"-_.~"


@dataclass(frozen=True)
class SignedRequest:
    method: str
    raw_path: bytes  # exactly as received, still percent-encoded
    query_string: bytes  # raw, as received
    headers: Sequence[tuple[bytes, bytes]]  # as received (ASGI style: lower-case names)
    body: bytes


@dataclass(frozen=True)
class VerifiedIdentity:
    access_key: str
    account: str
    region: str
    service: str


@dataclass(frozen=True)
class _Auth:
    """The signature's claims, from the Authorization header or the presigned query parameters."""

    access_key: str
    scope_date: str
    region: str
    service: str
    terminator: str
    signed_headers: str
    signature: str
    timestamp: str  # ISO-8601 basic, as it enters the string to sign
    expires: int | None  # presigned only


# --- public API -------------------------------------------------------------------------------------------


def verify(
    request: SignedRequest,
    lookup: Callable[[str], Credential | None],
    now: float,
    *,
    max_skew: float = 300.0,
    service: str = "connect",
) -> VerifiedIdentity:
    """Check the request's SigV4 signature; return who signed it, or raise `UnmodelledError`.

    Order of checks: shape of the auth data (400) -> credential scope -> clock -> access key -> signature (403).
    """
    headers = _header_map(request.headers)
    query = _query_pairs(request.query_string)
    auth = _parse(headers, query)

    _check_scope(auth, service)
    _check_time(auth, now, max_skew)
    credential = lookup(auth.access_key)
    if credential is None:
        raise UnmodelledError(
            "UnrecognizedClientException", 403, "The security token included in the request is invalid."
        )

    signed = [name.strip().lower() for name in auth.signed_headers.split(";")]
    canonical = "\n".join(
        [
            request.method.upper(),
            _canonical_path(request.raw_path),
            _canonical_query(query, presigned=auth.expires is not None),
            "".join(f"{name}:{_canonical_value(headers.get(name, []))}\n" for name in signed),
            auth.signed_headers,
            _payload_hash(headers, request.body),
        ]
    )
    scope = f"{auth.scope_date}/{auth.region}/{auth.service}/{auth.terminator}"
    string_to_sign = "\n".join(
        [ALGORITHM, auth.timestamp, scope, hashlib.sha256(canonical.encode("utf-8")).hexdigest()]
    )
    key = _signing_key(credential.secret_key, auth.scope_date, auth.region, auth.service)
    expected = hmac.new(key, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    # Bytes, because compare_digest raises on non-ASCII str, and a client may send any junk as a signature.
    if not hmac.compare_digest(expected.encode("ascii"), auth.signature.encode("utf-8")):
        raise UnmodelledError(
            "InvalidSignatureException",
            403,
            "The request signature we calculated does not match the signature you provided. Check your AWS "
            "Secret Access Key and signing method. Consult the service documentation for details.",
        )
    return VerifiedIdentity(
        access_key=credential.access_key, account=credential.account, region=auth.region, service=auth.service
    )


# --- parsing ----------------------------------------------------------------------------------------------


def _header_map(raw: Sequence[tuple[bytes, bytes]]) -> dict[str, list[str]]:
    # latin-1 is how HTTP/1.1 clients (http.client, urllib3) put str header values on the wire.
    headers: dict[str, list[str]] = {}
    for name, value in raw:
        headers.setdefault(name.decode("latin-1").lower(), []).append(value.decode("latin-1"))
    return headers


def _query_pairs(raw: bytes) -> list[tuple[bytes, bytes]]:
    """Decoded (key, value) pairs in wire order. `+` is a space, as in form encoding.

    SDKs never put a bare `+` in a query (they send %2B), but botocore's own `AWSRequest(params=...)`
    path form-encodes spaces as `+` while signing them as %20, so reading `+` as space serves both.
    """
    pairs = []
    for item in raw.split(b"&"):
        if not item:
            continue
        key, _, value = item.partition(b"=")
        pairs.append((unquote_to_bytes(key.replace(b"+", b" ")), unquote_to_bytes(value.replace(b"+", b" "))))
    return pairs


def _parse(headers: dict[str, list[str]], query: list[tuple[bytes, bytes]]) -> _Auth:
    authorization = headers.get("authorization")
    presigned = any(key in (b"X-Amz-Algorithm", b"X-Amz-Credential", b"X-Amz-Signature") for key, _ in query)
    if authorization and presigned:
        raise _incomplete(
            "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization "
            "header should be specified"
        )
    if authorization:
        return _parse_header(authorization[0], headers)
    if presigned:
        return _parse_query(query)
    raise UnmodelledError("MissingAuthenticationTokenException", 403, "Missing Authentication Token")


def _parse_header(value: str, headers: dict[str, list[str]]) -> _Auth:
    algorithm, _, rest = value.strip().partition(" ")
    params: dict[str, str] = {}
    if algorithm == ALGORITHM:
        # AWS splits on commas *and* whitespace: "Credential= AKID/..." is reported as a bad pair.
        for piece in filter(None, re.split(r"[\s,]+", rest)):
            name, eq, val = piece.partition("=")
            if not eq:
                raise _incomplete(
                    f"'{piece}' not a valid key=value pair (missing equal-sign) in Authorization header: '{value}'."
                )
            params[name] = val
    timestamp = _header_timestamp(headers)
    missing = [
        f"Authorization header requires '{p}' parameter."
        for p in ("Credential", "Signature", "SignedHeaders")
        if not params.get(p)
    ]
    if timestamp is None:
        missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
    if missing:
        raise _incomplete(" ".join(missing) + f" Authorization={value}")
    assert timestamp is not None
    return _auth(params["Credential"], params["SignedHeaders"], params["Signature"], timestamp, None)


def _parse_query(query: list[tuple[bytes, bytes]]) -> _Auth:
    params = {key.decode("utf-8", "replace"): val.decode("utf-8", "replace") for key, val in query}
    missing = [
        f"AWS query-string parameters must include '{p}'."
        for p in (*_PRESIGN_PARAMS, "X-Amz-Signature")
        if not params.get(p)
    ]
    if missing:
        raise _incomplete(" ".join(missing) + " Re-examine the query-string parameters.")
    if params["X-Amz-Algorithm"] != ALGORITHM:
        raise _incomplete(f"X-Amz-Algorithm only supports '{ALGORITHM}', not '{params['X-Amz-Algorithm']}'.")
    raw_expires = params["X-Amz-Expires"]
    if not raw_expires.isdigit() or not raw_expires.isascii():
        raise _incomplete(f"X-Amz-Expires should be a number of seconds, not '{raw_expires}'.")
    expires = int(raw_expires)
    if expires > MAX_EXPIRES:
        raise _incomplete(
            "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be "
            f"less than {MAX_EXPIRES} seconds"
        )
    timestamp = _iso_timestamp(params["X-Amz-Date"])
    return _auth(
        params["X-Amz-Credential"],
        params["X-Amz-SignedHeaders"],
        params["X-Amz-Signature"],
        timestamp,
        expires,
    )


def _auth(credential: str, signed_headers: str, signature: str, timestamp: str, expires: int | None) -> _Auth:
    parts = credential.split("/")
    if len(parts) != 5:
        raise _incomplete(
            "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, "
            f"got '{credential}'"
        )
    access_key, scope_date, region, service, terminator = parts
    if "host" not in {name.strip().lower() for name in signed_headers.split(";")}:
        raise _incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
    return _Auth(
        access_key, scope_date, region, service, terminator, signed_headers, signature, timestamp, expires
    )


def _header_timestamp(headers: dict[str, list[str]]) -> str | None:
    """The signing time as ISO-8601 basic: X-Amz-Date, else the HTTP Date header (AWS's documented order)."""
    if "x-amz-date" in headers:
        return _iso_timestamp(headers["x-amz-date"][0].strip())
    if "date" in headers:
        parsed = parsedate_tz(headers["date"][0])
        if parsed is None:
            raise _incomplete(f"Date must be in RFC 1123 format. Got '{headers['date'][0]}'.")
        return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(mktime_tz(parsed)))
    return None


def _iso_timestamp(value: str) -> str:
    if not _ISO_BASIC.fullmatch(value):
        raise _incomplete(
            f"Date must be in ISO-8601 'basic format'. Got '{value}'. See http://en.wikipedia.org/wiki/ISO_8601"
        )
    try:
        time.strptime(value, "%Y%m%dT%H%M%SZ")
    except ValueError:
        raise _incomplete(
            f"Date must be in ISO-8601 'basic format'. Got '{value}'. See http://en.wikipedia.org/wiki/ISO_8601"
        ) from None
    return value


# --- checks -----------------------------------------------------------------------------------------------


def _check_scope(auth: _Auth, service: str) -> None:
    if auth.terminator != TERMINATOR:
        raise _invalid(
            f"Credential should be scoped with a valid terminator: '{TERMINATOR}', not '{auth.terminator}'."
        )
    if auth.service != service:
        raise _invalid(f"Credential should be scoped to correct service: '{service}'.")
    if not _REGION.fullmatch(auth.region):
        raise _invalid(f"Credential should be scoped to a valid region, not '{auth.region}'.")
    if auth.scope_date != auth.timestamp[:8]:
        raise _invalid(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
            f"'{auth.scope_date}' != '{auth.timestamp[:8]}', from '{auth.timestamp}'."
        )


def _check_time(auth: _Auth, now: float, max_skew: float) -> None:
    signed_at = calendar.timegm(time.strptime(auth.timestamp, "%Y%m%dT%H%M%SZ"))
    # A presigned URL lives for X-Amz-Expires; a header-signed request only for the clock-skew window.
    lifetime = max_skew if auth.expires is None else float(auth.expires)
    if signed_at < now - lifetime:
        raise _invalid(
            f"Signature expired: {auth.timestamp} is now earlier than {_iso(now - lifetime)} "
            f"({_iso(now)} - {_duration(lifetime)})"
        )
    if signed_at > now + max_skew:
        raise _invalid(
            f"Signature not yet current: {auth.timestamp} is still later than {_iso(now + max_skew)} "
            f"({_iso(now)} + {_duration(max_skew)})"
        )


def _iso(epoch: float) -> str:
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(epoch))


def _duration(seconds: float) -> str:
    return f"{int(seconds) // 60} min." if seconds % 60 == 0 else f"{seconds:g} sec."


# --- canonical request ------------------------------------------------------------------------------------


def _canonical_path(raw_path: bytes) -> str:
    """botocore `normalize_url_path` + `quote(safe='/~')` on the path as sent, at the byte level."""
    segments: list[bytes] = []
    for segment in raw_path.split(b"/"):
        if segment == b"..":
            if segments:
                segments.pop()
        elif segment and segment != b".":
            segments.append(segment)
    path = b"/" + b"/".join(segments)
    if segments and raw_path.endswith(b"/"):
        path += b"/"
    return quote_from_bytes(path, safe=b"/~")


def _canonical_query(query: list[tuple[bytes, bytes]], *, presigned: bool) -> str:
    encoded = sorted(
        (quote_from_bytes(key, safe=_UNRESERVED), quote_from_bytes(value, safe=_UNRESERVED))
        for key, value in query
        if not (presigned and key == b"X-Amz-Signature")
    )
    return "&".join(f"{key}={value}" for key, value in encoded)


def _canonical_value(values: list[str]) -> str:
    return ",".join(" ".join(value.split()) for value in values)


def _payload_hash(headers: dict[str, list[str]], body: bytes) -> str:
    actual = hashlib.sha256(body).hexdigest()
    claimed = headers.get("x-amz-content-sha256")
    if claimed is None:
        return actual
    value = claimed[0].strip()
    # A signed hash that is not the body's would let the body be swapped under a valid signature.
    if _SHA256_HEX.fullmatch(value) and value.lower() != actual:
        raise _invalid("The provided 'x-amz-content-sha256' header does not match what was computed.")
    return value


def _signing_key(secret: str, date: str, region: str, service: str) -> bytes:
    key = f"AWS4{secret}".encode()
    for part in (date, region, service, TERMINATOR):
        key = hmac.new(key, part.encode("utf-8"), hashlib.sha256).digest()
    return key


# --- errors -----------------------------------------------------------------------------------------------


def _incomplete(message: str) -> UnmodelledError:
    return UnmodelledError("IncompleteSignatureException", 400, message)


def _invalid(message: str) -> UnmodelledError:
    return UnmodelledError("InvalidSignatureException", 403, message)
