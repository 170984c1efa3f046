"""The `connect-local` command: serve the emulator, and (from other modules) simulate calls and check readiness."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from dataclasses import replace
from typing import Callable

from connect_local import __version__, config

Command = Callable[[argparse.Namespace], int]
SUBCOMMANDS: dict[str, tuple[Callable[[argparse.ArgumentParser], None], Command]] = {}


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
    parser.add_argument("--log-level", default="warning", choices=("debug", "info", "warning", "error"),
                        help="server log level (default warning)")


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from connect_local.web.app import App

    settings = config.from_environment(config.Settings())
    state = None if args.in_memory else (args.state or settings.state or default_state_path())
    changes: dict[str, object] = {"host": args.host, "port": args.port, "state": state,
                                  "sqlite_synchronous": args.sync}
    try:
        if args.delay is not None:
            changes["delays"] = config.delays_from(args.delay, settings.delays)
    except ValueError as exc:
        print(f"connect-local: {exc}", file=sys.stderr)
        return 2
    if args.default_account:
        changes["default_account"] = args.default_account
    if args.default_region:
        changes["default_region"] = args.default_region
    settings = replace(settings, **changes)  # type: ignore[arg-type]
    if state and "://" not in state:
        os.makedirs(os.path.dirname(os.path.abspath(state)), exist_ok=True)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s %(message)s")
    app = App(settings)
    print(f"connect-local {__version__} listening on http://{settings.host}:{settings.port}", flush=True)
    print(f"state: {state or 'in memory (lost on exit)'}", flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, loop="uvloop", http="httptools",
                access_log=False, log_level=args.log_level, lifespan="on", timeout_keep_alive=30)
    return 0


SUBCOMMANDS["serve"] = (_add_serve, _serve)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="connect-local",
        description="A self-hosted Amazon Connect telephony control plane that boto3, the AWS CLI and the "
                    "AWS SDKs talk to with an endpoint URL.",
    )
    parser.add_argument("--version", action="version", version=f"connect-local {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    helps = {"serve": "run the AWS-compatible endpoint and the /_connect-local/ control plane"}
    for name, (configure, _) in SUBCOMMANDS.items():
        configure(commands.add_parser(name, help=helps.get(name), description=helps.get(name)))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return SUBCOMMANDS[args.command][1](args)


if __name__ == "__main__":
    sys.exit(main())
