"""Traffic distribution groups end to end: lifecycle, Region and identifier rules, quotas, tags, faults."""

import time

import pytest
from botocore.exceptions import ClientError
from conftest import ACCOUNT, OTHER_ACCOUNT, make_instance
from replication_api_helpers import REPLICA, SOURCE, error_code, replicated_pair

MISSING = "00000000-0000-4000-8000-000000000000"


def describe(client, reference):
    return client.describe_traffic_distribution_group(TrafficDistributionGroupId=reference)["TrafficDistributionGroup"]


def test_seed_create_then_poll_until_active_with_a_realistic_delay(spawn):
    server = spawn(delay="0,tdg=1")
    east = server.client(SOURCE)
    instance = make_instance(east, "seed")
    east.replicate_instance(InstanceId=instance["Id"], ReplicaRegion=REPLICA, ReplicaAlias="seed-west")
    created = east.create_traffic_distribution_group(Name="seed-tdg", Description="Seed workflow",
                                                     InstanceId=instance["Id"], Tags={"team": "voice"})
    statuses = []
    deadline = time.monotonic() + 10
    while not statuses or statuses[-1] != "ACTIVE":
        assert time.monotonic() < deadline, statuses
        statuses.append(describe(east, created["Id"])["Status"])
        time.sleep(0.1)
    assert statuses[0] == "CREATION_IN_PROGRESS"
    described = describe(east, created["Id"])
    assert described == {"Id": created["Id"], "Arn": created["Arn"], "Name": "seed-tdg",
                         "Description": "Seed workflow", "InstanceArn": instance["Arn"], "Status": "ACTIVE",
                         "Tags": {"team": "voice"}, "IsDefault": False}


def test_id_in_the_source_region_arn_in_the_replica_region(connect):
    east, west, instance = replicated_pair(connect)
    created = east.create_traffic_distribution_group(Name="by-arn", InstanceId=instance["Arn"])
    assert created["Arn"] == f"arn:aws:connect:{SOURCE}:{ACCOUNT}:traffic-distribution-group/{created['Id']}"
    assert describe(east, created["Id"])["Arn"] == created["Arn"]
    assert describe(east, created["Arn"])["Id"] == created["Id"]
    assert describe(west, created["Arn"])["Id"] == created["Id"]
    with pytest.raises(ClientError, match="pass the full ARN") as excinfo:
        describe(west, created["Id"])
    assert error_code(excinfo) == "ResourceNotFoundException"


def test_other_accounts_and_other_regions_do_not_see_the_tdg(connect):
    east, _west, instance = replicated_pair(connect)
    created = east.create_traffic_distribution_group(Name="private", InstanceId=instance["Id"])
    for client, reference in ((connect(SOURCE, account=OTHER_ACCOUNT), created["Arn"]),
                              (connect(SOURCE, account=OTHER_ACCOUNT), created["Id"]),
                              (connect("eu-west-2"), created["Arn"]),
                              (east, created["Arn"].replace(ACCOUNT, OTHER_ACCOUNT)),
                              (east, MISSING)):
        with pytest.raises(ClientError) as excinfo:
            describe(client, reference)
        assert error_code(excinfo) == "ResourceNotFoundException"


def test_create_only_in_the_source_region_of_a_replicated_instance(connect):
    east, west, instance = replicated_pair(connect)
    with pytest.raises(ClientError, match="only be created in us-east-1") as excinfo:
        west.create_traffic_distribution_group(Name="west", InstanceId=instance["Id"])
    assert error_code(excinfo) == "InvalidRequestException"
    lonely = make_instance(east, "not-replicated")
    with pytest.raises(ClientError, match="ReplicateInstance first") as excinfo:
        east.create_traffic_distribution_group(Name="lonely", InstanceId=lonely["Id"])
    assert error_code(excinfo) == "InvalidRequestException"
    with pytest.raises(ClientError) as excinfo:
        east.create_traffic_distribution_group(Name="elsewhere", InstanceId=instance["Arn"].replace(SOURCE, REPLICA))
    assert error_code(excinfo) == "InvalidRequestException"
    with pytest.raises(ClientError) as excinfo:
        east.create_traffic_distribution_group(Name="missing", InstanceId=MISSING)
    assert error_code(excinfo) == "ResourceNotFoundException"


