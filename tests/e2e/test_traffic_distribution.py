"""UpdateTrafficDistribution / GetTrafficDistribution end to end."""

import pytest
from botocore.exceptions import ClientError
from conftest import make_instance
from replication_api_helpers import REPLICA, SOURCE, default_tdg, error_code, replicated_pair


def percentages(east_share, west_share):
    return {"Distributions": [{"Region": SOURCE, "Percentage": east_share},
                              {"Region": REPLICA, "Percentage": west_share}]}


def shares(config):
    return {d["Region"]: d["Percentage"] for d in config["Distributions"]}


@pytest.fixture
def pair(connect):
    east, west, instance = replicated_pair(connect)
    tdg = east.create_traffic_distribution_group(Name="traffic", InstanceId=instance["Id"])
    return east, west, instance, tdg


def test_a_new_tdg_sends_everything_to_the_source_region(pair):
    east, _west, _instance, tdg = pair
    current = east.get_traffic_distribution(Id=tdg["Id"])
    assert (current["Id"], current["Arn"]) == (tdg["Id"], tdg["Arn"])
    assert shares(current["TelephonyConfig"]) == {SOURCE: 100, REPLICA: 0}
    assert shares(current["AgentConfig"]) == {SOURCE: 100, REPLICA: 0}
    assert "SignInConfig" not in current


def test_shift_in_ten_percent_steps_from_either_region(pair):
    east, west, _instance, tdg = pair
    east.update_traffic_distribution(Id=tdg["Id"], TelephonyConfig=percentages(70, 30))
    assert shares(west.get_traffic_distribution(Id=tdg["Arn"])["TelephonyConfig"]) == {SOURCE: 70, REPLICA: 30}
    # Failover: the surviving Region moves the traffic, by ARN.
    west.update_traffic_distribution(Id=tdg["Arn"], TelephonyConfig=percentages(0, 100),
                                     AgentConfig=percentages(0, 100))
    current = east.get_traffic_distribution(Id=tdg["Id"])
    assert shares(current["TelephonyConfig"]) == {SOURCE: 0, REPLICA: 100}
    assert shares(current["AgentConfig"]) == {SOURCE: 0, REPLICA: 100}
    east.update_traffic_distribution(Id=tdg["Arn"], AgentConfig=percentages(50, 50))
    current = east.get_traffic_distribution(Id=tdg["Id"])
    assert shares(current["TelephonyConfig"]) == {SOURCE: 0, REPLICA: 100}  # not given, so unchanged
    assert shares(current["AgentConfig"]) == {SOURCE: 50, REPLICA: 50}


def test_bare_id_from_the_replica_region_is_not_found(pair):
    _east, west, _instance, tdg = pair
    for call in (lambda: west.get_traffic_distribution(Id=tdg["Id"]),
                 lambda: west.update_traffic_distribution(Id=tdg["Id"], TelephonyConfig=percentages(50, 50))):
        with pytest.raises(ClientError) as excinfo:
            call()
        assert error_code(excinfo) == "ResourceNotFoundException"


@pytest.mark.parametrize("distributions, message", [
    ([{"Region": SOURCE, "Percentage": 75}, {"Region": REPLICA, "Percentage": 25}], "multiples of 10"),
    ([{"Region": SOURCE, "Percentage": 60}, {"Region": REPLICA, "Percentage": 30}], "add up to 100"),
    ([{"Region": SOURCE, "Percentage": 100}], "exactly once"),
    ([{"Region": SOURCE, "Percentage": 50}, {"Region": "eu-west-2", "Percentage": 50}], "exactly once"),
    ([{"Region": SOURCE, "Percentage": 50}, {"Region": SOURCE, "Percentage": 50}], "exactly once"),
    ([{"Region": SOURCE, "Percentage": 110}, {"Region": REPLICA, "Percentage": -10}], "less than or equal to 100"),
])
@pytest.mark.parametrize("config", ["TelephonyConfig", "AgentConfig"])
def test_bad_percentages(connect, pair, config, distributions, message):
    east, _west, _instance, tdg = pair
    with pytest.raises(ClientError, match=message) as excinfo:
        connect(SOURCE, validate=False).update_traffic_distribution(Id=tdg["Id"],
                                                                    **{config: {"Distributions": distributions}})
    assert error_code(excinfo) == "InvalidRequestException"
    assert shares(east.get_traffic_distribution(Id=tdg["Id"])[config]) == {SOURCE: 100, REPLICA: 0}


