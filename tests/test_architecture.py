"""The layering stays as designed, and the command line is self-describing."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def test_import_contracts_are_kept() -> None:
    lint_imports = BIN / "lint-imports"
    fallback = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    command = [str(lint_imports)] if lint_imports.exists() else [sys.executable, "-c", fallback]
    result = subprocess.run([*command, "--no-cache"], check=False, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " broken" in result.stdout and "0 broken" in result.stdout


def subcommands() -> list[str]:
    from connect_local.__main__ import build_parser

    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return sorted(action.choices)
    raise AssertionError("connect-local has no subcommands")


def connect_local() -> list[str]:
    script = BIN / "connect-local"
    return [str(script)] if script.exists() else [sys.executable, "-m", "connect_local"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*connect_local(), *args], check=False, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "COLUMNS": "100"})


def test_top_level_help() -> None:
    result = run("--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: connect-local")
    for name in subcommands():
        assert name in result.stdout


def test_serve_is_a_subcommand() -> None:
    assert "serve" in subcommands()


@pytest.mark.parametrize("name", subcommands())
def test_subcommand_help(name: str) -> None:
    result = run(name, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: connect-local {name}")
    assert len(result.stdout.splitlines()) > 3


def test_unknown_subcommand_fails_with_usage() -> None:
    result = run("no-such-command")
    assert result.returncode == 2
    assert "usage: connect-local" in result.stderr
