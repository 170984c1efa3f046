"""Armed faults: matching, consumption order and scoping."""

import pytest
from helpers import ACCOUNT, World

from connect_local.domain import faults


def arm(world, **document):
    with world.call() as call:
        return faults.arm(call, document)


def take(world, operation, region="us-east-1", account=ACCOUNT):
    with world.call(region, account) as call:
        return faults.take(call, operation)


def test_oldest_matching_fault_is_consumed_first():
    world = World()
    arm(world, operation="CreateInstance", message="first")
    arm(world, operation="ReplicateInstance", message="other operation")
    arm(world, operation="CreateInstance", message="second", count=2)
    assert [take(world, "CreateInstance") for _ in range(4)] == ["first", "second", "second", None]
    assert take(world, "ReplicateInstance") == "other operation"
    assert take(world, "ReplicateInstance") is None


def test_region_and_account_scopes():
    world = World()
    arm(world, operation="CreateInstance", region="eu-west-2", account="444455556666")
    assert take(world, "CreateInstance", region="eu-west-2") is None
    assert take(world, "CreateInstance", account="444455556666") is None
    assert take(world, "CreateInstance", region="eu-west-2", account="444455556666") is not None


def test_default_outcome_and_message_name_the_operation():
    world = World()
    armed = arm(world, operation="CreateTrafficDistributionGroup")
    assert armed["outcome"] == "CREATION_FAILED" and armed["count"] == 1
    assert "CreateTrafficDistributionGroup" in armed["message"]


@pytest.mark.parametrize("document", [
    {},
    {"operation": "CreateInstance", "count": True},
    {"operation": "CreateInstance", "count": "2"},
    {"operation": "ReplicateInstance", "outcome": "CREATION_FAILED"},
    {"operation": "CreateInstance", "account": 111122223333},
])
def test_malformed_documents_are_refused(document):
    with pytest.raises(ValueError):
        arm(World(), **document)


def test_clear_forgets_every_fault():
    world = World()
    arm(world, operation="CreateInstance")
    arm(world, operation="DeleteTrafficDistributionGroup")
    with world.call() as call:
        assert faults.clear(call) == 2
        assert faults.armed(call) == []
