"""The rows of recent reads, reused while the database is unchanged: Describe, List and Get mostly repeat reads.

The owning store clears it whenever one of its own write units starts. Another process's commits are noticed by
`validate()`, run at the start of every read-only unit: in WAL mode it compares the wal-index header, which SQLite
rewrites on every commit (https://www.sqlite.org/walformat.html: iChange, mxFrame and the salts live there), read
from a shared mapping of the -shm file (no system call: a pread cost more than the cached read it saves); without
one it asks `PRAGMA data_version`. An in-memory database has no other connection, so it needs neither.

The mapping is safe to read: SQLite only truncates the -shm file when it is the first connection to open it (it
must take the exclusive "dead-man switch" lock, which our open connection's shared lock on it prevents), and it
never shrinks below the headers while any connection has it open.

Rows, not records, are kept: every reader decodes its own copy, so nothing a handler does to a record can leak
into the cache.
"""

from __future__ import annotations

import mmap
import os
import sqlite3
from typing import Any

# Both copies of the wal-index header (2 x 48 bytes) at the start of the -shm file.
WAL_INDEX_HEADERS = 96


class ReadCache:
    __slots__ = ("_db", "_entries", "_max_rows", "_rows", "_shared", "_shm", "_version")

    def __init__(self, db: sqlite3.Connection, path: str | None, wal: bool, max_rows: int) -> None:
        """`max_rows`: rows held at most (past that the cache starts over); 0 keeps nothing."""
        self._db = db
        self._max_rows = max_rows
        self._shared = path is not None
        self._shm: mmap.mmap | None = None
        if path is not None and wal:
            try:
                with open(f"{path}-shm", "rb") as shm:
                    if os.fstat(shm.fileno()).st_size >= WAL_INDEX_HEADERS:
                        self._shm = mmap.mmap(shm.fileno(), WAL_INDEX_HEADERS, prot=mmap.PROT_READ)
            except (OSError, ValueError):
                self._shm = None  # PRAGMA data_version still tells
        self._version: object = None
        self._entries: dict[tuple[str, tuple[Any, ...], bool], Any] = {}
        self._rows = 0

    def validate(self) -> None:
        """Forget everything if another connection has committed since the last look."""
        if not self._shared:
            return
        if self._shm is not None:
            version: object = self._shm[:WAL_INDEX_HEADERS]
        else:
            version = self._db.execute("PRAGMA data_version").fetchone()[0]
        if version != self._version:
            self.clear()
            self._version = version

    def clear(self) -> None:
        if self._entries:
            self._entries.clear()
            self._rows = 0

    def read(self, many: bool, sql: str, args: tuple[Any, ...]) -> Any:
        """`fetchall()` (many) or `fetchone()` of the statement, from the cache when it holds them."""
        key = (sql, args, many)
        try:
            return self._entries[key]
        except KeyError:
            pass
        cursor = self._db.execute(sql, args)
        result = cursor.fetchall() if many else cursor.fetchone()
        size = max(len(result), 1) if many else 1  # an empty answer is an entry too
        if self._rows + size > self._max_rows:
            self.clear()  # crude but bounded: a working set larger than the cache just reads through
            if size > self._max_rows:
                return result  # too big to keep (or the cache is off)
        self._entries[key] = result
        self._rows += size
        return result

    def __len__(self) -> int:
        """Rows held."""
        return self._rows

    def close(self) -> None:
        if self._shm is not None:
            self._shm.close()
            self._shm = None
