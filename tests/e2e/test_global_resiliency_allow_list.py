"""--global-resiliency-accounts: accounts AWS has not enabled Global Resiliency for get AccessDeniedException."""


import pytest
from botocore.exceptions import ClientError
from conftest import make_instance, serve_and_exit

ENABLED, OTHER = "111122223333", "444455556666"
EAST, WEST = "us-east-1", "us-west-2"
MISSING = "00000000-0000-4000-8000-000000000000"


def denied(call):
    with pytest.raises(ClientError) as caught:
        call()
    error = caught.value.response
    assert error["Error"]["Code"] == "AccessDeniedException"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert OTHER in error["Error"]["Message"] and "Global Resiliency" in error["Error"]["Message"]


@pytest.mark.parametrize("how", ["flag", "environment"])
def test_only_allow_listed_accounts_may_replicate_and_use_traffic_distribution_groups(spawn, how):
    if how == "flag":
        server = spawn("--global-resiliency-accounts", ENABLED)
    else:
        server = spawn(env={"CONNECT_LOCAL_GLOBAL_RESILIENCY_ACCOUNTS": f" {ENABLED} "})
    enabled, other = server.client(EAST, ENABLED), server.client(EAST, OTHER)
    mine = make_instance(enabled, "allow-listed")
    theirs = make_instance(other, "not-allow-listed")  # everything else works for them as usual
    assert other.describe_instance(InstanceId=theirs["Id"])["Instance"]["InstanceStatus"] == "ACTIVE"

    enabled.replicate_instance(InstanceId=mine["Id"], ReplicaRegion=WEST, ReplicaAlias="allow-listed-west")
    assert enabled.list_traffic_distribution_groups()["TrafficDistributionGroupSummaryList"] is not None

    denied(lambda: other.replicate_instance(InstanceId=theirs["Id"], ReplicaRegion=WEST,
                                            ReplicaAlias="not-allow-listed-west"))
    denied(lambda: other.create_traffic_distribution_group(Name="group", InstanceId=theirs["Id"]))
    denied(lambda: other.list_traffic_distribution_groups())
    denied(lambda: other.describe_traffic_distribution_group(TrafficDistributionGroupId=MISSING))
    denied(lambda: other.get_traffic_distribution(Id=MISSING))
    denied(lambda: other.list_traffic_distribution_group_users(TrafficDistributionGroupId=MISSING))
    assert "ReplicationConfiguration" not in other.describe_instance(InstanceId=theirs["Id"])  # nothing was done


def test_a_bad_allow_list_is_refused_at_start():
    flag = serve_and_exit("--global-resiliency-accounts", "1234")
    assert flag.returncode == 2 and "12-digit account ids" in flag.stderr
    variable = serve_and_exit(env={"CONNECT_LOCAL_GLOBAL_RESILIENCY_ACCOUNTS": "111122223333,abc"})
    assert variable.returncode == 2 and "CONNECT_LOCAL_GLOBAL_RESILIENCY_ACCOUNTS" in variable.stderr
