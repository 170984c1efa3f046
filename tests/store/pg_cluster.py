"""A throwaway PostgreSQL cluster for tests: initdb in a temporary folder, started on a free port, removed after."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator

from conftest import free_port


def binaries() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return os.path.dirname(found[-1]) if found else None


def _as_owner(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the postgres user when we are root."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


def cluster() -> Iterator[str]:
    """Yield a connection URL to a fresh cluster; stop it and delete its files afterwards."""
    bin_dir = binaries()
    assert bin_dir is not None
    root = tempfile.mkdtemp(prefix="connect-local-pg-")
    data = os.path.join(root, "data")
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(root, user.pw_uid, user.pw_gid)
    port = free_port()
    subprocess.run(_as_owner([f"{bin_dir}/initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"]),
                   check=True, capture_output=True)
    subprocess.run(_as_owner([f"{bin_dir}/pg_ctl", "-D", data, "-l", os.path.join(root, "log"), "-w",
                              "-o", f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off", "start"]),
                   check=True, capture_output=True)
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_owner([f"{bin_dir}/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"]),
                       capture_output=True, check=False)  # best effort: the files go next anyway
        shutil.rmtree(root, ignore_errors=True)
