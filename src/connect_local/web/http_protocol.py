"""uvicorn's httptools protocol with a request-read deadline, so stalled clients cannot pin connections forever.

uvicorn times out idle keep-alive connections but not a request that has started and then stalls (half the
headers, or fewer body bytes than Content-Length). Here every request must arrive in full within `read_timeout`
seconds of its first byte (or of the connection opening); otherwise the connection is closed. The app then sees
`http.disconnect` and drops the partial request without running it.

Per request the protocol only stamps when reading began; one sweep per second per server closes the connections
whose stamp is too old. (A timer per request cost more than the rest of the protocol's work.)
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

_SWEEP_INTERVAL = 1.0


class _Guarded(HttpToolsProtocol):
    read_timeout = 10.0
    _reading_since: float | None = None
    _open: set[_Guarded]  # the live connections of this server's protocol class, shared by its instances
    _sweeper: list[asyncio.TimerHandle | None]

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._reading_since = self.loop.time()
        self._open.add(self)
        if self._sweeper[0] is None:
            self._sweeper[0] = self.loop.call_later(_SWEEP_INTERVAL, self._sweep)

    def connection_lost(self, exc: Exception | None) -> None:
        self._open.discard(self)
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        self._reading_since = self.loop.time()
        super().on_message_begin()

    def on_message_complete(self) -> None:
        self._reading_since = None
        super().on_message_complete()

    def _sweep(self) -> None:
        deadline = self.loop.time() - self.read_timeout
        for connection in list(self._open):
            since = connection._reading_since
            if since is not None and since < deadline:
                connection._reading_since = None
                connection.transport.close()
        self._sweeper[0] = self.loop.call_later(_SWEEP_INTERVAL, self._sweep) if self._open else None


def guarded_protocol(read_timeout: float) -> Any:
    """The protocol class to pass as uvicorn's `http=`."""
    return type("GuardedHttpToolsProtocol", (_Guarded,),
                {"read_timeout": read_timeout, "_open": set(), "_sweeper": [None]})
