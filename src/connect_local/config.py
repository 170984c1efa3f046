"""Settings: every knob in one place, from defaults, environment variables and command-line flags."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace

from connect_local.ids import ACCOUNT_ID

# Resource kinds whose asynchronous transitions have a delay the user can choose.
DELAY_KINDS = ("instance", "replication", "tdg", "traffic", "phone_number")

# Short but not zero: a client that does not poll sees the in-progress status; one polling every 0.2 s is
# done within a few seconds.
DEFAULT_DELAYS = {"instance": 2.0, "replication": 2.0, "tdg": 1.0, "traffic": 0.5, "phone_number": 1.0}
# Closer to what AWS takes (instance creation is about a minute).
REALISTIC_DELAYS = {"instance": 60.0, "replication": 120.0, "tdg": 20.0, "traffic": 5.0, "phone_number": 10.0}

# ClaimPhoneNumber of a number someone else holds: the observed 400 (default) or the documented 404.
NUMBER_UNAVAILABLE_ERRORS = {"400": "InvalidParameterException", "404": "ResourceNotFoundException"}

DEFAULT_REGION_PAIRS = {
    "us-east-1": "us-west-2",
    "us-west-2": "us-east-1",
    "eu-central-1": "eu-west-2",
    "eu-west-2": "eu-central-1",
    "ap-northeast-1": "ap-northeast-3",
}


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 4599
    state: str | None = None  # SQLite file; None = in memory
    default_account: str = "000000000000"
    default_region: str = "us-east-1"
    delays: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_DELAYS))
    max_body_bytes: int = 1024 * 1024
    max_json_depth: int = 64
    instances_per_region: int = 2
    numbers_per_target: int = 5
    flows_per_instance: int = 100
    users_per_instance: int = 500
    tdgs_per_instance: int = 10
    idempotency_window: float = 24 * 3600.0
    failed_instance_retention: float = 24 * 3600.0
    release_cooldown: float = 180 * 24 * 3600.0
    churn_limit: bool = False
    number_unavailable_error: str = "InvalidParameterException"  # or "ResourceNotFoundException" (documented 404)
    region_pairs: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_REGION_PAIRS))
    sqlite_synchronous: str = "FULL"
    # Accounts AWS has enabled Global Resiliency for (ReplicateInstance and the traffic distribution group
    # operations); None = every account, as if all were allow-listed.
    global_resiliency_accounts: frozenset[str] | None = None
    read_cache_rows: int = 20_000  # rows of recent reads the SQLite store reuses while unchanged (a few MB); 0 = off
    id_seed: int | None = None
    auth: str = "permissive"  # "strict": verify SigV4 against credentials_file (auth/strict.py)
    credentials_file: str | None = None
    admin_token: str | None = field(default=None, repr=False)  # strict mode's control-plane token
    throttle: bool = False  # per-account token buckets (web/throttle.py)
    request_log: str | None = None  # JSON-lines file, or "-" for stderr (web/request_log.py)
    read_timeout: float = 10.0  # seconds for a whole request to arrive once it has started (slow clients)

    def delay(self, kind: str) -> float:
        return self.delays.get(kind, 0.0)


def delays_from(spec: str | None, base: dict[str, float] | None = None) -> dict[str, float]:
    """Parse a delay spec: 'default', 'realistic', a number for every kind, or 'kind=seconds,...'."""
    delays = dict(base if base is not None else DEFAULT_DELAYS)
    if spec is None or spec == "" or spec == "default":
        return delays
    if spec == "realistic":
        return dict(REALISTIC_DELAYS)
    for part in spec.split(","):
        part = part.strip()
        if "=" in part:
            kind, _, seconds = part.partition("=")
            kind = kind.strip()
            if kind not in DELAY_KINDS:
                raise ValueError(f"unknown delay kind {kind!r}; choose from {', '.join(DELAY_KINDS)}")
            delays[kind] = _seconds(seconds)
        else:
            value = _seconds(part)
            delays = {kind: value for kind in DELAY_KINDS}
    return delays


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"delay {text!r} is not a number of seconds") from None
    if value < 0:
        raise ValueError(f"delay {text!r} must not be negative")
    return value


def region_pairs_from(spec: str) -> dict[str, str]:
    """Parse 'source=replica,...': the Regions ReplicateInstance may copy an instance to (replaces the defaults)."""
    pairs: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        source, _, replica = part.partition("=")
        if not source.strip() or not replica.strip():
            raise ValueError(f"region pair {part!r} is not SOURCE=REPLICA")
        pairs[source.strip()] = replica.strip()
    return pairs


def number_unavailable_from(status: str, source: str = "--number-unavailable") -> str:
    """The error for claiming a number that is not available, from its HTTP status: '400' or '404'."""
    error = NUMBER_UNAVAILABLE_ERRORS.get(status.strip())
    if error is None:
        raise ValueError(f"{source} must be 400 (InvalidParameterException, as observed) or 404 "
                         f"(ResourceNotFoundException, as documented), not {status!r}")
    return error


def accounts_from(spec: str, source: str = "--global-resiliency-accounts") -> frozenset[str]:
    """Parse 'id,id,...' (12-digit account ids)."""
    accounts = frozenset(part.strip() for part in spec.split(",") if part.strip())
    bad = sorted(a for a in accounts if not ACCOUNT_ID.fullmatch(a))
    if bad or not accounts:
        raise ValueError(f"{source} must be a comma-separated list of 12-digit account ids, not {spec!r}")
    return accounts


def from_environment(base: Settings | None = None, env: dict[str, str] | None = None) -> Settings:
    """Apply CONNECT_LOCAL_* environment variables on top of `base`."""
    env = dict(os.environ if env is None else env)
    settings = base or Settings()
    delays = delays_from(env.get("CONNECT_LOCAL_DELAY"), settings.delays)
    for kind in DELAY_KINDS:
        value = env.get(f"CONNECT_LOCAL_DELAY_{kind.upper()}")
        if value is not None:
            delays[kind] = _seconds(value)
    changes: dict[str, object] = {"delays": delays}
    if "CONNECT_LOCAL_DEFAULT_ACCOUNT" in env:
        changes["default_account"] = env["CONNECT_LOCAL_DEFAULT_ACCOUNT"]
    if "CONNECT_LOCAL_DEFAULT_REGION" in env:
        changes["default_region"] = env["CONNECT_LOCAL_DEFAULT_REGION"]
    if "CONNECT_LOCAL_STATE" in env:
        changes["state"] = env["CONNECT_LOCAL_STATE"]
    if "CONNECT_LOCAL_REGION_PAIRS" in env:
        changes["region_pairs"] = region_pairs_from(env["CONNECT_LOCAL_REGION_PAIRS"])
    if "CONNECT_LOCAL_RELEASE_COOLDOWN" in env:  # seconds a released phone number stays unclaimable
        changes["release_cooldown"] = _seconds(env["CONNECT_LOCAL_RELEASE_COOLDOWN"])
    if "CONNECT_LOCAL_NUMBER_UNAVAILABLE" in env:  # 400 or 404 for claiming a number someone else holds
        changes["number_unavailable_error"] = number_unavailable_from(env["CONNECT_LOCAL_NUMBER_UNAVAILABLE"],
                                                                      "CONNECT_LOCAL_NUMBER_UNAVAILABLE")
    if "CONNECT_LOCAL_GLOBAL_RESILIENCY_ACCOUNTS" in env:  # only these accounts may replicate and use TDGs
        changes["global_resiliency_accounts"] = accounts_from(env["CONNECT_LOCAL_GLOBAL_RESILIENCY_ACCOUNTS"],
                                                              "CONNECT_LOCAL_GLOBAL_RESILIENCY_ACCOUNTS")
    if env.get("CONNECT_LOCAL_ADMIN_TOKEN"):  # an environment variable, so the token stays out of `ps`
        changes["admin_token"] = env["CONNECT_LOCAL_ADMIN_TOKEN"]
    return replace(settings, **changes)  # type: ignore[arg-type]
