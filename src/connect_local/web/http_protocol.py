"""uvicorn's httptools protocol with a request-read deadline, so stalled clients cannot pin connections forever.

uvicorn times out idle keep-alive connections but not a request that has started and then stalls (half the
headers, or fewer body bytes than Content-Length). Here every request must arrive in full within `read_timeout`
seconds of its first byte (or of the connection opening); otherwise the connection is closed. The app then sees
`http.disconnect` and drops the partial request without running it.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


class _Guarded(HttpToolsProtocol):
    read_timeout = 10.0
    _deadline: asyncio.TimerHandle | None = None

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.read_timeout, self._stalled)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _stalled(self) -> None:
        self._deadline = None
        self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        self._arm()
        super().on_message_begin()

    def on_message_complete(self) -> None:
        self._disarm()
        super().on_message_complete()


def guarded_protocol(read_timeout: float) -> Any:
    """The protocol class to pass as uvicorn's `http=`."""
    return type("GuardedHttpToolsProtocol", (_Guarded,), {"read_timeout": read_timeout})
