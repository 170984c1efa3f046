"""The `connect-local` command: serve the emulator, and (from other modules) simulate calls and check readiness."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import replace

from connect_local import __version__, cli_simulator, config

Command = Callable[[argparse.Namespace], int]
Configure = Callable[[argparse.ArgumentParser], None]
# name -> (add its arguments, run it, one-line help)
SUBCOMMANDS: dict[str, tuple[Configure, Command, str]] = {}


def default_state_path() -> str:
    import platformdirs

    return os.path.join(platformdirs.user_data_dir("connect-local", appauthor=False), "state.sqlite3")


def _add_serve(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to bind (default 127.0.0.1; anything else exposes the server to the network)")
    parser.add_argument("--port", type=int, default=4599, help="port to listen on (default 4599)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--state", metavar="PATH|URL",
                       help=f"SQLite file holding the state (default {default_state_path()}), or a "
                            "postgresql:// URL (env CONNECT_LOCAL_STATE)")
    where.add_argument("--in-memory", action="store_true", help="keep state in memory only; lost on exit")
    parser.add_argument("--delay", metavar="SPEC",
                        help="transition delays: 'default', 'realistic', seconds for every kind (0 = immediate), "
                             f"or KIND=SECONDS,... with KIND in {', '.join(config.DELAY_KINDS)} "
                             "(env CONNECT_LOCAL_DELAY, CONNECT_LOCAL_DELAY_<KIND>)")
    parser.add_argument("--default-account", metavar="ID",
                        help="account for access keys that are not 12 digits (default 000000000000)")
    parser.add_argument("--default-region", metavar="REGION",
                        help="Region for unsigned requests (default us-east-1)")
    parser.add_argument("--sync", choices=("NORMAL", "FULL"), default="FULL",
                        help="SQLite synchronous mode: FULL survives power loss, NORMAL only process crashes")
    parser.add_argument("--read-cache", type=int, metavar="ROWS",
                        help="rows of recent reads reused while no connection has changed the state (default "
                             f"{config.Settings.read_cache_rows}; 0 = off, every read goes to the database)")
    parser.add_argument("--auth", choices=("permissive", "strict"), default="permissive",
                        help="permissive (default): any signature is accepted, the account is read from the access "
                             "key; strict: SigV4 is verified against --credentials and the control plane needs "
                             "the admin token in env CONNECT_LOCAL_ADMIN_TOKEN")
    parser.add_argument("--credentials", metavar="FILE",
                        help="strict mode's keys: AWS shared-credentials format, optional `account` per profile")
    parser.add_argument("--throttle", action="store_true",
                        help="answer ThrottlingException (429) above the published per-account rates (default off)")
    parser.add_argument("--request-log", metavar="PATH",
                        help="append one JSON line per request to PATH ('-' = stderr); never secrets or signatures")
    parser.add_argument("--read-timeout", type=float, default=10.0, metavar="SECONDS",
                        help="close a connection whose request has not fully arrived after SECONDS (default 10)")
    parser.add_argument("--number-unavailable", choices=sorted(config.NUMBER_UNAVAILABLE_ERRORS),
                        help="ClaimPhoneNumber of a number someone else holds (or cooling down) answers 400 "
                             "InvalidParameterException, as AWS was observed to (default), or 404 "
                             "ResourceNotFoundException, as documented; the message is 'Phone number not "
                             "available: <E.164>' either way (env CONNECT_LOCAL_NUMBER_UNAVAILABLE)")
    parser.add_argument("--global-resiliency-accounts", metavar="ID,ID,...",
                        help="only these accounts may use ReplicateInstance and the traffic distribution group "
                             "operations; others get AccessDeniedException, as accounts AWS has not enabled Global "
                             "Resiliency for (default: every account; env CONNECT_LOCAL_GLOBAL_RESILIENCY_ACCOUNTS)")
    parser.add_argument("--log-level", default="warning", choices=("debug", "info", "warning", "error"),
                        help="server log level (default warning)")


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from connect_local.web.app import App
    from connect_local.web.http_protocol import guarded_protocol

    try:
        settings = config.from_environment(config.Settings())
    except ValueError as exc:  # a malformed CONNECT_LOCAL_* variable
        print(f"connect-local: {exc}", file=sys.stderr)
        return 2
    state = None if args.in_memory else (args.state or settings.state or default_state_path())
    changes: dict[str, object] = {"host": args.host, "port": args.port, "state": state,
                                  "sqlite_synchronous": args.sync}
    if args.read_cache is not None:
        if args.read_cache < 0:
            print("connect-local: --read-cache must be 0 (off) or a positive number of rows", file=sys.stderr)
            return 2
        changes["read_cache_rows"] = args.read_cache
    try:
        if args.delay is not None:
            changes["delays"] = config.delays_from(args.delay, settings.delays)
        if args.global_resiliency_accounts is not None:
            changes["global_resiliency_accounts"] = config.accounts_from(args.global_resiliency_accounts)
    except ValueError as exc:
        print(f"connect-local: {exc}", file=sys.stderr)
        return 2
    if args.number_unavailable is not None:
        changes["number_unavailable_error"] = config.number_unavailable_from(args.number_unavailable)
    if args.default_account:
        changes["default_account"] = args.default_account
    if args.default_region:
        changes["default_region"] = args.default_region
    changes.update(auth=args.auth, credentials_file=args.credentials, throttle=args.throttle,
                   request_log=args.request_log, read_timeout=args.read_timeout)
    settings = replace(settings, **changes)  # type: ignore[arg-type]
    if state and "://" not in state:
        os.makedirs(os.path.dirname(os.path.abspath(state)), exist_ok=True)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        app = App(settings)
    except (ValueError, OSError) as exc:  # a bad credentials file or an unwritable request log
        print(f"connect-local: {exc}", file=sys.stderr)
        return 2
    print(f"connect-local {__version__} listening on http://{settings.host}:{settings.port}", flush=True)
    print(f"state: {state or 'in memory (lost on exit)'}", flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, loop="uvloop",
                http=guarded_protocol(settings.read_timeout), access_log=False, log_level=args.log_level,
                lifespan="on", timeout_keep_alive=30,
                # AWS sends no `server: uvicorn`; and a loopback emulator sits behind no proxy to trust
                server_header=False, proxy_headers=False)
    return 0


SUBCOMMANDS["serve"] = (_add_serve, _serve,
                        "run the AWS-compatible endpoint and the /_connect-local/ control plane")
SUBCOMMANDS["call"] = (cli_simulator.add_call, cli_simulator.call,
                       "simulate inbound calls to a number: Region, instance, flow and path, or why it fails")
SUBCOMMANDS["doctor"] = (cli_simulator.add_doctor, cli_simulator.doctor,
                         "check that every number would route in every Region; non-zero exit when not")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="connect-local",
        description="A self-hosted Amazon Connect telephony control plane that boto3, the AWS CLI and the "
                    "AWS SDKs talk to with an endpoint URL.",
    )
    parser.add_argument("--version", action="version", version=f"connect-local {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (configure, _, summary) in SUBCOMMANDS.items():
        configure(commands.add_parser(name, help=summary, description=summary))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return SUBCOMMANDS[args.command][1](args)


if __name__ == "__main__":
    sys.exit(main())
