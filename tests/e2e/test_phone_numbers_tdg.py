"""Phone numbers and traffic distribution groups, as the seed workflow uses them (boto3, both Regions)."""

import pytest
from botocore.exceptions import ClientError
from conftest import OTHER_ACCOUNT, make_instance, wait_for

EAST, WEST = "us-east-1", "us-west-2"


def error_of(raised):
    return raised.value.response["Error"]["Code"], raised.value.response["ResponseMetadata"]["HTTPStatusCode"]


def replicate(east, instance_id, alias):
    east.replicate_instance(InstanceId=instance_id, ReplicaRegion=WEST, ReplicaAlias=f"{alias}-west")
    wait_for(lambda: {s["ReplicationStatus"] for s in east.describe_instance(InstanceId=instance_id)[
        "ReplicationConfiguration"]["ReplicationStatusSummaryList"]} == {"INSTANCE_REPLICATION_COMPLETE"})


def new_tdg(east, instance_id, name):
    tdg = east.create_traffic_distribution_group(Name=name, InstanceId=instance_id)
    wait_for(lambda: east.describe_traffic_distribution_group(
        TrafficDistributionGroupId=tdg["Id"])["TrafficDistributionGroup"]["Status"] == "ACTIVE")
    return tdg


def claim(client, count=1, **target):
    found = client.search_available_phone_numbers(PhoneNumberCountryCode="US", PhoneNumberType="DID",
                                                  MaxResults=count, **target)["AvailableNumbersList"]
    return [client.claim_phone_number(PhoneNumber=n["PhoneNumber"], **target) for n in found]


def summary(client, id_or_arn):
    return client.describe_phone_number(PhoneNumberId=id_or_arn)["ClaimedPhoneNumberSummary"]


@pytest.fixture
def pair(connect):
    east, west = connect(EAST, validate=False), connect(WEST, validate=False)
    instance = make_instance(east, "seed-numbers")
    return east, west, instance


def test_replication_moves_instance_numbers_into_the_default_tdg(pair):
    east, west, instance = pair
    [number] = claim(east, InstanceId=instance["Id"])
    replicate(east, instance["Id"], "seed-numbers")
    groups = east.list_traffic_distribution_groups(InstanceId=instance["Id"])["TrafficDistributionGroupSummaryList"]
    default = next(g for g in groups if g["IsDefault"])
    moved = summary(east, number["PhoneNumberId"])
    assert moved["TargetArn"] == default["Arn"]
    assert moved["PhoneNumberStatus"]["Status"] == "CLAIMED"
    assert summary(west, number["PhoneNumberArn"]) == moved
    listed = west.list_phone_numbers_v2(TargetArn=default["Arn"])["ListPhoneNumbersSummaryList"]
    assert [n["PhoneNumberId"] for n in listed] == [number["PhoneNumberId"]]
    assert east.list_phone_numbers_v2(InstanceId=instance["Id"])["ListPhoneNumbersSummaryList"] == []


def test_seed_workflow_assigns_numbers_to_a_new_tdg(pair, connect):
    east, west, instance = pair
    replicate(east, instance["Id"], "seed-numbers")
    tdg = new_tdg(east, instance["Id"], "seed-tdg")
    [number] = claim(east, InstanceId=instance["Id"])
    number_id = number["PhoneNumberId"]

    # Step 4's failures: the wrong Region, then missing / foreign TDGs.
    with pytest.raises(ClientError) as raised:
        west.update_phone_number(PhoneNumberId=number["PhoneNumberArn"], TargetArn=tdg["Arn"])
    assert error_of(raised) == ("InvalidParameterException", 400)
    other_east = connect(EAST, account=OTHER_ACCOUNT)
    other_instance = make_instance(other_east, "seed-numbers-other")
    replicate(other_east, other_instance["Id"], "seed-numbers-other")
    foreign = new_tdg(other_east, other_instance["Id"], "foreign")
    missing = tdg["Arn"].rsplit("/", 1)[0] + "/00000000-0000-4000-8000-000000000000"
    for target in (missing, foreign["Arn"]):
        with pytest.raises(ClientError) as raised:
            east.update_phone_number(PhoneNumberId=number_id, TargetArn=target)
        assert error_of(raised) == ("ResourceNotFoundException", 404)

    east.update_phone_number(PhoneNumberId=number_id, TargetArn=tdg["Arn"])
    moved = summary(east, number_id)
    assert (moved["PhoneNumberStatus"]["Status"], moved["TargetArn"]) == ("CLAIMED", tdg["Arn"])

    # Visible from the replica Region by ARN only.
    assert summary(west, number["PhoneNumberArn"])["TargetArn"] == tdg["Arn"]
    with pytest.raises(ClientError) as raised:
        west.describe_phone_number(PhoneNumberId=number_id)
    assert error_of(raised) == ("ResourceNotFoundException", 404)
    for client in (east, west):
        listed = client.list_phone_numbers_v2(TargetArn=tdg["Arn"])["ListPhoneNumbersSummaryList"]
        assert [n["PhoneNumberId"] for n in listed] == [number_id]

    # Clean-up (step 7): the TDG cannot go while the number is claimed to it; release only from us-east-1.
    with pytest.raises(ClientError) as raised:
        east.delete_traffic_distribution_group(TrafficDistributionGroupId=tdg["Id"])
    assert error_of(raised) == ("ResourceInUseException", 409)
    with pytest.raises(ClientError) as raised:
        west.release_phone_number(PhoneNumberId=number["PhoneNumberArn"])
    assert error_of(raised) == ("InvalidParameterException", 400)
    east.release_phone_number(PhoneNumberId=number_id)
    east.delete_traffic_distribution_group(TrafficDistributionGroupId=tdg["Id"])


