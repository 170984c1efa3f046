"""Scaffolding shared by the replication, TDG and user end-to-end tests: a replicated pair of clients,
the default TDG, users, and the error code of a refused call."""

from conftest import ACCOUNT, make_instance, wait_for

SOURCE, REPLICA = "us-east-1", "us-west-2"


def error_code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def replicated_pair(connect, alias="gr-source", replica_alias=None, account=ACCOUNT):
    """An ACTIVE SAML instance in us-east-1 replicated to us-west-2 (complete: servers run with --delay 0)."""
    east = connect(SOURCE, account=account, validate=False)
    west = connect(REPLICA, account=account, validate=False)
    instance = make_instance(east, alias)
    east.replicate_instance(InstanceId=instance["Id"], ReplicaRegion=REPLICA,
                            ReplicaAlias=replica_alias or f"{alias}-west")
    wait_for(lambda: replication_statuses(east, instance["Id"]) == {"INSTANCE_REPLICATION_COMPLETE"})
    return east, west, instance


def replication_statuses(client, instance_id):
    configuration = client.describe_instance(InstanceId=instance_id)["ReplicationConfiguration"]
    return {s["ReplicationStatus"] for s in configuration["ReplicationStatusSummaryList"]}


def default_tdg(client, instance_id):
    groups = client.list_traffic_distribution_groups(InstanceId=instance_id)["TrafficDistributionGroupSummaryList"]
    return next(g for g in groups if g["IsDefault"])


def new_user(client, instance_id, username, **extra):
    params = {"InstanceId": instance_id, "Username": username, "SecurityProfileIds": ["security-profile-1"],
              "RoutingProfileId": "routing-profile-1", "PhoneConfig": {"PhoneType": "SOFT_PHONE"},
              "IdentityInfo": {"FirstName": "Ada", "LastName": "Agent"}, **extra}
    return client.create_user(**params)
