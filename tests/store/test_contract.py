"""The store contract, run against SQLite and PostgreSQL alike."""

import pytest

from connect_local.domain.records import Record, Remembered, UniqueViolation
from connect_local.store.migrations import LATEST
from connect_local.store.sqlite import SqliteStore


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path):
    if request.param == "sqlite":
        opened = SqliteStore(str(tmp_path / "state.sqlite3"))
    else:
        from connect_local.store.postgres import PostgresStore

        opened = PostgresStore(request.getfixturevalue("postgres_url"))
        opened.reset()
    yield opened
    opened.close()


def record(kind="thing", account="111122223333", region="us-east-1", id="a", **extra):
    return Record(kind, account, region, id, extra.pop("data", {"Name": id}), **extra)


def test_schema_is_migrated_to_the_latest_version(store):
    assert store.schema_version == LATEST


def test_insert_get_update_delete_round_trip(store):
    with store.unit_of_work() as uow:
        inserted = uow.insert(record(data={"Name": "a", "Nested": {"List": [1, 2.5, "x"]}}))
        assert inserted.seq > 0
    with store.unit_of_work() as uow:
        found = uow.get("thing", "111122223333", "us-east-1", "a")
        assert found.data == {"Name": "a", "Nested": {"List": [1, 2.5, "x"]}}
        found.data["Name"] = "b"
        found.parent = "p"
        uow.update(found)
    with store.unit_of_work() as uow:
        assert uow.get("thing", "111122223333", "us-east-1", "a").data["Name"] == "b"
        assert uow.count("thing", "111122223333", parent="p") == 1
        uow.delete(found)
        assert uow.get("thing", "111122223333", "us-east-1", "a") is None


def test_find_pages_in_creation_order_within_scope(store):
    with store.unit_of_work() as uow:
        for n in range(5):
            uow.insert(record(id=f"r{n}", parent="p"))
        uow.insert(record(id="other-region", region="us-west-2", parent="p"))
        uow.insert(record(id="other-account", account="444455556666", parent="p"))
    with store.unit_of_work() as uow:
        first = uow.find("thing", "111122223333", "us-east-1", parent="p", limit=2)
        rest = uow.find("thing", "111122223333", "us-east-1", parent="p", after=first[-1].seq)
        assert [r.id for r in first + rest] == [f"r{n}" for n in range(5)]
        assert {r.id for r in uow.find("thing", "111122223333")} == {f"r{n}" for n in range(5)} | {"other-region"}


def test_unique_keys_hold_across_accounts_and_regions(store):
    with store.unit_of_work() as uow:
        uow.insert(record(id="a", unique="+12065550100"))
    with pytest.raises(UniqueViolation), store.unit_of_work() as uow:
        uow.insert(record(id="b", account="444455556666", region="eu-west-2", unique="+12065550100"))
    with store.unit_of_work() as uow:
        holder = uow.find_unique(("thing", "other"), "+12065550100")
        assert holder.id == "a"
        assert uow.get("thing", "444455556666", "eu-west-2", "b") is None  # the failed unit left nothing


def test_a_failed_unit_of_work_changes_nothing(store):
    with pytest.raises(RuntimeError), store.unit_of_work() as uow:
        uow.insert(record(id="doomed"))
        raise RuntimeError("boom")
    with store.unit_of_work() as uow:
        assert uow.get("thing", "111122223333", "us-east-1", "doomed") is None


def test_due_records_come_earliest_first_across_accounts(store):
    with store.unit_of_work() as uow:
        uow.insert(record(id="late", due=30.0))
        uow.insert(record(id="early", account="444455556666", due=10.0))
        uow.insert(record(id="never"))
    with store.unit_of_work() as uow:
        assert [r.id for r in uow.due(20.0, 10)] == ["early"]
        assert [r.id for r in uow.due(30.0, 10)] == ["early", "late"]


def test_idempotency_tokens_are_remembered_replaced_and_purged(store):
    with store.unit_of_work() as uow:
        uow.remember("111122223333", "us-east-1", "Op", "t", Remembered("f1", {"Id": "1"}, 100.0))
        uow.remember("111122223333", "us-east-1", "Op", "t", Remembered("f2", {"Id": "2"}, 200.0))
    with store.unit_of_work() as uow:
        assert uow.recall("111122223333", "us-east-1", "Op", "t") == Remembered("f2", {"Id": "2"}, 200.0)
        assert uow.recall("444455556666", "us-east-1", "Op", "t") is None
        uow.purge_expired_tokens(200.0)
        assert uow.recall("111122223333", "us-east-1", "Op", "t") is None
