"""Contact flows in one Region: defaults, CRUD, $SAVED drafts, names, quota, listing."""

import hashlib
import json

import pytest
from flow_helpers import create, describe, flow_content, list_all, make_instance
from helpers import ACCOUNT, World

from connect_local.domain import flows, instances, tags
from connect_local.domain.default_flows import DEFAULT_FLOWS
from connect_local.errors import (
    ContactFlowNotPublishedException,
    DuplicateResourceException,
    InvalidContactFlowException,
    InvalidParameterException,
    InvalidRequestException,
    LimitExceededException,
    ResourceNotFoundException,
)

DEFAULTS = len(DEFAULT_FLOWS)


@pytest.fixture
def world():
    return World()


def test_new_instance_has_default_and_sample_flows_with_resolved_references(world):
    instance_id = make_instance(world)
    summaries = list_all(world, instance_id)["ContactFlowSummaryList"]
    assert {(s["Name"], s["ContactFlowType"]) for s in summaries} == {(t.name, t.flow_type) for t in DEFAULT_FLOWS}
    assert {s["ContactFlowStatus"] for s in summaries} == {"PUBLISHED"}
    arns = {s["Arn"] for s in summaries}
    for summary in summaries:
        content = describe(world, instance_id, summary["Id"])["Content"]
        assert "{{" not in content
        referenced = {a for a in json.dumps(json.loads(content)).split('"') if "/contact-flow/" in a}
        assert referenced <= arns, summary["Name"]


def test_defaults_are_per_instance_with_fresh_ids(world):
    first = make_instance(world, "one")
    second = make_instance(world, "two")
    ids_first = {s["Id"] for s in list_all(world, first)["ContactFlowSummaryList"]}
    ids_second = {s["Id"] for s in list_all(world, second)["ContactFlowSummaryList"]}
    assert len(ids_first) == DEFAULTS and not ids_first & ids_second


def test_created_flow_is_described_with_its_checksum_and_region(world):
    instance_id = make_instance(world)
    created = create(world, instance_id, Description="greets", Tags={"team": "a"})
    flow = describe(world, instance_id, created["ContactFlowId"])
    assert flow["Arn"] == created["ContactFlowArn"] == (
        f"arn:aws:connect:us-east-1:{ACCOUNT}:instance/{instance_id}/contact-flow/{created['ContactFlowId']}")
    assert flow["FlowContentSha256"] == created["FlowContentSha256"] == hashlib.sha256(
        flow_content().encode()).hexdigest()
    assert (flow["Name"], flow["Type"], flow["Status"], flow["State"]) == ("Mine", "CONTACT_FLOW", "PUBLISHED", "ACTIVE")
    assert flow["Description"] == "greets" and flow["Tags"] == {"team": "a"}
    assert flow["Content"] == flow_content() and flow["LastModifiedRegion"] == "us-east-1"
    assert flow["LastModifiedTime"] == world.clock.now()


