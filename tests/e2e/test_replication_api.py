"""ReplicateInstance end to end: the same-id replica, mirroring, the default TDG, and the deletion order."""

import pytest
from botocore.exceptions import ClientError
from conftest import ACCOUNT, OTHER_ACCOUNT, make_instance, wait_for
from replication_api_helpers import (
    REPLICA,
    SOURCE,
    default_tdg,
    error_code,
    replicated_pair,
    replication_statuses,
)


def test_replica_keeps_the_id_in_the_other_region(connect):
    east = connect(SOURCE)
    west = connect(REPLICA)
    instance = make_instance(east, "keeps-id")
    replica = east.replicate_instance(InstanceId=instance["Arn"], ReplicaRegion=REPLICA, ReplicaAlias="keeps-id-w")
    assert replica["Id"] == instance["Id"]
    assert replica["Arn"] == instance["Arn"].replace(SOURCE, REPLICA)
    described = west.describe_instance(InstanceId=instance["Id"])
    assert described["Instance"]["Arn"] == replica["Arn"]
    assert described["Instance"]["InstanceAlias"] == "keeps-id-w"
    assert described["Instance"]["IdentityManagementType"] == "SAML"
    for client in (east, west):
        configuration = client.describe_instance(InstanceId=instance["Id"])["ReplicationConfiguration"]
        assert configuration["SourceRegion"] == SOURCE
        assert {s["Region"] for s in configuration["ReplicationStatusSummaryList"]} == {SOURCE, REPLICA}
        assert configuration["GlobalSignInEndpoint"].startswith("https://")
    assert [s["Id"] for s in west.list_instances()["InstanceSummaryList"]] == [instance["Id"]]


def test_replication_creates_one_default_tdg_in_the_source_region(connect):
    east, west, instance = replicated_pair(connect)
    groups = east.list_traffic_distribution_groups(InstanceId=instance["Id"])["TrafficDistributionGroupSummaryList"]
    assert len(groups) == 1 and groups[0]["IsDefault"] and groups[0]["Status"] == "ACTIVE"
    assert groups[0]["InstanceArn"] == instance["Arn"]
    assert f":{SOURCE}:" in groups[0]["Arn"]
    # The admin guide's recipe: the replica Region finds the source Region through the TDG's InstanceArn.
    seen_from_west = west.list_traffic_distribution_groups(InstanceId=instance["Id"])
    assert seen_from_west["TrafficDistributionGroupSummaryList"] == groups


def test_flows_and_users_are_mirrored_with_the_same_ids(connect):
    east = connect(SOURCE)
    west = connect(REPLICA)
    instance = make_instance(east, "mirrored")
    before = east.create_user(InstanceId=instance["Id"], Username="before", SecurityProfileIds=["sp-1"],
                              RoutingProfileId="rp-1", IdentityInfo={"FirstName": "Be", "LastName": "Fore"},
                              PhoneConfig={"PhoneType": "SOFT_PHONE"})
    east.replicate_instance(InstanceId=instance["Id"], ReplicaRegion=REPLICA, ReplicaAlias="mirrored-w")
    wait_for(lambda: replication_statuses(east, instance["Id"]) == {"INSTANCE_REPLICATION_COMPLETE"})

    def flows(client):
        listed = client.list_contact_flows(InstanceId=instance["Id"], MaxResults=100)["ContactFlowSummaryList"]
        return {f["Id"]: f["Name"] for f in listed}

    assert flows(west) == flows(east) and flows(east)
    twin = west.describe_user(InstanceId=instance["Id"], UserId=before["UserId"])["User"]
    assert twin["Arn"] == before["UserArn"].replace(SOURCE, REPLICA) and twin["Username"] == "before"
    after = west.create_user(InstanceId=instance["Id"], Username="after", SecurityProfileIds=["sp-1"],
                             RoutingProfileId="rp-1", IdentityInfo={"FirstName": "Af", "LastName": "Ter"},
                             PhoneConfig={"PhoneType": "SOFT_PHONE"})
    back = east.describe_user(InstanceId=instance["Id"], UserId=after["UserId"])["User"]
    assert back["LastModifiedRegion"] == REPLICA


def test_replica_alias_may_be_omitted(connect):
    east = connect(SOURCE, validate=False)
    west = connect(REPLICA)
    instance = make_instance(east, "no-alias-given")
    east.replicate_instance(InstanceId=instance["Id"], ReplicaRegion=REPLICA)
    assert west.describe_instance(InstanceId=instance["Id"])["Instance"]["InstanceAlias"] == "no-alias-given-replica"


