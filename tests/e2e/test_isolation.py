"""Tenant isolation, as a property: whatever two accounts do, nothing of one ever reaches the other.

Random sequences of operations by accounts A and B against a live server, over instances, tags, flows, phone
numbers, replication and TDGs (the families implemented when this was written). Each call may target the
caller's own resources or the other account's (ids, ARNs, page tokens). Checked after every call:
* no response to X contains an id, ARN, tag value or the account id of the other account, unless X sent it;
* a call aimed at the other account's resource or page token fails, and leaves that account's state unchanged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import ClientError
from conftest import ACCOUNT, OTHER_ACCOUNT, Server
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ACCOUNTS = {"A": ACCOUNT, "B": OTHER_ACCOUNT}
FLOW = json.dumps({"Version": "2019-10-30", "StartAction": "end", "Actions": [
    {"Identifier": "end", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]})
_ID = re.compile(r"arn:aws:connect:[^\"\s]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass
class World:
    server: Server
    clients: dict[str, Any]
    markers: dict[str, set[str]] = field(default_factory=lambda: {"A": set(), "B": set()})
    # kind -> [(owner, value)]; kinds: instance (id, arn), flow (instance id, flow id, arn), number (id, arn)
    owned: dict[str, list[tuple[str, tuple[str, ...]]]] = field(default_factory=dict)
    tokens: list[tuple[str, str, dict[str, Any], str]] = field(default_factory=list)
    serial: int = 0

    def call(self, actor: str, operation: str, **params: Any) -> dict[str, Any] | None:
        """Call as `actor`; check the answer leaks nothing of the other account. None if the call failed."""
        client = self.clients[actor]
        try:
            result: dict[str, Any] | None = getattr(client, operation)(**params)
            text = json.dumps(result, default=str)
        except ClientError as exc:
            result, text = None, json.dumps(exc.response, default=str)
        sent = json.dumps(params)
        other = "B" if actor == "A" else "A"
        for marker in (*self.markers[other], ACCOUNTS[other]):
            assert marker in sent or marker not in text, f"{operation} by {actor} leaked {marker}: {text}"
        if result is not None:
            self.markers[actor].update(_ID.findall(text))
        return result

    def pick(self, kind: str, index: int) -> tuple[str, tuple[str, ...]] | None:
        pool = self.owned.get(kind, [])
        return pool[index % len(pool)] if pool else None

    def add(self, kind: str, owner: str, *values: str) -> None:
        self.owned.setdefault(kind, []).append((owner, values))

    def snapshot(self, owner: str) -> str:
        """What `owner` can see: instances, their flows and numbers, and the tags on everything known."""
        client = self.clients[owner]
        view: list[Any] = []
        for instance in client.list_instances()["InstanceSummaryList"]:
            view.append(client.describe_instance(InstanceId=instance["Id"])["Instance"])
            view.append(sorted(f["Id"] + f["Name"] for f in
                               client.list_contact_flows(InstanceId=instance["Id"])["ContactFlowSummaryList"]))
            view.append(client.list_phone_numbers_v2(TargetArn=instance["Arn"])["ListPhoneNumbersSummaryList"])
        for kind in ("instance", "flow", "number"):
            for who, values in self.owned.get(kind, []):
                if who == owner:
                    try:
                        view.append(client.list_tags_for_resource(resourceArn=values[-1])["tags"])
                    except ClientError as exc:
                        view.append(exc.response["Error"]["Code"])
        return json.dumps(view, default=str, sort_keys=True)

    def foreign(self, actor: str, owner: str, operation: str, **params: Any) -> None:
        """`actor` aims at `owner`'s resource: if they differ the call must fail and change nothing."""
        if owner == actor:
            self.call(actor, operation, **params)
            return
        before = self.snapshot(owner)
        assert self.call(actor, operation, **params) is None, f"{actor} reached {owner}'s resource via {operation}"
        assert self.snapshot(owner) == before


def create_instance(world: World, actor: str, index: int) -> None:
    world.serial += 1
    created = world.call(actor, "create_instance", IdentityManagementType="CONNECT_MANAGED",
                         InstanceAlias=f"iso-{actor.lower()}-{world.serial}",
                         InboundCallsEnabled=True, OutboundCallsEnabled=True)
    if created:
        world.add("instance", actor, created["Id"], created["Arn"])


def describe_instance(world: World, actor: str, index: int) -> None:
    if target := world.pick("instance", index):
        world.foreign(actor, target[0], "describe_instance", InstanceId=target[1][0])


def delete_instance(world: World, actor: str, index: int) -> None:
    if (target := world.pick("instance", index)) and target[0] != actor:  # own deletes would empty the world
        world.foreign(actor, target[0], "delete_instance", InstanceId=target[1][0])


def list_page(world: World, actor: str, operation: str, **params: Any) -> None:
    page = world.call(actor, operation, MaxResults=1, **params)
    if page and page.get("NextToken"):
        world.tokens.append((actor, operation, params, page["NextToken"]))


def list_instances(world: World, actor: str, index: int) -> None:
    list_page(world, actor, "list_instances")


def list_flows(world: World, actor: str, index: int) -> None:
    if target := world.pick("instance", index):
        if target[0] == actor:
            list_page(world, actor, "list_contact_flows", InstanceId=target[1][0])
        else:
            world.foreign(actor, target[0], "list_contact_flows", InstanceId=target[1][0])


