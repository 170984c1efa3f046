"""Versioned schema. Append a migration; never edit one that has shipped.

Each entry is (version, statements). Statements use SQL that SQLite and PostgreSQL both accept, with
`{serial}` standing for the auto-incrementing key type of each engine.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[int, list[str]]] = [
    (1, [
        """CREATE TABLE records (
            seq {serial},
            kind TEXT NOT NULL,
            account TEXT NOT NULL,
            region TEXT NOT NULL,
            id TEXT NOT NULL,
            parent TEXT NOT NULL DEFAULT '',
            uniq TEXT,
            due DOUBLE PRECISION,
            data TEXT NOT NULL
        )""",
        "CREATE UNIQUE INDEX records_key ON records (kind, account, region, id)",
        "CREATE INDEX records_scope ON records (kind, account, region, seq)",
        "CREATE INDEX records_parent ON records (kind, account, region, parent, seq)",
        "CREATE INDEX records_account ON records (kind, account, seq)",
        "CREATE UNIQUE INDEX records_uniq ON records (kind, uniq) WHERE uniq IS NOT NULL",
        "CREATE INDEX records_due ON records (due) WHERE due IS NOT NULL",
        """CREATE TABLE idempotency (
            account TEXT NOT NULL,
            region TEXT NOT NULL,
            operation TEXT NOT NULL,
            token TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            result TEXT NOT NULL,
            expires DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (account, region, operation, token)
        )""",
        "CREATE INDEX idempotency_expires ON idempotency (expires)",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ]),
]

LATEST = MIGRATIONS[-1][0]