def test_names_are_unique_per_instance(connect):
    east, _west, instance = replicated_pair(connect)
    east.create_traffic_distribution_group(Name="Same", InstanceId=instance["Id"])
    with pytest.raises(ClientError, match="already has a traffic distribution group named") as excinfo:
        east.create_traffic_distribution_group(Name="Same", InstanceId=instance["Id"])
    assert error_code(excinfo) == "ResourceConflictException"
    east.create_traffic_distribution_group(Name="same", InstanceId=instance["Id"])


def test_name_pattern_is_enforced_by_the_model(connect):
    east, _west, instance = replicated_pair(connect)
    with pytest.raises(ClientError) as excinfo:
        east.create_traffic_distribution_group(Name=" padded ", InstanceId=instance["Id"])
    assert error_code(excinfo) == "InvalidRequestException"


def test_quota_of_tdgs_per_instance(connect):
    east, _west, instance = replicated_pair(connect)
    for n in range(10):
        east.create_traffic_distribution_group(Name=f"tdg-{n}", InstanceId=instance["Id"])
    with pytest.raises(ClientError) as excinfo:
        east.create_traffic_distribution_group(Name="one-too-many", InstanceId=instance["Id"])
    assert error_code(excinfo) == "ServiceQuotaExceededException"


def test_client_token_returns_the_same_tdg(connect):
    east, _west, instance = replicated_pair(connect)
    first = east.create_traffic_distribution_group(Name="once", InstanceId=instance["Id"], ClientToken="t-1")
    again = east.create_traffic_distribution_group(Name="once", InstanceId=instance["Id"], ClientToken="t-1")
    assert again["Id"] == first["Id"]
    with pytest.raises(ClientError) as excinfo:
        east.create_traffic_distribution_group(Name="other", InstanceId=instance["Id"], ClientToken="t-1")
    assert error_code(excinfo) == "InvalidRequestException"


def test_list_from_both_regions_by_instance_and_in_pages(connect):
    east, west, instance = replicated_pair(connect)
    made = [east.create_traffic_distribution_group(Name=f"page-{n}", InstanceId=instance["Id"])["Id"]
            for n in range(4)]
    other_east, _, other = replicated_pair(connect, alias="other-pair")
    other_tdg = other_east.create_traffic_distribution_group(Name="other", InstanceId=other["Id"])["Id"]

    def all_ids(client, **filters):
        ids, token = [], None
        while True:
            page = client.list_traffic_distribution_groups(MaxResults=2, **filters,
                                                           **({"NextToken": token} if token else {}))
            ids += [g["Id"] for g in page["TrafficDistributionGroupSummaryList"]]
            token = page.get("NextToken")
            if not token:
                return ids

    mine = all_ids(east, InstanceId=instance["Id"])
    assert mine[1:] == made and len(mine) == 5  # the default TDG comes first
    assert all_ids(west, InstanceId=instance["Arn"].replace(SOURCE, REPLICA)) == mine
    assert set(all_ids(east)) == set(mine) | set(all_ids(east, InstanceId=other["Id"]))
    assert other_tdg in all_ids(west)
    assert all_ids(connect("eu-west-2")) == []
    assert all_ids(east, InstanceId=MISSING) == []
    summary = east.list_traffic_distribution_groups(InstanceId=instance["Id"])["TrafficDistributionGroupSummaryList"][1]
    assert set(summary) == {"Id", "Arn", "Name", "InstanceArn", "Status", "IsDefault"}