def test_at_least_one_config_is_needed(pair):
    east, _west, _instance, tdg = pair
    with pytest.raises(ClientError, match="at least one") as excinfo:
        east.update_traffic_distribution(Id=tdg["Id"])
    assert error_code(excinfo) == "InvalidRequestException"


def test_sign_in_only_on_the_default_tdg(pair):
    east, west, instance, tdg = pair
    sign_in = {"Distributions": [{"Region": SOURCE, "Enabled": False}, {"Region": REPLICA, "Enabled": True}]}
    with pytest.raises(ClientError, match="default traffic distribution group") as excinfo:
        east.update_traffic_distribution(Id=tdg["Id"], SignInConfig=sign_in)
    assert error_code(excinfo) == "InvalidRequestException"
    default = default_tdg(east, instance["Id"])
    before = east.get_traffic_distribution(Id=default["Id"])["SignInConfig"]
    assert {d["Region"]: d["Enabled"] for d in before["Distributions"]} == {SOURCE: True, REPLICA: True}
    west.update_traffic_distribution(Id=default["Arn"], SignInConfig=sign_in)
    after = west.get_traffic_distribution(Id=default["Arn"])["SignInConfig"]
    assert {d["Region"]: d["Enabled"] for d in after["Distributions"]} == {SOURCE: False, REPLICA: True}
    nobody = {"Distributions": [{"Region": SOURCE, "Enabled": False}, {"Region": REPLICA, "Enabled": False}]}
    with pytest.raises(ClientError, match="at least one Region") as excinfo:
        east.update_traffic_distribution(Id=default["Id"], SignInConfig=nobody)
    assert error_code(excinfo) == "InvalidRequestException"


def test_update_in_progress_then_active(spawn):
    server = spawn(delay="0,traffic=20,tdg=20")
    east, west = server.client(SOURCE), server.client(REPLICA)
    instance = make_instance(east, "slow-traffic")
    east.replicate_instance(InstanceId=instance["Id"], ReplicaRegion=REPLICA, ReplicaAlias="slow-traffic-w")
    tdg = east.create_traffic_distribution_group(Name="slow", InstanceId=instance["Id"])
    for call in (lambda: east.get_traffic_distribution(Id=tdg["Id"]),
                 lambda: east.update_traffic_distribution(Id=tdg["Id"], TelephonyConfig=percentages(50, 50))):
        with pytest.raises(ClientError, match="CREATION_IN_PROGRESS") as excinfo:
            call()
        assert error_code(excinfo) == "InvalidRequestException"
    server.advance(20)
    east.update_traffic_distribution(Id=tdg["Id"], TelephonyConfig=percentages(50, 50))
    status = east.describe_traffic_distribution_group(TrafficDistributionGroupId=tdg["Id"])
    assert status["TrafficDistributionGroup"]["Status"] == "UPDATE_IN_PROGRESS"
    # Reads during the update show the distribution still in force.
    assert shares(west.get_traffic_distribution(Id=tdg["Arn"])["TelephonyConfig"]) == {SOURCE: 100, REPLICA: 0}
    with pytest.raises(ClientError) as excinfo:
        west.update_traffic_distribution(Id=tdg["Arn"], TelephonyConfig=percentages(0, 100))
    assert error_code(excinfo) == "ResourceConflictException"
    server.advance(20)
    assert shares(east.get_traffic_distribution(Id=tdg["Id"])["TelephonyConfig"]) == {SOURCE: 50, REPLICA: 50}
    status = east.describe_traffic_distribution_group(TrafficDistributionGroupId=tdg["Id"])
    assert status["TrafficDistributionGroup"]["Status"] == "ACTIVE"
