"""The request log (`serve --request-log PATH|-`): one JSON object per line per request.

Fields: time, requestId, account, region, operation, status, latencyMs, errorCode. Deliberately nothing else:
no headers, query strings, bodies or error messages, so neither secrets nor signatures can reach the log.
"""

from __future__ import annotations

import json
import sys
import time
from typing import IO, Any


class RequestLog:
    def __init__(self, target: str) -> None:
        self._owned = target != "-"
        # Open for the server's lifetime; App closes it at shutdown.
        self._stream: IO[str] = open(target, "a", encoding="utf-8") if self._owned else sys.stderr  # noqa: SIM115

    def write(self, *, request_id: str | None, account: str | None, region: str | None,
              operation: str | None, status: int, started: float, error_code: str | None) -> None:
        entry: dict[str, Any] = {
            "time": round(time.time(), 3),
            "requestId": request_id,
            "account": account,
            "region": region,
            "operation": operation,
            "status": status,
            "latencyMs": round((time.perf_counter() - started) * 1000, 2),
            "errorCode": error_code,
        }
        # One write per line and a flush, so lines from a crashed or killed server are whole.
        self._stream.write(json.dumps(entry, separators=(",", ":")) + "\n")
        self._stream.flush()

    def close(self) -> None:
        if self._owned:
            self._stream.close()
