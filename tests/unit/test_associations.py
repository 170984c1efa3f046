"""Phone-number-to-flow associations: rules, per-Region records, mirroring, and what moves do to them."""

import pytest
from flow_helpers import create as create_flow
from flow_helpers import make_instance
from helpers import ACCOUNT, World

from connect_local.domain import associations, flows, numbering, phone_numbers, replication, tdgs
from connect_local.errors import (
    InvalidParameterException,
    InvalidRequestException,
    ResourceNotFoundException,
)

INBOUND = "Sample inbound flow (first contact experience)"


def flow_named(world, instance_id, name, region="us-east-1"):
    with world.call(region) as call:
        page = flows.list_flows(call, {"InstanceId": instance_id})["ContactFlowSummaryList"]
    return next(s for s in page if s["Name"] == name)


def claim(world, instance_id, region="us-east-1"):
    with world.call(region) as call:
        found, _ = numbering.search("US", "DID", None, start=0, limit=1,
                                    is_taken=lambda e: phone_numbers.is_taken(call, e))
        claimed = phone_numbers.claim(call, {"PhoneNumber": found[0].e164, "InstanceId": instance_id})
    with world.call(region):  # settles the claim
        pass
    return claimed


def replicate(world, instance_id):
    with world.call() as call:
        replication.replicate(call, {"InstanceId": instance_id, "ReplicaRegion": "us-west-2",
                                     "ReplicaAlias": f"replica-{instance_id[:8]}"})
    with world.call():
        pass


def make_tdg(world, instance_id):
    with world.call() as call:
        created = tdgs.create(call, {"Name": "seed", "InstanceId": instance_id})
    with world.call():
        pass
    return created["Arn"]


def move(world, number_id, target_arn):
    with world.call() as call:
        phone_numbers.update(call, {"PhoneNumberId": number_id, "TargetArn": target_arn})
    with world.call():
        pass


def associate(world, number, instance_id, flow, region="us-east-1"):
    with world.call(region) as call:
        associations.associate(call, {"PhoneNumberId": number, "InstanceId": instance_id, "ContactFlowId": flow})


def disassociate(world, number, instance_id, region="us-east-1"):
    with world.call(region) as call:
        associations.disassociate(call, {"PhoneNumberId": number, "InstanceId": instance_id})


def routed_flow(world, number_id, region):
    """The flow id calls to the number reach in `region` (None when unassociated), as the simulator reads it."""
    with world.call(region) as call:
        number = call.uow.get(phone_numbers.KIND, ACCOUNT, "us-east-1", number_id)
        record = associations.flow_for(call, number, region)
    return record.data["ContactFlowId"] if record else None


@pytest.fixture
def world():
    return World()


@pytest.fixture
def instance_id(world):
    return make_instance(world, "assoc")


def test_instance_number_by_id_or_arn_and_reassociation_replaces(world, instance_id):
    number = claim(world, instance_id)
    inbound = flow_named(world, instance_id, INBOUND)
    associate(world, number["PhoneNumberId"], instance_id, inbound["Id"])
    assert routed_flow(world, number["PhoneNumberId"], "us-east-1") == inbound["Id"]
    other = create_flow(world, instance_id, "Other")
    associate(world, number["PhoneNumberArn"], instance_id, other["ContactFlowArn"])
    assert routed_flow(world, number["PhoneNumberId"], "us-east-1") == other["ContactFlowId"]
    disassociate(world, number["PhoneNumberArn"], instance_id)
    assert routed_flow(world, number["PhoneNumberId"], "us-east-1") is None
    with pytest.raises(ResourceNotFoundException, match="no flow association"):
        disassociate(world, number["PhoneNumberId"], instance_id)


def test_refusals(world, instance_id):
    number = claim(world, instance_id)["PhoneNumberId"]
    inbound = flow_named(world, instance_id, INBOUND)["Id"]
    other_instance = make_instance(world, "other")
    queue_flow = flow_named(world, instance_id, "Default customer queue")["Id"]
    with pytest.raises(ResourceNotFoundException, match="Phone number not found"):
        associate(world, "00000000-0000-4000-8000-000000000000", instance_id, inbound)
    with pytest.raises(ResourceNotFoundException, match="Instance"):
        associate(world, number, "00000000-0000-4000-8000-000000000000", inbound)
    with pytest.raises(InvalidParameterException, match="does not receive its calls"):
        associate(world, number, other_instance, flow_named(world, other_instance, INBOUND)["Id"])
    with pytest.raises(ResourceNotFoundException, match="Flow not found"):
        associate(world, number, instance_id, "00000000-0000-4000-8000-000000000000")
    with pytest.raises(ResourceNotFoundException, match="Flow not found"):
        associate(world, number, instance_id, flow_named(world, other_instance, INBOUND)["Id"])
    with pytest.raises(InvalidParameterException, match="CUSTOMER_QUEUE"):
        associate(world, number, instance_id, queue_flow)
    with pytest.raises(ResourceNotFoundException):  # an instance number has no presence in another Region
        associate(world, number, instance_id, inbound, region="us-west-2")
    assert routed_flow(world, number, "us-east-1") is None