def test_invalid_published_content_is_refused_with_each_problem(world):
    instance_id = make_instance(world)
    bad = json.dumps({"Version": "2019-10-30", "StartAction": "missing", "Actions": [
        {"Identifier": "a:b", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]})
    with pytest.raises(InvalidContactFlowException) as raised:
        create(world, instance_id, Content=bad)
    problems = raised.value.problems
    assert any("Path: StartAction" in p for p in problems)
    assert any("Path: Actions[0].Identifier" in p for p in problems)
    with pytest.raises(InvalidContactFlowException):
        create(world, instance_id, Content="not json")
    assert len(list_all(world, instance_id)["ContactFlowSummaryList"]) == DEFAULTS


def test_saved_flow_is_stored_unvalidated_and_needs_the_saved_qualifier(world):
    instance_id = make_instance(world)
    created = create(world, instance_id, Content="{draft", Status="SAVED")
    with pytest.raises(ContactFlowNotPublishedException):
        describe(world, instance_id, created["ContactFlowId"])
    saved = describe(world, instance_id, created["ContactFlowId"] + ":$SAVED")
    assert (saved["Content"], saved["Status"]) == ("{draft", "SAVED")
    with pytest.raises(InvalidContactFlowException), world.call() as call:
        flows.update_content(call, {"InstanceId": instance_id, "ContactFlowId": created["ContactFlowId"],
                                    "Content": "{still a draft"})
    with world.call() as call:
        flows.update_content(call, {"InstanceId": instance_id, "ContactFlowId": created["ContactFlowId"],
                                    "Content": flow_content()})
    assert describe(world, instance_id, created["ContactFlowId"])["Status"] == "PUBLISHED"


def test_saved_draft_of_a_published_flow_stays_behind_the_qualifier_until_published(world):
    instance_id = make_instance(world)
    flow_id = create(world, instance_id)["ContactFlowId"]
    with world.call() as call:
        flows.update_content(call, {"InstanceId": instance_id, "ContactFlowId": f"{flow_id}:$SAVED",
                                    "Content": "{work in progress"})
    published = describe(world, instance_id, flow_id)
    assert (published["Content"], published["Status"]) == (flow_content(), "PUBLISHED")
    draft = describe(world, instance_id, f"{flow_id}:$SAVED")
    assert (draft["Content"], draft["Status"]) == ("{work in progress", "SAVED")
    assert draft["FlowContentSha256"] == hashlib.sha256(b"{work in progress").hexdigest()
    with world.call() as call:
        flows.update_content(call, {"InstanceId": instance_id, "ContactFlowId": flow_id,
                                    "Content": flow_content("Changed")})
    assert describe(world, instance_id, f"{flow_id}:$SAVED")["Content"] == flow_content("Changed")


def test_flow_references_by_arn_and_qualifiers(world):
    instance_id = make_instance(world)
    created = create(world, instance_id)
    arn = created["ContactFlowArn"]
    assert describe(world, instance_id, arn)["Id"] == created["ContactFlowId"]
    assert describe(world, instance_id, arn + ":$SAVED")["Id"] == created["ContactFlowId"]
    for foreign in (arn.replace("us-east-1", "us-west-2"), arn.replace(ACCOUNT, "444455556666"),
                    arn.replace(instance_id, "00000000-0000-4000-8000-000000000000"), "no-such-flow"):
        with pytest.raises(ResourceNotFoundException):
            describe(world, instance_id, foreign)
    with pytest.raises(ResourceNotFoundException, match="Version 3"):
        describe(world, instance_id, created["ContactFlowId"] + ":3")
    with pytest.raises(InvalidParameterException, match="qualifier"):
        describe(world, instance_id, created["ContactFlowId"] + ":$LATEST")


def test_names_are_unique_per_instance_and_case_sensitive(world):
    first = make_instance(world, "one")
    second = make_instance(world, "two")
    create(world, first, "Shared")
    with pytest.raises(DuplicateResourceException):
        create(world, first, "Shared")
    with pytest.raises(DuplicateResourceException):
        create(world, first, "Sample AB test")
    create(world, first, "shared")
    create(world, second, "Shared")


def test_quota_counts_default_flows(world):
    world.configure(flows_per_instance=DEFAULTS + 2)
    instance_id = make_instance(world)
    create(world, instance_id, "a")
    create(world, instance_id, "b")
    with pytest.raises(LimitExceededException):
        create(world, instance_id, "c")


def test_flows_need_an_active_instance_in_the_called_region(world):
    world.configure(delays={"instance": 60.0})
    with world.call() as call:
        pending = instances.create(call, {"IdentityManagementType": "SAML", "InstanceAlias": "slow",
                                          "InboundCallsEnabled": True, "OutboundCallsEnabled": True})["Id"]
    with pytest.raises(ResourceNotFoundException):
        create(world, pending)
    world.clock.advance(60)
    create(world, pending)
    with pytest.raises(ResourceNotFoundException):
        create(world, pending, region="us-west-2")


def test_list_filters_by_type_and_pages_without_gaps(world):
    instance_id = make_instance(world)
    for i in range(5):
        create(world, instance_id, f"extra {i}")
    queue_types = {"CUSTOMER_QUEUE", "AGENT_HOLD"}
    seen, token = [], None
    while True:
        params = {"ContactFlowTypes": sorted(queue_types), "MaxResults": 1}
        page = list_all(world, instance_id, **params, **({"NextToken": token} if token else {}))
        assert len(page["ContactFlowSummaryList"]) <= 1
        seen += page["ContactFlowSummaryList"]
        token = page.get("NextToken")
        if not token:
            break
    assert sorted(s["Name"] for s in seen) == sorted(t.name for t in DEFAULT_FLOWS if t.flow_type in queue_types)
    everything, token = [], None
    while True:
        page = list_all(world, instance_id, MaxResults=7, **({"NextToken": token} if token else {}))
        everything += page["ContactFlowSummaryList"]
        token = page.get("NextToken")
        if not token:
            break
    assert len({s["Id"] for s in everything}) == len(everything) == DEFAULTS + 5
    assert len(list_all(world, instance_id)["ContactFlowSummaryList"]) == DEFAULTS + 5  # default page is 100


def test_page_token_is_bound_to_the_filter(world):
    instance_id = make_instance(world)
    token = list_all(world, instance_id, MaxResults=1)["NextToken"]
    with pytest.raises(InvalidParameterException):
        list_all(world, instance_id, MaxResults=1, NextToken=token, ContactFlowTypes=["CONTACT_FLOW"])


def test_rename_and_metadata(world):
    instance_id = make_instance(world)
    flow_id = create(world, instance_id)["ContactFlowId"]
    with world.call() as call:
        with pytest.raises(DuplicateResourceException):
            flows.update_name(call, {"InstanceId": instance_id, "ContactFlowId": flow_id, "Name": "Sample AB test"})
        with pytest.raises(InvalidParameterException):
            flows.update_name(call, {"InstanceId": instance_id, "ContactFlowId": flow_id})
        with pytest.raises(InvalidParameterException):
            flows.update_metadata(call, {"InstanceId": instance_id, "ContactFlowId": flow_id})
    world.clock.advance(5)
    with world.call() as call:
        flows.update_name(call, {"InstanceId": instance_id, "ContactFlowId": flow_id, "Name": "Renamed",
                                 "Description": "new"})
        flows.update_metadata(call, {"InstanceId": instance_id, "ContactFlowId": flow_id,
                                     "ContactFlowState": "ARCHIVED"})
    flow = describe(world, instance_id, flow_id)
    assert (flow["Name"], flow["Description"], flow["State"]) == ("Renamed", "new", "ARCHIVED")
    assert flow["LastModifiedTime"] == world.clock.now()
    create(world, instance_id, "Mine")  # the old name is free again
    listed = {s["Name"]: s["ContactFlowState"] for s in list_all(world, instance_id)["ContactFlowSummaryList"]}
    assert listed["Renamed"] == "ARCHIVED"


def test_delete_custom_flow_but_not_default_flows(world):
    instance_id = make_instance(world)
    flow_id = create(world, instance_id)["ContactFlowId"]
    default_id = next(s["Id"] for s in list_all(world, instance_id)["ContactFlowSummaryList"]
                      if s["Name"] == "Default customer queue")
    with world.call() as call:
        with pytest.raises(InvalidRequestException, match="default flow"):
            flows.delete(call, {"InstanceId": instance_id, "ContactFlowId": default_id})
        with pytest.raises(InvalidParameterException):
            flows.delete(call, {"InstanceId": instance_id, "ContactFlowId": f"{flow_id}:$SAVED"})
        flows.delete(call, {"InstanceId": instance_id, "ContactFlowId": flow_id})
    with pytest.raises(ResourceNotFoundException):
        describe(world, instance_id, flow_id)
    create(world, instance_id)  # the name is free again


def test_flows_are_taggable_by_arn(world):
    instance_id = make_instance(world)
    arn = create(world, instance_id)["ContactFlowArn"]
    with world.call() as call:
        tags.tag(call, arn, {"k": "v"})
        assert tags.list_tags(call, arn) == {"k": "v"}
        with pytest.raises(ResourceNotFoundException):
            tags.list_tags(call, arn.replace(instance_id, "00000000-0000-4000-8000-000000000000"))


def test_deleting_the_instance_removes_its_flows(world):
    instance_id = make_instance(world)
    create(world, instance_id)
    with world.call() as call:
        instances.delete(call, {"InstanceId": instance_id})
        assert call.uow.count(flows.KIND, ACCOUNT) == 0


def test_content_length_is_limited_even_for_drafts(world):
    instance_id = make_instance(world)
    with pytest.raises(InvalidParameterException, match="256000"):
        create(world, instance_id, Content="x" * 256_001, Status="SAVED")
    with pytest.raises(InvalidParameterException):
        create(world, instance_id, Content="", Status="SAVED")
