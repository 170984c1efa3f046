"""The read cache never serves a row some connection has changed since it was read."""

import sqlite3

import pytest

from connect_local.domain.records import Record
from connect_local.store.read_cache import ReadCache
from connect_local.store.sqlite import SqliteStore

ACCOUNT, REGION = "111122223333", "us-east-1"
NOW = 1_000.0


def record(id="a", **data):
    return Record("thing", ACCOUNT, REGION, id, data or {"Name": id})


def read(store, id="a"):
    with store.unit_of_work(read_only=True, now=NOW) as uow:
        assert uow.nothing_due  # the cached, transaction-free path
        found = uow.get("thing", ACCOUNT, REGION, id)
        listed = uow.find("thing", ACCOUNT, REGION)
        return (found.data if found else None), [r.id for r in listed], uow.count("thing", ACCOUNT, REGION)


def write(store, id="a", **data):
    with store.unit_of_work() as uow:
        existing = uow.get("thing", ACCOUNT, REGION, id)
        if existing is None:
            uow.insert(record(id, **data))
        else:
            existing.data = data
            uow.update(existing)


@pytest.fixture
def two_stores(tmp_path):
    path = str(tmp_path / "state.sqlite3")
    first, second = SqliteStore(path), SqliteStore(path)
    yield first, second
    first.close()
    second.close()


def test_another_processes_commits_are_seen_at_once(two_stores):
    reader, writer = two_stores
    write(writer, Name="v0")
    for n in range(1, 200):
        assert read(reader)[0] == {"Name": f"v{n - 1}"}
        assert read(reader)[0] == {"Name": f"v{n - 1}"}  # a hit, still right
        write(writer, Name=f"v{n}")
    write(writer, id="b")
    assert read(reader) == ({"Name": "v199"}, ["a", "b"], 2)


def test_own_writes_are_seen_at_once(tmp_path):
    for store in (SqliteStore(str(tmp_path / "own.sqlite3")), SqliteStore(None)):
        write(store, Name="before")
        assert read(store)[0] == {"Name": "before"}
        write(store, Name="after")
        write(store, id="b")
        assert read(store) == ({"Name": "after"}, ["a", "b"], 2)
        store.close()


def test_a_reader_changing_its_record_does_not_change_the_next_readers(tmp_path):
    store = SqliteStore(str(tmp_path / "state.sqlite3"))
    write(store, Name="kept", Nested={"List": [1]})
    with store.unit_of_work(read_only=True, now=NOW) as uow:
        uow.get("thing", ACCOUNT, REGION, "a").data["Nested"]["List"].append(2)
    assert read(store)[0] == {"Name": "kept", "Nested": {"List": [1]}}
    store.close()


def test_without_the_wal_index_header_data_version_tells(tmp_path):
    """The fallback when the -shm file cannot be read (not WAL mode): PRAGMA data_version."""
    path = str(tmp_path / "rollback.sqlite3")
    reader = sqlite3.connect(path, isolation_level=None)
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("CREATE TABLE t (v TEXT)")
    writer.execute("INSERT INTO t VALUES ('old')")
    cache = ReadCache(reader, path, wal=False, max_rows=100)
    for value in ("new", "newer"):
        cache.validate()
        before = cache.read(False, "SELECT v FROM t", ())
        writer.execute("UPDATE t SET v = ?", (value,))
        assert cache.read(False, "SELECT v FROM t", ()) == before  # within one unit: one snapshot of reads
        cache.validate()
        assert cache.read(False, "SELECT v FROM t", ()) == (value,)
    reader.close()
    writer.close()


@pytest.mark.parametrize("rows", [5, 0])
def test_the_cache_holds_at_most_the_rows_it_is_given(tmp_path, rows):
    store = SqliteStore(str(tmp_path / "state.sqlite3"), read_cache_rows=rows)
    for n in range(12):
        write(store, id=f"r{n:02}")
    with store.unit_of_work(read_only=True, now=NOW) as uow:
        for n in range(12):
            assert uow.get("thing", ACCOUNT, REGION, f"r{n:02}").id == f"r{n:02}"
            assert len(store._reads) <= rows
        assert [r.id for r in uow.find("thing", ACCOUNT, REGION)] == [f"r{n:02}" for n in range(12)]
        assert len(store._reads) <= rows
        for n in range(12):  # empty answers take room too
            assert uow.find("thing", ACCOUNT, REGION, parent=f"nobody-{n}") == []
            assert len(store._reads._entries) <= max(rows, 1)
    store.close()
