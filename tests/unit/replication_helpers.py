"""Replication scaffolding shared by the replication, user and TDG tests: a replicated instance, users, TDGs."""

from connect_local.domain import instances, replication, tdgs, users

SOURCE, REPLICA = "us-east-1", "us-west-2"


def make_instance(world, alias="unit-source", region=SOURCE):
    with world.call(region) as call:
        created = instances.create(call, {"IdentityManagementType": "SAML", "InstanceAlias": alias,
                                          "InboundCallsEnabled": True, "OutboundCallsEnabled": True})
    return created["Id"]


def replicate(world, instance_id, alias="unit-replica"):
    with world.call(SOURCE) as call:
        return replication.replicate(call, {"InstanceId": instance_id, "ReplicaRegion": REPLICA,
                                            "ReplicaAlias": alias})


def add_user(world, instance_id, username="agent", region=SOURCE):
    with world.call(region) as call:
        return users.create(call, {"InstanceId": instance_id, "Username": username, "SecurityProfileIds": ["sp"],
                                   "RoutingProfileId": "rp", "IdentityInfo": {"FirstName": "A", "LastName": "B"}})


def replicated(world):
    instance_id = make_instance(world)
    replicate(world, instance_id)
    return instance_id


def new_tdg(world, instance_id, name="unit-tdg"):
    with world.call(SOURCE) as call:
        return tdgs.create(call, {"Name": name, "InstanceId": instance_id})
