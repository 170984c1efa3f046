"""Contact-flow scaffolding shared by the flow tests: an ACTIVE instance, flow content and flow calls."""

import json

from connect_local.domain import flows, instances


def flow_content(message="Hello"):
    return json.dumps({
        "Version": "2019-10-30",
        "StartAction": "greet",
        "Actions": [
            {"Identifier": "greet", "Type": "MessageParticipant", "Parameters": {"Text": message},
             "Transitions": {"NextAction": "bye"}},
            {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}},
        ],
    })


def make_instance(world, alias="flows", region="us-east-1"):
    with world.call(region) as call:
        created = instances.create(call, {"IdentityManagementType": "SAML", "InstanceAlias": alias,
                                          "InboundCallsEnabled": True, "OutboundCallsEnabled": True})
    with world.call(region) as call:  # settles the creation: ACTIVE, default flows created
        assert instances.describe(call, created["Id"])["Instance"]["InstanceStatus"] == "ACTIVE"
    return created["Id"]


def create(world, instance_id, name="Mine", region="us-east-1", **extra):
    params = {"InstanceId": instance_id, "Name": name, "Type": "CONTACT_FLOW", "Content": flow_content(), **extra}
    with world.call(region) as call:
        return flows.create(call, params)


def describe(world, instance_id, flow_id, region="us-east-1"):
    with world.call(region) as call:
        return flows.describe(call, instance_id, flow_id)["ContactFlow"]


def list_all(world, instance_id, region="us-east-1", **params):
    with world.call(region) as call:
        return flows.list_flows(call, {"InstanceId": instance_id, **params})
