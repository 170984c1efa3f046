"""Bulk-load claimed phone numbers into a connect-local SQLite state file, through the store's own UnitOfWork.

Setup for bench_phone_numbers.py: claiming a million numbers through the API would take most of an hour (and the
default limit is 5 per target), so the records are written directly, exactly as ClaimPhoneNumber leaves them once
CLAIMED (same kinds, wire fields, parent and unique keys). The server is then started on the file.

    python bench/phone_number_loader.py /tmp/numbers-1m.sqlite3 1000000
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from connect_local import ids
from connect_local.domain import instances, phone_numbers
from connect_local.domain.records import Record
from connect_local.store.sqlite import SqliteStore

ACCOUNT = "111122223333"
REGION = "us-east-1"
INSTANCE_ID = "b0000000-0000-4000-8000-000000000001"
_BATCH = 20_000
_AREA_CODES = ("206", "312", "415", "512", "617", "646", "702", "808", "919", "971")


@dataclass(frozen=True)
class Loaded:
    instance_id: str
    count: int
    seqs: list[int]  # seq of each number record, in claim order (pagination positions)
    number_ids: list[str]


def number_id(n: int) -> str:
    return f"{n:08x}-0000-4000-8000-{n:012x}"


def e164(n: int) -> str:
    """A distinct, well-formed US number per n (area code, exchange 200-999, line)."""
    area = _AREA_CODES[n // 8_000_000 % len(_AREA_CODES)]
    exchange = 200 + n // 10_000 % 800
    return f"+1{area}{exchange}{n % 10_000:04d}"


def load(path: str, count: int) -> Loaded:
    store = SqliteStore(path, synchronous="OFF")
    instance_arn = ids.instance_arn(REGION, ACCOUNT, INSTANCE_ID)
    seqs: list[int] = []
    numbers: list[str] = []
    with store.unit_of_work() as uow:
        uow.insert(
            Record(
                instances.KIND,
                ACCOUNT,
                REGION,
                INSTANCE_ID,
                {
                    "Id": INSTANCE_ID,
                    "Arn": instance_arn,
                    "IdentityManagementType": "CONNECT_MANAGED",
                    "InstanceAlias": "bench-numbers",
                    "CreatedTime": time.time(),
                    "InstanceStatus": instances.ACTIVE,
                    "InboundCallsEnabled": True,
                    "OutboundCallsEnabled": True,
                    "Tags": {},
                },
                unique="bench-numbers",
            )
        )
    # One transaction per batch: WAL checkpoints between them keep the log (and the disk) small.
    for start in range(0, count, _BATCH):
        with store.unit_of_work() as uow:
            for n in range(start, min(count, start + _BATCH)):
                pid = number_id(n)
                record = uow.insert(
                    Record(
                        phone_numbers.KIND,
                        ACCOUNT,
                        REGION,
                        pid,
                        {
                            "PhoneNumberId": pid,
                            "PhoneNumberArn": ids.phone_number_arn(REGION, ACCOUNT, pid),
                            "PhoneNumber": e164(n),
                            "PhoneNumberCountryCode": "US",
                            "PhoneNumberType": "DID",
                            "TargetArn": instance_arn,
                            "InstanceId": INSTANCE_ID,
                            "Tags": {},
                            "PhoneNumberStatus": {"Status": phone_numbers.CLAIMED},
                        },
                        parent=instance_arn,
                        unique=e164(n),
                    )
                )
                seqs.append(record.seq)
                numbers.append(pid)
    store.close()
    return Loaded(INSTANCE_ID, count, seqs, numbers)


def main() -> None:
    parser = argparse.ArgumentParser(description="bulk-load claimed phone numbers into a state file")
    parser.add_argument("path")
    parser.add_argument("count", type=int)
    args = parser.parse_args()
    if Path(args.path).exists():
        parser.error(f"{args.path} exists; the loader writes a fresh state file")
    started = time.monotonic()
    loaded = load(args.path, args.count)
    print(f"{loaded.count} numbers in {time.monotonic() - started:.1f}s -> {args.path}")


if __name__ == "__main__":
    main()
