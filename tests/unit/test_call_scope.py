"""The pipeline's unit of work: due transitions are settled first and stay settled, whatever the request does."""

import pytest
from helpers import ACCOUNT, World

from connect_local.config import Settings
from connect_local.domain import instances
from connect_local.errors import ResourceNotFoundException
from connect_local.web.service import Service

REGION = "us-east-1"
UNKNOWN = "00000000-0000-4000-8000-000000000000"


def status(world: World, instance_id: str) -> str:
    with world.store.unit_of_work() as uow:  # a bare unit of work: it settles nothing itself
        return uow.get("instance", ACCOUNT, REGION, instance_id).data["InstanceStatus"]


@pytest.mark.parametrize("read_only", [True, False])
def test_settling_commits_even_when_the_request_then_fails(read_only):
    world = World(settings=Settings(delays={"instance": 5.0}))
    with world.call() as call:
        instance_id = instances.create(call, {"IdentityManagementType": "SAML", "InstanceAlias": "slow",
                                              "InboundCallsEnabled": True, "OutboundCallsEnabled": True})["Id"]
    world.clock.advance(10)
    service = Service(world.settings, world.store, world.clock, world.ids)
    with pytest.raises(ResourceNotFoundException), service.call(ACCOUNT, REGION, read_only) as call:
        instances.describe(call, UNKNOWN)  # answers 404: the request's own work rolls back
    assert status(world, instance_id) == "ACTIVE"


def test_a_failing_request_still_rolls_back_its_own_writes():
    world = World(settings=Settings(delays={"instance": 0.0}))
    service = Service(world.settings, world.store, world.clock, world.ids)
    with pytest.raises(RuntimeError), service.call(ACCOUNT, REGION) as call:
        instances.create(call, {"IdentityManagementType": "SAML", "InstanceAlias": "gone",
                                "InboundCallsEnabled": True, "OutboundCallsEnabled": True})
        raise RuntimeError("the handler failed after writing")
    with world.store.unit_of_work() as uow:
        assert uow.find("instance", ACCOUNT, REGION) == []