def test_delete_goes_through_pending_deletion(spawn):
    server = spawn(delay="0,tdg=30")
    east = server.client(SOURCE)
    instance = make_instance(east, "deleting")
    east.replicate_instance(InstanceId=instance["Id"], ReplicaRegion=REPLICA, ReplicaAlias="deleting-w")
    created = east.create_traffic_distribution_group(Name="short-lived", InstanceId=instance["Id"])
    with pytest.raises(ClientError, match="CREATION_IN_PROGRESS") as excinfo:
        east.delete_traffic_distribution_group(TrafficDistributionGroupId=created["Id"])
    assert error_code(excinfo) == "InvalidRequestException"
    server.advance(30)
    east.delete_traffic_distribution_group(TrafficDistributionGroupId=created["Arn"])
    assert describe(east, created["Id"])["Status"] == "PENDING_DELETION"
    server.advance(30)
    with pytest.raises(ClientError) as excinfo:
        describe(east, created["Id"])
    assert error_code(excinfo) == "ResourceNotFoundException"


def test_delete_refusals(connect):
    east, west, instance = replicated_pair(connect)
    created = east.create_traffic_distribution_group(Name="stays", InstanceId=instance["Id"])
    with pytest.raises(ClientError, match="can only be called in us-east-1") as excinfo:
        west.delete_traffic_distribution_group(TrafficDistributionGroupId=created["Arn"])
    assert error_code(excinfo) == "InvalidRequestException"
    default_arn = next(g["Arn"] for g in east.list_traffic_distribution_groups()["TrafficDistributionGroupSummaryList"]
                       if g["IsDefault"])
    with pytest.raises(ClientError, match="default traffic distribution group") as excinfo:
        east.delete_traffic_distribution_group(TrafficDistributionGroupId=default_arn)
    assert error_code(excinfo) == "InvalidRequestException"
    with pytest.raises(ClientError) as excinfo:
        east.delete_traffic_distribution_group(TrafficDistributionGroupId=MISSING)
    assert error_code(excinfo) == "ResourceNotFoundException"
    assert describe(east, created["Id"])["Status"] == "ACTIVE"


def test_tags_by_arn_from_both_regions(connect):
    east, west, instance = replicated_pair(connect)
    created = east.create_traffic_distribution_group(Name="tagged", InstanceId=instance["Id"], Tags={"a": "1"})
    west.tag_resource(resourceArn=created["Arn"], tags={"b": "2"})
    east.untag_resource(resourceArn=created["Arn"], tagKeys=["a"])
    assert east.list_tags_for_resource(resourceArn=created["Arn"])["tags"] == {"b": "2"}
    assert describe(west, created["Arn"])["Tags"] == {"b": "2"}
    with pytest.raises(ClientError) as excinfo:
        connect(SOURCE, account=OTHER_ACCOUNT).list_tags_for_resource(resourceArn=created["Arn"])
    assert error_code(excinfo) == "ResourceNotFoundException"


def test_injected_creation_and_deletion_failures(server, connect):
    east, _west, instance = replicated_pair(connect)
    server.control("POST", "faults", {"operation": "CreateTrafficDistributionGroup"})
    failed = east.create_traffic_distribution_group(Name="doomed", InstanceId=instance["Id"])
    assert describe(east, failed["Id"])["Status"] == "CREATION_FAILED"
    with pytest.raises(ClientError) as excinfo:
        east.get_traffic_distribution(Id=failed["Id"])
    assert error_code(excinfo) == "InvalidRequestException"
    east.delete_traffic_distribution_group(TrafficDistributionGroupId=failed["Id"])  # a failed TDG can be removed
    server.control("POST", "faults", {"operation": "DeleteTrafficDistributionGroup", "outcome": "DELETION_FAILED"})
    stubborn = east.create_traffic_distribution_group(Name="stubborn", InstanceId=instance["Id"])
    east.delete_traffic_distribution_group(TrafficDistributionGroupId=stubborn["Id"])
    assert describe(east, stubborn["Id"])["Status"] == "DELETION_FAILED"
    east.delete_traffic_distribution_group(TrafficDistributionGroupId=stubborn["Id"])  # the fault was used up
    with pytest.raises(ClientError) as excinfo:
        describe(east, stubborn["Id"])
    assert error_code(excinfo) == "ResourceNotFoundException"