def test_client_token_replays_the_replication(connect):
    east = connect(SOURCE)
    instance = make_instance(east, "tokened")
    first = east.replicate_instance(InstanceId=instance["Id"], ReplicaRegion=REPLICA, ReplicaAlias="tokened-w",
                                    ClientToken="rep-1")
    again = east.replicate_instance(InstanceId=instance["Id"], ReplicaRegion=REPLICA, ReplicaAlias="tokened-w",
                                    ClientToken="rep-1")
    assert (again["Id"], again["Arn"]) == (first["Id"], first["Arn"])


@pytest.mark.parametrize("replica_region, message", [
    (SOURCE, "another Region"),
    ("eu-west-2", "only to us-west-2"),
])
def test_region_must_be_the_paired_one(connect, replica_region, message):
    east = connect(SOURCE)
    instance = make_instance(east, "wrong-region")
    with pytest.raises(ClientError, match=message) as excinfo:
        east.replicate_instance(InstanceId=instance["Id"], ReplicaRegion=replica_region, ReplicaAlias="wr-w")
    assert error_code(excinfo) == "InvalidRequestException"


def test_a_region_outside_the_table_cannot_replicate(connect):
    client = connect("eu-west-1")
    instance = make_instance(client, "unpaired")
    with pytest.raises(ClientError, match="to no Region") as excinfo:
        client.replicate_instance(InstanceId=instance["Id"], ReplicaRegion="eu-central-1", ReplicaAlias="up-w")
    assert error_code(excinfo) == "InvalidRequestException"


def test_tokyo_replicates_only_to_osaka(connect):
    tokyo = connect("ap-northeast-1")
    instance = make_instance(tokyo, "tokyo")
    with pytest.raises(ClientError) as excinfo:
        tokyo.replicate_instance(InstanceId=instance["Id"], ReplicaRegion="ap-northeast-2", ReplicaAlias="t-2")
    assert error_code(excinfo) == "InvalidRequestException"
    tokyo.replicate_instance(InstanceId=instance["Id"], ReplicaRegion="ap-northeast-3", ReplicaAlias="osaka")
    osaka = make_instance(connect("ap-northeast-3"), "osaka-own")
    with pytest.raises(ClientError) as excinfo:
        connect("ap-northeast-3").replicate_instance(InstanceId=osaka["Id"], ReplicaRegion="ap-northeast-1",
                                                     ReplicaAlias="back-to-tokyo")
    assert error_code(excinfo) == "InvalidRequestException"


def test_region_pair_table_is_configurable(spawn):
    server = spawn(env={"CONNECT_LOCAL_REGION_PAIRS": "eu-west-1=eu-central-1"})
    ireland = server.client("eu-west-1")
    instance = make_instance(ireland, "configured")
    ireland.replicate_instance(InstanceId=instance["Id"], ReplicaRegion="eu-central-1", ReplicaAlias="conf-w")
    east = server.client(SOURCE)
    other = make_instance(east, "no-longer-paired")
    with pytest.raises(ClientError) as excinfo:
        east.replicate_instance(InstanceId=other["Id"], ReplicaRegion=REPLICA, ReplicaAlias="nlp-w")
    assert error_code(excinfo) == "InvalidRequestException"


def test_an_instance_has_at_most_one_replica(connect):
    east, west, instance = replicated_pair(connect)
    with pytest.raises(ClientError, match="already part of a replicated pair") as excinfo:
        east.replicate_instance(InstanceId=instance["Id"], ReplicaRegion=REPLICA, ReplicaAlias="second-w")
    assert error_code(excinfo) == "InvalidRequestException"
    with pytest.raises(ClientError) as excinfo:
        west.replicate_instance(InstanceId=instance["Id"], ReplicaRegion=SOURCE, ReplicaAlias="back-e")
    assert error_code(excinfo) == "InvalidRequestException"


def test_only_saml_instances_replicate(connect):
    east = connect(SOURCE)
    instance = make_instance(east, "managed", identity="CONNECT_MANAGED")
    with pytest.raises(ClientError, match="SAML") as excinfo:
        east.replicate_instance(InstanceId=instance["Id"], ReplicaRegion=REPLICA, ReplicaAlias="managed-w")
    assert error_code(excinfo) == "InvalidRequestException"


