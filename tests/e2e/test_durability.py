"""State survives a clean restart and a crash: a 200 means the change is committed."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.config import Config
from conftest import ACCOUNT, OTHER_ACCOUNT, Server


def create(client: Any, alias: str, **extra: Any) -> dict[str, Any]:
    return dict(client.create_instance(IdentityManagementType="CONNECT_MANAGED", InstanceAlias=alias,
                                       InboundCallsEnabled=True, OutboundCallsEnabled=True, **extra))


def snapshot(client: Any) -> dict[str, tuple[Any, ...]]:
    result = {}
    for summary in client.list_instances()["InstanceSummaryList"]:
        instance = client.describe_instance(InstanceId=summary["Id"])["Instance"]
        tags = client.list_tags_for_resource(resourceArn=instance["Arn"])["tags"]
        result[instance["Id"]] = (instance["Arn"], instance["InstanceAlias"], instance["InstanceStatus"],
                                  instance["CreatedTime"], tags)
    return result


def test_state_survives_a_restart(spawn: Callable[..., Server], tmp_path: Any) -> None:
    state = str(tmp_path / "state.sqlite3")
    first = spawn(state=state, delay="instance=3600")
    east, west, other = first.client(), first.client(region="us-west-2"), first.client(account=OTHER_ACCOUNT)
    active = create(east, "restart-active", Tags={"team": "voice"})
    first.advance(3601)
    assert east.describe_instance(InstanceId=active["Id"])["Instance"]["InstanceStatus"] == "ACTIVE"
    # created after the clock moved, so due an hour after the emulated now: still pending at the restart
    pending = create(east, "restart-pending")
    create(west, "restart-west", Tags={"Équipe": "Zürich"})
    create(other, "restart-other")
    east.tag_resource(resourceArn=pending["Arn"], tags={"late": "tag"})
    before = {name: snapshot(c) for name, c in (("east", east), ("west", west), ("other", other))}
    assert before["east"][pending["Id"]][2] == "CREATION_IN_PROGRESS"
    first.stop(signal.SIGTERM)
    assert first.process.returncode is not None

    second = spawn(state=state, delay="instance=3600")
    clients = {"east": second.client(), "west": second.client(region="us-west-2"),
               "other": second.client(account=OTHER_ACCOUNT)}
    after = {name: snapshot(c) for name, c in clients.items()}
    assert after == before
    # the emulated clock kept its offset across the restart, so time did not go back
    assert second.control("GET", "clock")["offset"] >= 3601
    # and the pending transition settles once its hour has passed on the new server
    second.advance(3600)
    status = clients["east"].describe_instance(InstanceId=pending["Id"])["Instance"]["InstanceStatus"]
    assert status == "ACTIVE"
    # uniqueness is remembered too
    with pytest.raises(Exception) as excinfo:
        create(clients["other"], "restart-active")
    assert "already used" in str(excinfo.value)


THREADS = 8
REGIONS = ("us-east-1", "us-west-2")


@pytest.mark.slow
def test_acknowledged_creations_survive_a_crash(spawn: Callable[..., Server], tmp_path: Any) -> None:
    state = str(tmp_path / "crash.sqlite3")
    server = spawn(state=state)
    acknowledged: list[tuple[str, str, str]] = []  # (account, Region, id)
    lock = threading.Lock()
    stop = threading.Event()

    def fire(worker: int) -> None:
        session = boto3.session.Session()
        config = Config(retries={"max_attempts": 1}, connect_timeout=2, read_timeout=5)
        n = 0
        while not stop.is_set():
            account = f"{500000000000 + worker * 10000 + n:012d}"
            for region in REGIONS:
                client = session.client("connect", endpoint_url=server.endpoint, region_name=region,
                                        aws_access_key_id=account, aws_secret_access_key="x", config=config)
                for slot in range(2):  # the per-Region quota is 2
                    try:
                        created = client.create_instance(
                            IdentityManagementType="CONNECT_MANAGED", InstanceAlias=f"crash-{account}-{region[3]}{slot}",
                            InboundCallsEnabled=True, OutboundCallsEnabled=True)
                    except Exception:
                        # after the kill every call fails; before it, a failure is a real error
                        if stop.wait(10):
                            return
                        raise
                    with lock:
                        acknowledged.append((account, region, created["Id"]))
            n += 1

    errors: list[BaseException] = []

    def run(worker: int) -> None:
        try:
            fire(worker)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(w,), daemon=True) for w in range(THREADS)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 30
    while not acknowledged and not errors and time.monotonic() < deadline:  # clients take a moment to build
        time.sleep(0.05)
    time.sleep(1.5)
    server.process.send_signal(signal.SIGKILL)  # mid-burst: no shutdown, no checkpoint
    server.process.wait(timeout=10)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    with lock:
        acked = list(acknowledged)
    print(f"\n{len(acked)} CreateInstance calls acknowledged before SIGKILL")
    assert len(acked) >= 10

    restarted = spawn(state=state)
    by_scope: dict[tuple[str, str], list[str]] = {}
    for account, region, instance_id in acked:
        by_scope.setdefault((account, region), []).append(instance_id)
    lost = []
    for (account, region), ids in by_scope.items():
        client = restarted.client(region=region, account=account)
        listed = {i["Id"] for i in client.list_instances()["InstanceSummaryList"]}
        for instance_id in ids:
            if instance_id not in listed:
                lost.append((account, region, instance_id))
            else:
                described = client.describe_instance(InstanceId=instance_id)["Instance"]
                assert described["Arn"].endswith(f":{account}:instance/{instance_id}")
    assert lost == []
    assert ACCOUNT not in {account for account, _, _ in acked}
