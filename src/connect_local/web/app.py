"""The ASGI application: the AWS endpoint plus the control plane, on one port."""

from __future__ import annotations

import json
import logging
from typing import Any, Awaitable, Callable

from connect_local.clock import SystemClock
from connect_local.config import Settings
from connect_local.errors import UnmodelledError
from connect_local.ids import IdFactory
from connect_local.protocol import serializer
from connect_local.protocol.parser import RawRequest
from connect_local.protocol.serializer import Response
from connect_local.store import open_store
from connect_local.web import control
from connect_local.web.service import Service

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

log = logging.getLogger("connect_local")


class BodyTooLarge(Exception):
    pass


class App:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = open_store(settings)
        self.clock = SystemClock()
        self.service = Service(settings, self.store, self.clock, IdFactory(settings.id_seed))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        try:
            body = await self._body(scope, receive)
        except BodyTooLarge:
            cap = self.settings.max_body_bytes
            error = UnmodelledError("RequestEntityTooLargeException", 413,
                                    f"The request body is larger than {cap} bytes.")
            await _send(send, serializer.error(error))
            return
        raw_path = scope.get("raw_path") or scope["path"].encode()
        request = RawRequest(
            method=scope["method"],
            raw_path=raw_path.decode("latin-1").split("?", 1)[0],
            query_string=scope["query_string"].decode("latin-1"),
            headers={k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]},
            body=body,
        )
        if request.raw_path.startswith(control.PREFIX):
            status, document = control.handle(self, request)
            await _send(send, Response(status, json.dumps(document).encode(),
                                       [("Content-Type", "application/json")]))
            return
        outcome = self.service.handle(request)
        await _send(send, outcome.response)

    async def _body(self, scope: Scope, receive: Receive) -> bytes:
        cap = self.settings.max_body_bytes
        for name, value in scope["headers"]:
            if name.lower() == b"content-length" and value.isdigit() and int(value) > cap:
                raise BodyTooLarge
        chunks = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
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
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                self.store.close()
                await send({"type": "lifespan.shutdown.complete"})
                return


async def _send(send: Send, response: Response) -> None:
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in response.headers]
    headers.append((b"content-length", str(len(response.body)).encode()))
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    await send({"type": "http.response.body", "body": response.body})
