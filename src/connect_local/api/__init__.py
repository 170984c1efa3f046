"""Operation handlers. Importing this package registers every implemented operation."""

from connect_local.api import instances, tagging  # noqa: F401  (registration side effects)
from connect_local.api import associations, flows  # noqa: F401
from connect_local.api import replication, tdgs, users  # noqa: F401
from connect_local.api import phone_numbers  # noqa: F401
from connect_local.api.registry import HANDLERS, READ_ONLY, Handler

__all__ = ["HANDLERS", "READ_ONLY", "Handler"]
