"""Global Resiliency is something AWS enables per account: until it has, ReplicateInstance and every traffic
distribution group operation answer AccessDeniedException (spec traffic-distribution-groups.md, optional switch).
"""

from __future__ import annotations

from connect_local.domain.records import Call
from connect_local.errors import AccessDeniedException


def require_enabled(call: Call) -> None:
    allowed = call.settings.global_resiliency_accounts
    if allowed is not None and call.account not in allowed:
        raise AccessDeniedException(
            f"Amazon Connect Global Resiliency is not enabled for account {call.account}. "
            "Contact AWS Support to have the account allow-listed.")