def test_tdg_at_its_limit_makes_the_move_fail(pair):
    east, _, instance = pair
    replicate(east, instance["Id"], "seed-numbers")
    tdg = new_tdg(east, instance["Id"], "full-tdg")
    claimed = claim(east, 5, TargetArn=tdg["Arn"])
    assert all(summary(east, c["PhoneNumberId"])["PhoneNumberStatus"]["Status"] == "CLAIMED" for c in claimed)
    [extra] = claim(east, InstanceId=instance["Id"])
    east.update_phone_number(PhoneNumberId=extra["PhoneNumberId"], TargetArn=tdg["Arn"])
    status = summary(east, extra["PhoneNumberId"])["PhoneNumberStatus"]
    assert status["Status"] == "FAILED" and "limit" in status["Message"]
    assert summary(east, extra["PhoneNumberId"])["TargetArn"] == instance["Arn"]


def test_claims_to_a_tdg_only_in_its_region_and_search_in_both(pair):
    east, west, instance = pair
    replicate(east, instance["Id"], "seed-numbers")
    tdg = new_tdg(east, instance["Id"], "claims-tdg")
    offered = west.search_available_phone_numbers(TargetArn=tdg["Arn"], PhoneNumberCountryCode="US",
                                                  PhoneNumberType="TOLL_FREE", MaxResults=2)["AvailableNumbersList"]
    assert len(offered) == 2
    with pytest.raises(ClientError) as raised:
        west.claim_phone_number(TargetArn=tdg["Arn"], PhoneNumber=offered[0]["PhoneNumber"])
    assert error_of(raised) == ("InvalidParameterException", 400)
    claimed = east.claim_phone_number(TargetArn=tdg["Arn"], PhoneNumber=offered[0]["PhoneNumber"])
    assert claimed["PhoneNumberArn"].startswith(f"arn:aws:connect:{EAST}:")
    assert "InstanceId" not in summary(west, claimed["PhoneNumberArn"])
    tags = {"owner": "west"}
    west.tag_resource(resourceArn=claimed["PhoneNumberArn"], tags=tags)
    assert east.list_tags_for_resource(resourceArn=claimed["PhoneNumberArn"])["tags"] == tags


def test_tdg_that_is_not_active_is_not_found(spawn):
    server = spawn(delay="0,tdg=60")
    east = server.client(EAST)
    instance = make_instance(east, "pending-tdg")
    replicate(east, instance["Id"], "pending-tdg")
    tdg = east.create_traffic_distribution_group(Name="pending", InstanceId=instance["Id"])
    [number] = claim(east, InstanceId=instance["Id"])
    with pytest.raises(ClientError) as raised:
        east.update_phone_number(PhoneNumberId=number["PhoneNumberId"], TargetArn=tdg["Arn"])
    assert error_of(raised) == ("ResourceNotFoundException", 404)
    available = east.search_available_phone_numbers(InstanceId=instance["Id"], PhoneNumberCountryCode="US",
                                                    PhoneNumberType="DID", MaxResults=1)["AvailableNumbersList"]
    with pytest.raises(ClientError) as raised:
        east.claim_phone_number(TargetArn=tdg["Arn"], PhoneNumber=available[0]["PhoneNumber"])
    assert error_of(raised) == ("ResourceNotFoundException", 404)
    server.advance(60)
    east.update_phone_number(PhoneNumberId=number["PhoneNumberId"], TargetArn=tdg["Arn"])
    assert summary(east, number["PhoneNumberId"])["TargetArn"] == tdg["Arn"]


def test_a_tdg_can_be_deleted_once_the_release_of_its_number_completes(spawn):
    server = spawn(delay="0,phone_number=30")
    east, west = server.client(EAST), server.client(WEST)
    instance = make_instance(east, "releasing-tdg")
    replicate(east, instance["Id"], "releasing-tdg")
    tdg = new_tdg(east, instance["Id"], "releasing")
    [number] = claim(east, TargetArn=tdg["Arn"])
    server.advance(30)
    east.release_phone_number(PhoneNumberId=number["PhoneNumberId"])
    # The replica Region sees the release in progress too (by ARN), and the group still holds the number.
    assert summary(west, number["PhoneNumberArn"])["PhoneNumberStatus"] == {"Status": "IN_PROGRESS"}
    with pytest.raises(ClientError) as raised:
        east.delete_traffic_distribution_group(TrafficDistributionGroupId=tdg["Id"])
    assert error_of(raised) == ("ResourceInUseException", 409)
    server.advance(30)
    for client in (east, west):
        with pytest.raises(ClientError) as raised:
            client.describe_phone_number(PhoneNumberId=number["PhoneNumberArn"])
        assert error_of(raised) == ("ResourceNotFoundException", 404)
    east.delete_traffic_distribution_group(TrafficDistributionGroupId=tdg["Id"])
