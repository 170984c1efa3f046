import pytest
from helpers import World

from connect_local.domain import faults, instances
from connect_local.errors import (
    InvalidRequestException,
    ResourceNotFoundException,
    ServiceQuotaExceededException,
)


def create(world, alias, region="us-east-1", **extra):
    params = {"IdentityManagementType": "SAML", "InstanceAlias": alias, "InboundCallsEnabled": True,
              "OutboundCallsEnabled": True, **extra}
    with world.call(region) as call:
        return instances.create(call, params)


def status(world, instance_id, region="us-east-1"):
    with world.call(region) as call:
        return instances.describe(call, instance_id)["Instance"]["InstanceStatus"]


def test_creation_becomes_active_when_the_delay_has_passed():
    world = World()
    world.configure(delays={"instance": 30.0})
    created = create(world, "first")
    assert status(world, created["Id"]) == "CREATION_IN_PROGRESS"
    world.clock.advance(29)
    assert status(world, created["Id"]) == "CREATION_IN_PROGRESS"
    world.clock.advance(1)
    assert status(world, created["Id"]) == "ACTIVE"


def test_alias_is_unique_across_accounts_and_regions_ignoring_case():
    world = World()
    create(world, "Shared-Alias")
    with pytest.raises(InvalidRequestException, match="alias is already used"), \
            world.call("eu-west-2", account="444455556666") as call:
        instances.create(call, {"IdentityManagementType": "SAML", "InstanceAlias": "shared-alias",
                                "InboundCallsEnabled": True, "OutboundCallsEnabled": True})


def test_quota_counts_instances_per_region():
    world = World()
    create(world, "one")
    create(world, "two")
    with pytest.raises(ServiceQuotaExceededException):
        create(world, "three")
    create(world, "three", region="us-west-2")


def test_failed_creation_is_visible_for_a_day_then_gone():
    world = World()
    with world.call() as call:
        faults.arm(call, {"operation": "CreateInstance",
                          "message": "Instance creation failed due to directory issue."})
    created = create(world, "doomed")
    with world.call() as call:
        described = instances.describe(call, created["Id"])["Instance"]
    assert described["InstanceStatus"] == "CREATION_FAILED"
    assert described["StatusReason"]["Message"] == "Instance creation failed due to directory issue."
    create(world, "doomed")  # the alias was not kept by the failed creation
    world.clock.advance(24 * 3600)
    with pytest.raises(ResourceNotFoundException), world.call() as call:
        instances.describe(call, created["Id"])


def test_client_token_replays_the_first_answer_and_refuses_other_input():
    world = World()
    first = create(world, "tokened", ClientToken="token-1")
    again = create(world, "tokened", ClientToken="token-1")
    assert again == first
    with world.call() as call:
        assert len(instances.list_instances(call, {})["InstanceSummaryList"]) == 1
    with pytest.raises(InvalidRequestException, match="ClientToken"):
        create(world, "other-alias", ClientToken="token-1")


def test_list_pages_are_bound_to_account_and_region():
    world = World()
    world.configure(instances_per_region=5)
    made = [create(world, f"inst-{n}")["Id"] for n in range(5)]
    seen = []
    token = None
    while True:
        with world.call() as call:
            params = {"MaxResults": 2, **({"NextToken": token} if token else {})}
            page = instances.list_instances(call, params)
        seen += [s["Id"] for s in page["InstanceSummaryList"]]
        token = page.get("NextToken")
        if not token:
            break
    assert seen == made
    with world.call() as call:
        token = instances.list_instances(call, {"MaxResults": 2})["NextToken"]
    with pytest.raises(InvalidRequestException), world.call(account="444455556666") as call:
        instances.list_instances(call, {"MaxResults": 2, "NextToken": token})
