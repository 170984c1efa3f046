"""Set up, through the public AWS API only, the state the call simulator and the doctor read: a replicated
instance, a traffic distribution group, a claimed number and a flow that branches on $.AwsRegion."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from conftest import make_instance

EAST, WEST = "us-east-1", "us-west-2"
EAST_QUEUE = "arn:aws:connect:us-east-1:111122223333:instance/i/queue/east-queue"
WEST_QUEUE = "arn:aws:connect:us-west-2:111122223333:instance/i/queue/west-queue"


def _action(identifier: str, kind: str, parameters: dict[str, Any], **transitions: Any) -> dict[str, Any]:
    return {"Identifier": identifier, "Type": kind, "Parameters": parameters, "Transitions": transitions}


def region_flow() -> str:
    """Greets, then queues callers in the Region's own queue by comparing $.AwsRegion."""
    bye = [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]
    actions = [
        _action("greet", "MessageParticipant", {"Text": "Welcome to $.AwsRegion"}, NextAction="compare",
                Errors=bye),
        _action("compare", "Compare", {"ComparisonValue": "$.AwsRegion"},
                Conditions=[{"NextAction": "east", "Condition": {"Operator": "Equals", "Operands": [EAST]}},
                            {"NextAction": "west", "Condition": {"Operator": "Equals", "Operands": [WEST]}}],
                Errors=[{"NextAction": "bye", "ErrorType": "NoMatchingCondition"}]),
        _action("east", "UpdateContactTargetQueue", {"QueueId": EAST_QUEUE}, NextAction="transfer", Errors=bye),
        _action("west", "UpdateContactTargetQueue", {"QueueId": WEST_QUEUE}, NextAction="transfer", Errors=bye),
        _action("transfer", "TransferContactToQueue", {},
                Errors=[{"NextAction": "bye", "ErrorType": "QueueAtCapacity"}, *bye]),
        _action("bye", "DisconnectParticipant", {}),
    ]
    return json.dumps({"Version": "2019-10-30", "StartAction": "greet", "Actions": actions})


@dataclass
class World:
    east: Any  # boto3 clients of the account, one per Region
    west: Any
    instance_id: str
    tdg_id: str
    tdg_arn: str
    number_id: str
    number_arn: str
    e164: str
    flow_id: str

    def distribute(self, east: int, west: int, config: str = "TelephonyConfig") -> None:
        self.east.update_traffic_distribution(Id=self.tdg_id, **{config: {"Distributions": [
            {"Region": EAST, "Percentage": east}, {"Region": WEST, "Percentage": west}]}})


def claim(client: Any, target_arn: str) -> dict[str, Any]:
    available = client.search_available_phone_numbers(TargetArn=target_arn, PhoneNumberCountryCode="US",
                                                      PhoneNumberType="DID", MaxResults=1)
    e164 = available["AvailableNumbersList"][0]["PhoneNumber"]
    claimed = client.claim_phone_number(TargetArn=target_arn, PhoneNumber=e164)
    return {"PhoneNumber": e164, **claimed}


def replicated_world(connect: Callable[..., Any], alias: str, *, associate: bool = True,
                     content: str | None = None) -> World:
    """The seed workflow: instance in us-east-1 replicated to us-west-2, a new ACTIVE TDG, a number claimed to
    it, and (optionally) a flow associated with the number (the association is mirrored to us-west-2)."""
    east, west = connect(region=EAST), connect(region=WEST)
    instance_id = make_instance(east, alias)["Id"]
    east.replicate_instance(InstanceId=instance_id, ReplicaRegion=WEST, ReplicaAlias=f"{alias}-west")
    tdg = east.create_traffic_distribution_group(Name=f"{alias}-tdg", InstanceId=instance_id)
    number = claim(east, tdg["Arn"])
    flow = east.create_contact_flow(InstanceId=instance_id, Name="By Region", Type="CONTACT_FLOW",
                                    Content=content or region_flow())
    if associate:
        east.associate_phone_number_contact_flow(PhoneNumberId=number["PhoneNumberId"], InstanceId=instance_id,
                                                 ContactFlowId=flow["ContactFlowId"])
    return World(east, west, instance_id, tdg["Id"], tdg["Arn"], number["PhoneNumberId"],
                 number["PhoneNumberArn"], number["PhoneNumber"], flow["ContactFlowId"])


def simulate(server: Any, e164: str, account: str = "111122223333", **options: Any) -> Any:
    return server.control("POST", "calls", {"phoneNumber": e164, "account": account, **options})


def doctor(server: Any, account: str = "111122223333") -> Any:
    return server.control("GET", f"doctor?account={account}")


def findings(report: dict[str, Any]) -> set[tuple[str, str, str | None]]:
    """(severity, code, region) of each finding."""
    return {(f["severity"], f["code"], f["region"]) for f in report["findings"]}
