"""A null ASGI app: the ceiling of the server stack, with no application work at all.

Every HTTP request gets 200 and a small JSON body. It runs on the same uvicorn
settings as connect-local (httptools, uvloop, no access log, one worker), so the
ratio "server / null app" isolates the cost of connect-local's own code.

    python bench/null_app.py --host 127.0.0.1 --port 8123
"""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import uvicorn

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

BODY = b'{"ok":true}'
START: Message = {
    "type": "http.response.start",
    "status": 200,
    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(BODY)).encode())],
}
RESPONSE: Message = {"type": "http.response.body", "body": BODY}


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["type"] != "http":
        return
    # Drain the body as a real handler would, so POST benchmarks compare like with like.
    more = True
    while more:
        more = (await receive()).get("more_body", False)
    await send(START)
    await send(RESPONSE)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8123)
    args = parser.parse_args(argv)
    config = uvicorn.Config(
        app,
        host=args.host,
        port=args.port,
        http="httptools",
        loop="uvloop",
        access_log=False,
        workers=1,
        log_level="warning",
        lifespan="on",
        timeout_keep_alive=30,  # as connect-local serves
        server_header=False,
        proxy_headers=False,
    )
    print(f"null app listening on http://{args.host}:{args.port}", flush=True)
    uvicorn.Server(config).run()


if __name__ == "__main__":
    main()
