"""Replication rules at the domain level: timing, mirroring keys, failure clean-up and deletion order."""

import pytest
from helpers import ACCOUNT, World
from replication_helpers import REPLICA, SOURCE, add_user, make_instance, replicate, replicated

from connect_local.domain import faults, hooks, instances, mirroring, tdgs, users
from connect_local.errors import InvalidRequestException


def instance(world, instance_id, region):
    with world.call(region) as call:
        return call.uow.get(instances.KIND, ACCOUNT, region, instance_id)


def test_replication_completes_when_its_delay_has_passed():
    world = World()
    world.configure(delays={"replication": 120.0})
    instance_id = make_instance(world)
    replicate(world, instance_id)
    world.clock.advance(119)
    assert mirroring.pair_of(instance(world, instance_id, SOURCE)).status == mirroring.IN_PROGRESS
    assert instance(world, instance_id, REPLICA).data["InstanceStatus"] == instances.CREATION_IN_PROGRESS
    world.clock.advance(1)
    for region in (SOURCE, REPLICA):
        pair = mirroring.pair_of(instance(world, instance_id, region))
        assert (pair.source_region, pair.replica_region, pair.status) == (SOURCE, REPLICA, mirroring.COMPLETE)
    assert instance(world, instance_id, REPLICA).data["InstanceStatus"] == instances.ACTIVE


def test_mirrored_twins_keep_per_instance_unique_keys_in_their_region():
    world = World()
    instance_id = make_instance(world)
    add_user(world, instance_id, "taken")
    replicate(world, instance_id)
    with world.call(REPLICA) as call:
        twin = call.uow.find(users.KIND, ACCOUNT, REPLICA, parent=instance_id)[0]
    assert twin.unique == users.name_key(ACCOUNT, REPLICA, instance_id, "taken")


def test_region_token_in_unique_keys_is_replaced_only_as_a_whole_token():
    record = mirroring.Record("user", ACCOUNT, "us-east-1", "u", {}, unique="x/us-east-1/us-east-10/y")
    assert mirroring.twin_of(record, "us-west-2").unique == "x/us-west-2/us-east-10/y"
    assert mirroring.twin_of(mirroring.Record("user", ACCOUNT, "us-east-1", "u", {}, unique="plain"),
                             "us-west-2").unique is None


def test_a_failed_replication_unlinks_the_pair_and_removes_the_twins():
    world = World()
    instance_id = make_instance(world)
    add_user(world, instance_id)
    with world.call() as call:
        faults.arm(call, {"operation": "ReplicateInstance", "message": "broken"})
    replicate(world, instance_id)
    with world.call(REPLICA) as call:
        assert call.uow.find(users.KIND, ACCOUNT, REPLICA) == []
        assert call.uow.get(instances.KIND, ACCOUNT, REPLICA, instance_id) is None
    with world.call(SOURCE) as call:
        assert mirroring.partner_region(call, instance_id) is None
    add_user(world, instance_id, "after-failure")  # no twin to mirror to, and no error
    source = instance(world, instance_id, SOURCE)
    assert source.data["ReplicationConfiguration"]["ReplicationStatusSummaryList"][1]["ReplicationStatusReason"] \
        == "broken"


def test_replica_deletion_removes_the_default_tdg_and_reports_it():
    world = World()
    instance_id = replicated(world)
    removed = []
    hook = hooks.on(hooks.DEFAULT_TDG_REMOVED)(lambda call, tdg, fallback: removed.append((tdg.id, fallback)))
    try:
        with world.call(SOURCE) as call:
            default = call.uow.find(tdgs.KIND, ACCOUNT, SOURCE, parent=instance_id)[0]
        with world.call(REPLICA) as call:
            instances.delete(call, {"InstanceId": instance_id})
    finally:
        hooks._HOOKS[hooks.DEFAULT_TDG_REMOVED].remove(hook)
    assert removed == [(default.id, instance(world, instance_id, SOURCE).data["Arn"])]
    with world.call(SOURCE) as call:
        assert call.uow.find(tdgs.KIND, ACCOUNT, SOURCE) == []
        assert mirroring.partner_region(call, instance_id) is None


def test_a_refused_deletion_changes_nothing():
    world = World()
    instance_id = replicated(world)
    with pytest.raises(InvalidRequestException), world.call(SOURCE) as call:
        instances.delete(call, {"InstanceId": instance_id})
    with world.call(SOURCE) as call:
        assert mirroring.partner_region(call, instance_id) == REPLICA
    with world.call(REPLICA) as call:
        assert mirroring.partner_region(call, instance_id) == SOURCE
