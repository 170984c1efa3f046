"""Associate / Disassociate / ListTrafficDistributionGroupUsers end to end."""

import pytest
from botocore.exceptions import ClientError
from conftest import OTHER_ACCOUNT, make_instance
from replication_api_helpers import REPLICA, SOURCE, error_code, new_user, replicated_pair


@pytest.fixture
def pair(connect):
    east, west, instance = replicated_pair(connect)
    tdg = east.create_traffic_distribution_group(Name="agents", InstanceId=instance["Id"])
    return east, west, instance, tdg


def members(client, reference):
    ids, token = [], None
    while True:
        page = client.list_traffic_distribution_group_users(TrafficDistributionGroupId=reference, MaxResults=2,
                                                            **({"NextToken": token} if token else {}))
        ids += [u["UserId"] for u in page["TrafficDistributionGroupUserSummaryList"]]
        token = page.get("NextToken")
        if not token:
            return ids


def test_associate_list_and_disassociate(pair):
    east, west, instance, tdg = pair
    users = [new_user(east, instance["Id"], f"agent{n}") for n in range(3)]
    east.associate_traffic_distribution_group_user(TrafficDistributionGroupId=tdg["Id"], UserId=users[0]["UserId"],
                                                   InstanceId=instance["Id"])
    for user in users[1:]:  # by ARN too
        east.associate_traffic_distribution_group_user(TrafficDistributionGroupId=tdg["Arn"], UserId=user["UserArn"],
                                                       InstanceId=instance["Id"])
    expected = [u["UserId"] for u in users]
    assert members(east, tdg["Id"]) == expected
    assert members(west, tdg["Arn"]) == expected
    # Associating again changes nothing.
    east.associate_traffic_distribution_group_user(TrafficDistributionGroupId=tdg["Id"], UserId=users[0]["UserId"],
                                                   InstanceId=instance["Id"])
    assert members(east, tdg["Id"]) == expected
    # The capitalised UserId / InstanceId query keys.
    east.disassociate_traffic_distribution_group_user(TrafficDistributionGroupId=tdg["Id"],
                                                      UserId=users[1]["UserId"], InstanceId=instance["Id"])
    assert members(east, tdg["Id"]) == [expected[0], expected[2]]
    with pytest.raises(ClientError, match="not associated") as excinfo:
        east.disassociate_traffic_distribution_group_user(TrafficDistributionGroupId=tdg["Id"],
                                                          UserId=users[1]["UserId"], InstanceId=instance["Id"])
    assert error_code(excinfo) == "ResourceNotFoundException"


def test_association_is_made_in_the_source_region_only(pair):
    east, west, instance, tdg = pair
    user = new_user(east, instance["Id"], "westerner")
    for call in (west.associate_traffic_distribution_group_user, west.disassociate_traffic_distribution_group_user):
        with pytest.raises(ClientError, match="can only be called in us-east-1") as excinfo:
            call(TrafficDistributionGroupId=tdg["Arn"], UserId=user["UserId"], InstanceId=instance["Id"])
        assert error_code(excinfo) == "InvalidRequestException"
    with pytest.raises(ClientError) as excinfo:
        west.list_traffic_distribution_group_users(TrafficDistributionGroupId=tdg["Id"])
    assert error_code(excinfo) == "ResourceNotFoundException"


def test_unknown_tdg_user_or_instance(connect, pair):
    east, _west, instance, tdg = pair
    user = new_user(east, instance["Id"], "someone")
    missing = "00000000-0000-4000-8000-000000000000"
    cases = [
        ({"TrafficDistributionGroupId": missing, "UserId": user["UserId"]}, "ResourceNotFoundException"),
        ({"TrafficDistributionGroupId": tdg["Id"], "UserId": missing}, "ResourceNotFoundException"),
        ({"TrafficDistributionGroupId": tdg["Id"], "UserId": user["UserArn"].replace(SOURCE, REPLICA)},
         "ResourceNotFoundException"),
        ({"TrafficDistributionGroupId": tdg["Id"], "UserId": user["UserId"], "InstanceId": missing},
         "InvalidRequestException"),
    ]
    for params, code in cases:
        with pytest.raises(ClientError) as excinfo:
            east.associate_traffic_distribution_group_user(**{"InstanceId": instance["Id"], **params})
        assert error_code(excinfo) == code, params
    with pytest.raises(ClientError) as excinfo:
        connect(SOURCE, account=OTHER_ACCOUNT).list_traffic_distribution_group_users(
            TrafficDistributionGroupId=tdg["Arn"])
    assert error_code(excinfo) == "ResourceNotFoundException"


def test_a_user_belongs_to_one_tdg(pair):
    east, _west, instance, tdg = pair
    other = east.create_traffic_distribution_group(Name="other-agents", InstanceId=instance["Id"])
    user = new_user(east, instance["Id"], "loyal")
    east.associate_traffic_distribution_group_user(TrafficDistributionGroupId=tdg["Id"], UserId=user["UserId"],
                                                   InstanceId=instance["Id"])
    with pytest.raises(ClientError, match="already belongs") as excinfo:
        east.associate_traffic_distribution_group_user(TrafficDistributionGroupId=other["Id"],
                                                       UserId=user["UserId"], InstanceId=instance["Id"])
    assert error_code(excinfo) == "ResourceConflictException"


def test_only_active_tdgs_take_users(spawn):
    server = spawn(delay="0,tdg=30")
    east = server.client(SOURCE)
    instance = make_instance(east, "pending-agents")
    east.replicate_instance(InstanceId=instance["Id"], ReplicaRegion=REPLICA, ReplicaAlias="pending-agents-w")
    tdg = east.create_traffic_distribution_group(Name="not-yet", InstanceId=instance["Id"])
    user = new_user(east, instance["Id"], "early")
    with pytest.raises(ClientError, match="not ACTIVE") as excinfo:
        east.associate_traffic_distribution_group_user(TrafficDistributionGroupId=tdg["Id"], UserId=user["UserId"],
                                                       InstanceId=instance["Id"])
    assert error_code(excinfo) == "ResourceNotFoundException"
    server.advance(30)
    east.associate_traffic_distribution_group_user(TrafficDistributionGroupId=tdg["Id"], UserId=user["UserId"],
                                                   InstanceId=instance["Id"])


def test_deleting_the_tdg_drops_its_users(pair):
    east, _west, instance, tdg = pair
    user = new_user(east, instance["Id"], "moves-on")
    east.associate_traffic_distribution_group_user(TrafficDistributionGroupId=tdg["Id"], UserId=user["UserId"],
                                                   InstanceId=instance["Id"])
    east.delete_traffic_distribution_group(TrafficDistributionGroupId=tdg["Id"])
    again = east.create_traffic_distribution_group(Name="agents-again", InstanceId=instance["Id"])
    east.associate_traffic_distribution_group_user(TrafficDistributionGroupId=again["Id"], UserId=user["UserId"],
                                                   InstanceId=instance["Id"])
    assert members(east, again["Id"]) == [user["UserId"]]