def list_numbers(world: World, actor: str, index: int) -> None:
    if target := world.pick("instance", index):
        if target[0] == actor:
            list_page(world, actor, "list_phone_numbers_v2", TargetArn=target[1][1])
        else:
            world.foreign(actor, target[0], "list_phone_numbers_v2", TargetArn=target[1][1])


def replay_token(world: World, actor: str, index: int) -> None:
    if world.tokens:
        owner, operation, params, token = world.tokens[index % len(world.tokens)]
        world.foreign(actor, owner, operation, NextToken=token, MaxResults=1, **params)


def tag(world: World, actor: str, index: int) -> None:
    kind = ("instance", "flow", "number")[index % 3]
    if target := world.pick(kind, index // 3):
        world.serial += 1
        value = f"tag-{actor.lower()}-{world.serial}"
        if target[0] == actor:
            world.markers[actor].add(value)
        world.foreign(actor, target[0], "tag_resource", resourceArn=target[1][-1], tags={"k": value})


def read_tags(world: World, actor: str, index: int) -> None:
    kind = ("instance", "flow", "number")[index % 3]
    if target := world.pick(kind, index // 3):
        world.foreign(actor, target[0], "list_tags_for_resource", resourceArn=target[1][-1])


def untag(world: World, actor: str, index: int) -> None:
    if target := world.pick("instance", index):
        world.foreign(actor, target[0], "untag_resource", resourceArn=target[1][-1], tagKeys=["k"])


def create_flow(world: World, actor: str, index: int) -> None:
    if target := world.pick("instance", index):
        world.serial += 1
        params = {"InstanceId": target[1][0], "Name": f"flow-{actor.lower()}-{world.serial}",
                  "Type": "CONTACT_FLOW", "Content": FLOW}
        if target[0] != actor:
            world.foreign(actor, target[0], "create_contact_flow", **params)
        elif created := world.call(actor, "create_contact_flow", **params):
            world.add("flow", actor, target[1][0], created["ContactFlowId"], created["ContactFlowArn"])


def describe_flow(world: World, actor: str, index: int) -> None:
    if target := world.pick("flow", index):
        world.foreign(actor, target[0], "describe_contact_flow", InstanceId=target[1][0], ContactFlowId=target[1][1])


def claim_number(world: World, actor: str, index: int) -> None:
    if target := world.pick("instance", index):
        arn = target[1][1]
        if target[0] != actor:
            world.foreign(actor, target[0], "search_available_phone_numbers", TargetArn=arn,
                          PhoneNumberCountryCode="US", PhoneNumberType="DID", MaxResults=1)
            return
        found = world.call(actor, "search_available_phone_numbers", TargetArn=arn,
                           PhoneNumberCountryCode="US", PhoneNumberType="DID", MaxResults=1)
        if found and found["AvailableNumbersList"]:
            claimed = world.call(actor, "claim_phone_number", TargetArn=arn,
                                 PhoneNumber=found["AvailableNumbersList"][0]["PhoneNumber"])
            if claimed:
                world.add("number", actor, claimed["PhoneNumberId"], claimed["PhoneNumberArn"])


def describe_number(world: World, actor: str, index: int) -> None:
    if target := world.pick("number", index):
        world.foreign(actor, target[0], "describe_phone_number", PhoneNumberId=target[1][0])


def release_number(world: World, actor: str, index: int) -> None:
    if (target := world.pick("number", index)) and target[0] != actor:
        world.foreign(actor, target[0], "release_phone_number", PhoneNumberId=target[1][0])


def replicate_and_group(world: World, actor: str, index: int) -> None:
    if target := world.pick("instance", index):
        world.serial += 1
        replicate = {"InstanceId": target[1][0], "ReplicaRegion": "us-west-2",
                     "ReplicaAlias": f"rep-{actor.lower()}-{world.serial}"}
        group = {"Name": f"tdg-{actor.lower()}-{world.serial}", "InstanceId": target[1][1]}
        if target[0] != actor:
            world.foreign(actor, target[0], "replicate_instance", **replicate)
            world.foreign(actor, target[0], "create_traffic_distribution_group", **group)
        else:
            world.call(actor, "replicate_instance", **replicate)
            world.call(actor, "create_traffic_distribution_group", **group)
            list_page(world, actor, "list_traffic_distribution_groups", InstanceId=target[1][1])


ACTIONS: list[Callable[[World, str, int], None]] = [
    create_instance, describe_instance, delete_instance, list_instances, list_flows, list_numbers, replay_token,
    tag, read_tags, untag, create_flow, describe_flow, claim_number, describe_number, release_number,
    replicate_and_group,
]
STEPS = st.lists(st.tuples(st.sampled_from(["A", "B"]), st.sampled_from(ACTIONS), st.integers(0, 1000)),
                 min_size=4, max_size=20)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=STEPS)
def test_accounts_never_see_each_other(shared_server: Server, steps: list[Any]) -> None:
    shared_server.reset()
    world = World(shared_server, {actor: shared_server.client(account=account, validate=False)
                                  for actor, account in ACCOUNTS.items()})
    for actor in ("A", "B"):  # both start with an instance, so cross-account targets exist from step one
        create_instance(world, actor, 0)
    for actor, action, index in steps:
        action(world, actor, index)
