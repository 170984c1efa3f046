"""Operation handlers. Importing this package registers every implemented operation."""

from connect_local.api import (  # noqa: F401  (registration side effects)  # noqa: F401  # noqa: F401
    associations,
    flows,
    instances,
    phone_numbers,
    replication,
    tagging,
    tdgs,
    users,
)
from connect_local.api.registry import HANDLERS, READ_ONLY, Handler

__all__ = ["HANDLERS", "READ_ONLY", "Handler"]