def test_only_active_instances_replicate(spawn):
    server = spawn(delay="0,instance=60")
    east = server.client(SOURCE)
    created = east.create_instance(IdentityManagementType="SAML", InstanceAlias="not-yet",
                                   InboundCallsEnabled=True, OutboundCallsEnabled=True)
    with pytest.raises(ClientError, match="not ACTIVE") as excinfo:
        east.replicate_instance(InstanceId=created["Id"], ReplicaRegion=REPLICA, ReplicaAlias="not-yet-w")
    assert error_code(excinfo) == "InvalidRequestException"


def test_unknown_and_foreign_instances_are_not_found(connect):
    east = connect(SOURCE)
    instance = make_instance(east, "mine")
    foreign_arn = instance["Arn"].replace(ACCOUNT, OTHER_ACCOUNT)
    for reference in ("00000000-0000-4000-8000-000000000000", foreign_arn,
                      instance["Arn"].replace(SOURCE, "eu-west-2")):
        with pytest.raises(ClientError) as excinfo:
            east.replicate_instance(InstanceId=reference, ReplicaRegion=REPLICA, ReplicaAlias="mine-w")
        assert error_code(excinfo) == "ResourceNotFoundException"
    with pytest.raises(ClientError) as excinfo:
        connect(SOURCE, account=OTHER_ACCOUNT).replicate_instance(InstanceId=instance["Id"], ReplicaRegion=REPLICA,
                                                                  ReplicaAlias="mine-w")
    assert error_code(excinfo) == "ResourceNotFoundException"


def test_replica_alias_must_be_unused(connect):
    east = connect(SOURCE)
    make_instance(connect(REPLICA), "taken-alias")
    instance = make_instance(east, "wants-taken")
    with pytest.raises(ClientError, match="alias is already used") as excinfo:
        east.replicate_instance(InstanceId=instance["Id"], ReplicaRegion=REPLICA, ReplicaAlias="TAKEN-alias")
    assert error_code(excinfo) == "InvalidRequestException"


def test_replica_region_instance_quota(connect):
    west = connect(REPLICA)
    make_instance(west, "west-one")
    make_instance(west, "west-two")
    east = connect(SOURCE)
    instance = make_instance(east, "no-room")
    with pytest.raises(ClientError) as excinfo:
        east.replicate_instance(InstanceId=instance["Id"], ReplicaRegion=REPLICA, ReplicaAlias="no-room-w")
    assert error_code(excinfo) == "ServiceQuotaExceededException"


def test_replication_progresses_asynchronously(spawn):
    server = spawn(delay="0,replication=60")
    east, west = server.client(SOURCE), server.client(REPLICA)
    instance = make_instance(east, "slow")
    east.replicate_instance(InstanceId=instance["Id"], ReplicaRegion=REPLICA, ReplicaAlias="slow-w")
    assert replication_statuses(east, instance["Id"]) == {"INSTANCE_REPLICATION_IN_PROGRESS"}
    assert replication_statuses(west, instance["Id"]) == {"INSTANCE_REPLICATION_IN_PROGRESS"}
    assert west.describe_instance(InstanceId=instance["Id"])["Instance"]["InstanceStatus"] == "CREATION_IN_PROGRESS"
    with pytest.raises(ClientError) as excinfo:
        east.replicate_instance(InstanceId=instance["Id"], ReplicaRegion=REPLICA, ReplicaAlias="slow-w2")
    assert error_code(excinfo) == "ResourceNotReadyException"
    with pytest.raises(ClientError) as excinfo:
        east.create_traffic_distribution_group(Name="too-early", InstanceId=instance["Id"])
    assert error_code(excinfo) == "ResourceNotReadyException"
    for client in (east, west):
        with pytest.raises(ClientError, match="being replicated") as excinfo:
            client.delete_instance(InstanceId=instance["Id"])
        assert error_code(excinfo) == "InvalidRequestException"
    assert east.list_traffic_distribution_groups(InstanceId=instance["Id"])["TrafficDistributionGroupSummaryList"] == []
    server.advance(60)
    assert replication_statuses(west, instance["Id"]) == {"INSTANCE_REPLICATION_COMPLETE"}
    assert west.describe_instance(InstanceId=instance["Id"])["Instance"]["InstanceStatus"] == "ACTIVE"
    assert default_tdg(east, instance["Id"])["Status"] == "ACTIVE"


