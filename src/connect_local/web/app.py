"""The ASGI application: the AWS endpoint plus the control plane, on one port."""

from __future__ import annotations

import gc
import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from connect_local.clock import SystemClock
from connect_local.config import Settings
from connect_local.errors import UnmodelledError
from connect_local.ids import IdFactory, request_id
from connect_local.protocol import serializer
from connect_local.protocol.parser import RawRequest
from connect_local.protocol.serializer import Response
from connect_local.store import open_store
from connect_local.web import control
from connect_local.web import faults as _faults  # noqa: F401  (registers the /faults control endpoints)
from connect_local.web import simulation as _simulation  # noqa: F401  (registers /calls, /doctor, /regions)
from connect_local.web.request_log import RequestLog
from connect_local.web.service import Service

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

log = logging.getLogger("connect_local")
CLOCK_OFFSET = "clock_offset"


class BodyTooLarge(Exception):
    pass


class ClientGone(Exception):
    """The client disconnected (or was cut off for stalling) before its request arrived in full."""


class App:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = open_store(settings)
        self.clock = SystemClock(self._saved_clock_offset())
        self.service = Service(settings, self.store, self.clock, IdFactory(settings.id_seed))
        self.request_log = RequestLog(settings.request_log) if settings.request_log else None

    def _saved_clock_offset(self) -> float:
        """The emulated clock never goes back, not even across a restart: its offset is kept with the state."""
        with self.store.unit_of_work() as uow:
            return float(uow.meta(CLOCK_OFFSET) or 0.0)

    def advance_clock(self, seconds: float) -> None:
        with self.store.unit_of_work() as uow:
            self.clock.advance(seconds)
            uow.set_meta(CLOCK_OFFSET, repr(self.clock.offset))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        started = time.perf_counter()
        # ASGI servers hand header names over lower-cased already
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        body = b""
        if "transfer-encoding" in headers or headers.get("content-length", "0") != "0":
            try:
                body = await self._body(headers.get("content-length"), receive)
            except ClientGone:
                return  # never run a partial request
            except BodyTooLarge:
                cap = self.settings.max_body_bytes
                error = UnmodelledError("RequestEntityTooLargeException", 413,
                                        f"The request body is larger than {cap} bytes.")
                response = serializer.error(error)
                early_id = request_id()  # every AWS error carries one, this early one too
                response.headers.append(("x-amzn-RequestId", early_id))
                self._log(started, response, request_id=early_id)
                await _send(send, response)
                return
        raw_path = scope.get("raw_path") or scope["path"].encode()
        request = RawRequest(
            method=scope["method"],
            raw_path=raw_path.decode("latin-1").split("?", 1)[0],
            query_string=scope["query_string"].decode("latin-1"),
            headers=headers,
            body=body,
        )
        if request.raw_path.startswith(control.PREFIX):
            strict = self.service.strict
            name = request.raw_path[len(control.PREFIX):].strip("/")
            if strict is not None and not strict.may_control(request.method, name,
                                                             request.headers.get("authorization")):
                status, document = 403, {"error": "strict mode: the control plane needs "
                                                  "'Authorization: Bearer <CONNECT_LOCAL_ADMIN_TOKEN>'"}
            else:
                status, document = control.handle(self, request)
            response = Response(status, json.dumps(document).encode(), [("Content-Type", "application/json")])
            self._log(started, response, operation=f"{request.method} {control.PREFIX}{name}")
            await _send(send, response)
            return
        outcome = self.service.handle(request)
        if self.request_log is not None:
            identity = outcome.identity
            self._log(started, outcome.response, request_id=outcome.request_id, operation=outcome.operation,
                      account=identity.account if identity else None,
                      region=identity.region if identity else None)
        await _send(send, outcome.response)

    def _log(self, started: float, response: Response, *, request_id: str | None = None,
             operation: str | None = None, account: str | None = None, region: str | None = None) -> None:
        if self.request_log is None:
            return
        error_code = next((v for k, v in response.headers if k == "x-amzn-ErrorType"), None)
        self.request_log.write(request_id=request_id, account=account, region=region, operation=operation,
                               status=response.status, started=started, error_code=error_code)

    async def _body(self, announced: str | None, receive: Receive) -> bytes:
        """The whole body of a request that announced one (Content-Length or chunked), within the cap."""
        cap = self.settings.max_body_bytes
        if announced is not None and announced.isdigit() and int(announced) > cap:
            raise BodyTooLarge  # refused before reading a byte of it
        chunks = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise ClientGone
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > cap:
                raise BodyTooLarge
            chunks.append(chunk)
            more = message.get("more_body", False)
        return b"".join(chunks)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                # What exists now (the service model above all) lives as long as the server: keep it out of the
                # collector's full passes, which otherwise stall every request for tens of milliseconds.
                gc.freeze()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                self.store.close()
                if self.request_log is not None:
                    self.request_log.close()
                await send({"type": "lifespan.shutdown.complete"})
                return


# Header names every response carries, encoded once.
_HEADER_NAMES = {name: name.encode() for name in ("Content-Type", "x-amzn-RequestId", "x-amzn-ErrorType")}


async def _send(send: Send, response: Response) -> None:
    headers = [(_HEADER_NAMES.get(k) or k.encode("latin-1"), v.encode("latin-1")) for k, v in response.headers]
    headers.append((b"content-length", str(len(response.body)).encode()))
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    await send({"type": "http.response.body", "body": response.body})
