"""Flows on a replicated instance: every write in either Region reaches the twin with the same id."""

import pytest
from flow_helpers import create, describe, flow_content, list_all, make_instance
from helpers import ACCOUNT, World

from connect_local.domain import flows, replication
from connect_local.domain.records import Record
from connect_local.errors import DuplicateResourceException, ResourceNotFoundException


def replicate(world, instance_id):
    with world.call() as call:
        replication.replicate(call, {"InstanceId": instance_id, "ReplicaRegion": "us-west-2",
                                     "ReplicaAlias": f"replica-{instance_id[:8]}"})
    with world.call():  # settles the replication
        pass


@pytest.fixture
def world():
    return World()


@pytest.fixture
def instance_id(world):
    instance_id = make_instance(world)
    replicate(world, instance_id)
    return instance_id


def test_created_flow_appears_in_the_replica_with_the_same_id(world, instance_id):
    created = create(world, instance_id, "Replicated")
    twin = describe(world, instance_id, created["ContactFlowId"], region="us-west-2")
    assert twin["Arn"] == created["ContactFlowArn"].replace("us-east-1", "us-west-2")
    assert twin["Content"] == flow_content() and twin["LastModifiedRegion"] == "us-east-1"
    assert twin["FlowContentSha256"] == created["FlowContentSha256"]


def test_changes_in_the_replica_flow_back_with_last_modified_region(world, instance_id):
    flow_id = create(world, instance_id)["ContactFlowId"]
    world.clock.advance(10)
    with world.call("us-west-2") as call:
        flows.update_content(call, {"InstanceId": instance_id, "ContactFlowId": flow_id,
                                    "Content": flow_content("From the west")})
        flows.update_metadata(call, {"InstanceId": instance_id, "ContactFlowId": flow_id, "Name": "West name",
                                     "ContactFlowState": "ARCHIVED"})
    source = describe(world, instance_id, flow_id)
    assert source["Content"] == flow_content("From the west")
    assert (source["Name"], source["State"]) == ("West name", "ARCHIVED")
    assert (source["LastModifiedRegion"], source["LastModifiedTime"]) == ("us-west-2", world.clock.now())
    # The old name is free in both Regions, the new one taken in both.
    create(world, instance_id, "Mine", region="us-west-2")
    with pytest.raises(DuplicateResourceException):
        create(world, instance_id, "West name")


def test_deleting_in_either_region_deletes_the_twin(world, instance_id):
    first = create(world, instance_id, "first")["ContactFlowId"]
    second = create(world, instance_id, "second", region="us-west-2")["ContactFlowId"]
    with world.call("us-west-2") as call:
        flows.delete(call, {"InstanceId": instance_id, "ContactFlowId": first})
    with world.call("us-east-1") as call:
        flows.delete(call, {"InstanceId": instance_id, "ContactFlowId": second})
    for region in ("us-east-1", "us-west-2"):
        for flow_id in (first, second):
            with pytest.raises(ResourceNotFoundException):
                describe(world, instance_id, flow_id, region=region)


def test_a_name_taken_only_in_the_replica_is_a_duplicate(world, instance_id):
    # Flows that existed before replication are copied by ReplicateInstance, not by flows; a replica-only
    # name (e.g. copied there) still blocks the same name in the source, because the twin could not be written.
    with world.call("us-west-2") as call:
        call.uow.insert(Record(flows.KIND, ACCOUNT, "us-west-2", "only-west", {"Name": "Taken"}, parent=instance_id,
                               unique=flows.name_key(ACCOUNT, "us-west-2", instance_id, "Taken")))
    with pytest.raises(DuplicateResourceException, match="us-west-2"):
        create(world, instance_id, "Taken")
    assert "Taken" not in {s["Name"] for s in list_all(world, instance_id)["ContactFlowSummaryList"]}


def test_the_replica_gets_the_source_flows_with_the_same_ids_not_new_defaults(world):
    instance_id = make_instance(world, "before")
    early = create(world, instance_id, "Made before replication")["ContactFlowId"]
    replicate(world, instance_id)
    east = {s["Id"]: s["Name"] for s in list_all(world, instance_id)["ContactFlowSummaryList"]}
    west = {s["Id"]: s["Name"] for s in list_all(world, instance_id, region="us-west-2")["ContactFlowSummaryList"]}
    assert west == east and early in west


def test_instance_without_replication_writes_one_region_only(world):
    instance_id = make_instance(world, "alone")
    flow_id = create(world, instance_id)["ContactFlowId"]
    with world.call("us-west-2") as call:
        assert call.uow.get(flows.KIND, ACCOUNT, "us-west-2", flow_id) is None