def test_number_must_be_claimed(world, instance_id):
    world.configure(delays={"phone_number": 30.0})
    with world.call() as call:
        found, _ = numbering.search("US", "DID", None, start=0, limit=1,
                                    is_taken=lambda e: phone_numbers.is_taken(call, e))
        number = phone_numbers.claim(call, {"PhoneNumber": found[0].e164, "InstanceId": instance_id})
    with pytest.raises(InvalidParameterException, match="IN_PROGRESS"):
        associate(world, number["PhoneNumberId"], instance_id, flow_named(world, instance_id, INBOUND)["Id"])


def test_tdg_number_association_is_mirrored_and_explicit_calls_work_in_both_regions(world, instance_id):
    replicate(world, instance_id)
    tdg_arn = make_tdg(world, instance_id)
    number = claim(world, instance_id)
    move(world, number["PhoneNumberId"], tdg_arn)
    inbound = flow_named(world, instance_id, INBOUND)["Id"]
    associate(world, number["PhoneNumberId"], instance_id, inbound)
    assert routed_flow(world, number["PhoneNumberId"], "us-east-1") == inbound
    assert routed_flow(world, number["PhoneNumberId"], "us-west-2") == inbound  # mirrored
    with world.call("us-west-2") as call:
        twin = associations.flow_for(call, call.uow.get(phone_numbers.KIND, ACCOUNT, "us-east-1",
                                                        number["PhoneNumberId"]), "us-west-2")
    assert twin.data["ContactFlowArn"].startswith("arn:aws:connect:us-west-2:")
    # The replica Region needs the number's ARN; a bare id there is not found.
    west = create_flow(world, instance_id, "West", region="us-west-2")["ContactFlowId"]
    with pytest.raises(ResourceNotFoundException, match="full ARN"):
        associate(world, number["PhoneNumberId"], instance_id, west, region="us-west-2")
    associate(world, number["PhoneNumberArn"], instance_id, west, region="us-west-2")
    assert routed_flow(world, number["PhoneNumberId"], "us-west-2") == west
    assert routed_flow(world, number["PhoneNumberId"], "us-east-1") == west  # the flow exists in both Regions
    disassociate(world, number["PhoneNumberArn"], instance_id, region="us-west-2")
    assert routed_flow(world, number["PhoneNumberId"], "us-east-1") is None
    assert routed_flow(world, number["PhoneNumberId"], "us-west-2") is None


def test_moving_or_releasing_the_number_drops_its_associations(world, instance_id):
    replicate(world, instance_id)
    tdg_arn = make_tdg(world, instance_id)
    number = claim(world, instance_id)["PhoneNumberId"]
    inbound = flow_named(world, instance_id, INBOUND)["Id"]
    associate(world, number, instance_id, inbound)
    move(world, number, tdg_arn)
    assert routed_flow(world, number, "us-east-1") is None
    associate(world, number, instance_id, inbound)
    with world.call() as call:
        phone_numbers.release(call, {"PhoneNumberId": number})
    with world.call() as call:  # the release completes (delay 0: by the next unit of work)
        assert call.uow.count(associations.KIND, ACCOUNT) == 0


def test_replication_keeps_and_mirrors_existing_associations(world, instance_id):
    number = claim(world, instance_id)["PhoneNumberId"]
    inbound = flow_named(world, instance_id, INBOUND)["Id"]
    associate(world, number, instance_id, inbound)
    replicate(world, instance_id)
    with world.call() as call:
        target = phone_numbers.describe(call, number)["ClaimedPhoneNumberSummary"]["TargetArn"]
    assert ":traffic-distribution-group/" in target  # moved into the default TDG
    assert routed_flow(world, number, "us-east-1") == inbound
    assert routed_flow(world, number, "us-west-2") == inbound


def test_an_associated_flow_cannot_be_deleted(world, instance_id):
    number = claim(world, instance_id)["PhoneNumberId"]
    flow_id = create_flow(world, instance_id, "Busy")["ContactFlowId"]
    associate(world, number, instance_id, flow_id)
    with pytest.raises(InvalidRequestException, match="disassociate"), world.call() as call:
        flows.delete(call, {"InstanceId": instance_id, "ContactFlowId": flow_id})
    disassociate(world, number, instance_id)
    with world.call() as call:
        flows.delete(call, {"InstanceId": instance_id, "ContactFlowId": flow_id})


def test_list_flow_associations_pages_through_one_instance_only(world, instance_id):
    other = make_instance(world, "other")
    inbound = flow_named(world, instance_id, INBOUND)["Id"]
    mine = [claim(world, instance_id) for _ in range(3)]
    for number in mine:
        associate(world, number["PhoneNumberId"], instance_id, inbound)
    theirs = claim(world, other)["PhoneNumberId"]
    associate(world, theirs, other, flow_named(world, other, INBOUND)["Id"])
    seen, token = [], None
    while True:
        with world.call() as call:
            page = associations.list_associations(call, {"InstanceId": instance_id, "MaxResults": 1,
                                                         **({"NextToken": token} if token else {})})
        seen += page["FlowAssociationSummaryList"]
        token = page.get("NextToken")
        if not token:
            break
    assert sorted(a["ResourceId"] for a in seen) == sorted(n["PhoneNumberArn"] for n in mine)
    assert {a["ResourceType"] for a in seen} == {"VOICE_PHONE_NUMBER"}
    with world.call() as call:
        assert associations.list_associations(call, {"InstanceId": instance_id, "ResourceType": "INBOUND_EMAIL"}) \
            == {"FlowAssociationSummaryList": []}
