"""Access keys the strict-auth mode accepts, read from an AWS shared-credentials style INI file.

    [alice]
    aws_access_key_id = 111122223333
    aws_secret_access_key = s3cr3t
    account = 111122223333        ; optional, 12 digits

Secrets never appear in a repr or in an error message.
"""

from __future__ import annotations

import configparser
import os
from dataclasses import dataclass, field

from connect_local.ids import ACCOUNT_ID

DEFAULT_ACCOUNT = "000000000000"

# configparser treats a section named like this as defaults for every other section; the credentials
# format has no such thing (`[default]` is an ordinary profile), so pick a name no file can contain.
_NO_DEFAULT_SECTION = "\x00no-default\x00"


@dataclass(frozen=True)
class Credential:
    access_key: str
    secret_key: str = field(repr=False)
    account: str


def account_for(access_key: str, default: str = DEFAULT_ACCOUNT) -> str:
    """The account an access key belongs to when nothing else says: a 12-digit key *is* the account."""
    return access_key if ACCOUNT_ID.fullmatch(access_key) else default


def load_credentials(path: str | os.PathLike[str]) -> dict[str, Credential]:
    """Read every profile that names a key pair; keyed by access key id.

    Profiles with neither key (e.g. role or SSO profiles in a real ~/.aws/credentials) are skipped.
    Raises ValueError naming the file and section for anything malformed; OSError if unreadable.
    """
    where = os.fspath(path)
    parser = configparser.RawConfigParser(strict=True, default_section=_NO_DEFAULT_SECTION)
    try:
        with open(where, encoding="utf-8") as handle:
            parser.read_file(handle, source=where)
    except configparser.Error as exc:
        raise ValueError(f"{where}: malformed credentials file: {_describe(exc)}") from None
    except UnicodeDecodeError:
        raise ValueError(f"{where}: credentials file is not UTF-8") from None

    found: dict[str, Credential] = {}
    first_section: dict[str, str] = {}
    for section in parser.sections():
        values = parser[section]
        access_key = values.get("aws_access_key_id", "").strip()
        secret_key = values.get("aws_secret_access_key", "").strip()
        if not access_key and not secret_key:
            continue
        if not access_key:
            raise ValueError(f"{where} [{section}]: aws_secret_access_key without aws_access_key_id")
        if not secret_key:
            raise ValueError(
                f"{where} [{section}]: aws_access_key_id {access_key!r} has no aws_secret_access_key"
            )
        if any(ch.isspace() or ch == "/" for ch in access_key):
            # '/' and whitespace would make the SigV4 credential scope ambiguous.
            raise ValueError(f"{where} [{section}]: access key {access_key!r} may not contain '/' or spaces")
        account = values.get("account", "").strip() or account_for(access_key)
        if not ACCOUNT_ID.fullmatch(account):
            raise ValueError(f"{where} [{section}]: account {account!r} is not a 12-digit AWS account id")
        if access_key in found:
            raise ValueError(
                f"{where} [{section}]: access key {access_key!r} is already defined in [{first_section[access_key]}]"
            )
        found[access_key] = Credential(access_key=access_key, secret_key=secret_key, account=account)
        first_section[access_key] = section
    return found


def _describe(exc: configparser.Error) -> str:
    """configparser quotes offending lines verbatim, and such a line may hold a secret: give line numbers only."""
    if isinstance(exc, configparser.MissingSectionHeaderError):
        return f"line {exc.lineno}: key outside any [section]"
    if isinstance(exc, configparser.ParsingError):
        lines = ", ".join(str(lineno) for lineno, _ in exc.errors)
        return f"cannot parse line(s) {lines} (expected `key = value` or `[section]`)"
    if isinstance(exc, configparser.DuplicateSectionError):
        return f"line {exc.lineno}: section [{exc.section}] appears twice"
    if isinstance(exc, configparser.DuplicateOptionError):
        return f"line {exc.lineno}: [{exc.section}] sets {exc.option!r} twice"
    return type(exc).__name__
