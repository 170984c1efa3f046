"""`connect-local call` and `connect-local doctor`: ask a running server's control plane, print or gate.

Exit codes (for scripts and CI): 0 every call connected / ready; 1 some call failed / something would drop
calls; 2 the request could not be made (server unreachable, bad arguments).
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from connect_local.simulator import report

DEFAULT_ENDPOINT = "http://127.0.0.1:4599"


class RequestFailed(Exception):
    pass


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--endpoint", default=DEFAULT_ENDPOINT, metavar="URL",
                        help=f"the connect-local server (default {DEFAULT_ENDPOINT})")
    parser.add_argument("--account", metavar="ID", help="12-digit account id (default: the server's default)")
    parser.add_argument("--json", action="store_true", help="print the JSON report instead of tables")


def add_call(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Simulate inbound calls to a phone number: the Region, instance and flow each call "
                          "lands on and its path through the flow, or why it fails.")
    parser.add_argument("phone_number", metavar="+E164", help="the dialled number, e.g. +12065550100")
    parser.add_argument("--count", type=int, default=1, metavar="N", help="number of calls (default 1)")
    parser.add_argument("--seed", type=int, metavar="S", help="seed the random Region choice (reproducible)")
    parser.add_argument("--region-down", action="append", default=[], metavar="REGION",
                        help="treat REGION as down for these calls (repeatable)")
    parser.add_argument("--hours", choices=("open", "closed"), default="open",
                        help="answer for Check hours of operation blocks (default open)")
    parser.add_argument("--lambda", dest="lambda_", choices=("succeed", "fail"), default="succeed",
                        help="answer for Invoke AWS Lambda function blocks (default succeed)")
    _common(parser)


def call(args: argparse.Namespace) -> int:
    document: dict[str, Any] = {
        "phoneNumber": args.phone_number, "count": args.count, "regionsDown": args.region_down,
        "hoursOpen": args.hours == "open", "lambdaSucceeds": args.lambda_ == "succeed",
    }
    if args.seed is not None:
        document["seed"] = args.seed
    if args.account:
        document["account"] = args.account
    try:
        result = _request(args.endpoint, "POST", "calls", document)
    except RequestFailed as exc:
        print(f"connect-local call: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2) if args.json else report.calls_text(result))
    return 0 if result["connected"] == result["calls"] else 1


def add_doctor(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Check failover readiness: every phone number must reach a published, active flow in "
                          "every Region its traffic distribution group can send calls to. Exits 1 when any "
                          "number would drop calls.")
    _common(parser)


def doctor(args: argparse.Namespace) -> int:
    query = "?" + urllib.parse.urlencode({"account": args.account}) if args.account else ""
    try:
        result = _request(args.endpoint, "GET", "doctor" + query, None)
    except RequestFailed as exc:
        print(f"connect-local doctor: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2) if args.json else report.doctor_text(result))
    return 0 if result["ready"] else 1


def _request(endpoint: str, method: str, name: str, document: dict[str, Any] | None) -> Any:
    url = f"{endpoint.rstrip('/')}/_connect-local/{name}"
    data = json.dumps(document).encode() if document is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as exc:
        try:
            message = json.loads(exc.read()).get("error", exc.reason)
        except ValueError:
            message = exc.reason
        raise RequestFailed(f"{url} answered {exc.code}: {message}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise RequestFailed(f"cannot reach {url} ({exc}); is `connect-local serve` running?") from None
