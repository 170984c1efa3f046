"""User rules at the domain level: the per-instance quota and association of users missing in the replica."""

import pytest
from helpers import ACCOUNT, World
from replication_helpers import REPLICA, SOURCE, add_user, make_instance, new_tdg, replicated

from connect_local.domain import instances, users
from connect_local.errors import LimitExceededException, ResourceNotFoundException


def test_users_per_instance_quota():
    world = World()
    world.configure(users_per_instance=2)
    instance_id = make_instance(world)
    add_user(world, instance_id, "one")
    add_user(world, instance_id, "two")
    with pytest.raises(LimitExceededException):
        add_user(world, instance_id, "three")


def test_a_user_not_yet_in_the_replica_cannot_be_associated():
    world = World()
    instance_id = replicated(world)
    tdg = new_tdg(world, instance_id)
    user = add_user(world, instance_id)
    with world.call(REPLICA) as call:  # as if mirroring had not caught up yet
        call.uow.delete(call.uow.get(users.KIND, ACCOUNT, REPLICA, user["UserId"]))
    with pytest.raises(ResourceNotFoundException, match="replica"), world.call(SOURCE) as call:
        users.associate(call, {"TrafficDistributionGroupId": tdg["Id"], "UserId": user["UserId"],
                               "InstanceId": instance_id})


def test_deleting_an_instance_removes_its_users():
    world = World()
    instance_id = make_instance(world)
    add_user(world, instance_id)
    with world.call(SOURCE) as call:
        instances.delete(call, {"InstanceId": instance_id})
    with world.call(SOURCE) as call:
        assert call.uow.find(users.KIND, ACCOUNT, SOURCE) == []