def test_injected_replication_failure_undoes_the_replica_and_allows_a_retry(server, connect):
    east, west = connect(SOURCE), connect(REPLICA)
    instance = make_instance(east, "fragile")
    server.control("POST", "faults", {"operation": "ReplicateInstance", "message": "Replica quota mismatch."})
    east.replicate_instance(InstanceId=instance["Id"], ReplicaRegion=REPLICA, ReplicaAlias="fragile-w")
    configuration = east.describe_instance(InstanceId=instance["Id"])["ReplicationConfiguration"]
    replica_summary = next(s for s in configuration["ReplicationStatusSummaryList"] if s["Region"] == REPLICA)
    assert replica_summary["ReplicationStatus"] == "INSTANCE_REPLICATION_FAILED"
    assert replica_summary["ReplicationStatusReason"] == "Replica quota mismatch."
    with pytest.raises(ClientError) as excinfo:
        west.describe_instance(InstanceId=instance["Id"])
    assert error_code(excinfo) == "ResourceNotFoundException"
    with pytest.raises(ClientError) as excinfo:
        east.create_traffic_distribution_group(Name="after-failure", InstanceId=instance["Id"])
    assert error_code(excinfo) == "InvalidRequestException"
    east.replicate_instance(InstanceId=instance["Id"], ReplicaRegion=REPLICA, ReplicaAlias="fragile-w")
    assert replication_statuses(east, instance["Id"]) == {"INSTANCE_REPLICATION_COMPLETE"}


def test_source_goes_only_after_its_replica(connect):
    east, west, instance = replicated_pair(connect)
    with pytest.raises(ClientError, match="delete the replica first") as excinfo:
        east.delete_instance(InstanceId=instance["Id"])
    assert error_code(excinfo) == "InvalidRequestException"
    west.delete_instance(InstanceId=instance["Id"])
    with pytest.raises(ClientError) as excinfo:
        west.describe_instance(InstanceId=instance["Id"])
    assert error_code(excinfo) == "ResourceNotFoundException"
    assert "ReplicationConfiguration" not in east.describe_instance(InstanceId=instance["Id"])
    assert east.list_traffic_distribution_groups(InstanceId=instance["Id"])["TrafficDistributionGroupSummaryList"] == []
    assert east.list_contact_flows(InstanceId=instance["Id"])["ContactFlowSummaryList"]  # the source keeps its own
    east.delete_instance(InstanceId=instance["Id"])


def test_replica_goes_only_after_the_non_default_tdgs(connect):
    east, west, instance = replicated_pair(connect)
    tdg = east.create_traffic_distribution_group(Name="blocks-replica", InstanceId=instance["Id"])
    with pytest.raises(ClientError, match="non-default traffic distribution groups") as excinfo:
        west.delete_instance(InstanceId=instance["Id"])
    assert error_code(excinfo) == "InvalidRequestException"
    east.delete_traffic_distribution_group(TrafficDistributionGroupId=tdg["Id"])
    west.delete_instance(InstanceId=instance["Id"])
    # The pair is gone: the source can be replicated again.
    east.replicate_instance(InstanceId=instance["Id"], ReplicaRegion=REPLICA, ReplicaAlias="gr-source-west")
    assert replication_statuses(east, instance["Id"]) == {"INSTANCE_REPLICATION_COMPLETE"}


def test_deleting_the_replica_returns_default_tdg_numbers_to_the_source_instance(connect):
    east = connect(SOURCE)
    instance = make_instance(east, "numbers-home")
    found = east.search_available_phone_numbers(TargetArn=instance["Arn"], PhoneNumberCountryCode="US",
                                                PhoneNumberType="DID", MaxResults=1)["AvailableNumbersList"]
    number = east.claim_phone_number(TargetArn=instance["Arn"], PhoneNumber=found[0]["PhoneNumber"])
    east.replicate_instance(InstanceId=instance["Id"], ReplicaRegion=REPLICA, ReplicaAlias="numbers-home-w")
    default = default_tdg(east, instance["Id"])

    def target():
        return east.describe_phone_number(PhoneNumberId=number["PhoneNumberId"])["ClaimedPhoneNumberSummary"][
            "TargetArn"]

    assert target() == default["Arn"]
    connect(REPLICA).delete_instance(InstanceId=instance["Id"])
    assert target() == instance["Arn"]
