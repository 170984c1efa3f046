"""Contact flows over the wire with boto3."""

import json

import pytest
from botocore.exceptions import ClientError
from conftest import make_instance

SAMPLE_INBOUND = "Sample inbound flow (first contact experience)"


def content(message="Hello"):
    return json.dumps({
        "Version": "2019-10-30", "StartAction": "greet",
        "Actions": [
            {"Identifier": "greet", "Type": "MessageParticipant", "Parameters": {"Text": message},
             "Transitions": {"NextAction": "bye"}},
            {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}},
        ],
    })


def error_of(raised):
    return raised.value.response["Error"]["Code"], raised.value.response["ResponseMetadata"]["HTTPStatusCode"]


@pytest.fixture
def client(connect):
    return connect()


@pytest.fixture
def instance_id(client):
    return make_instance(client, "flows-e2e")["Id"]


def test_new_instance_lists_default_and_sample_flows_across_pages(client, instance_id):
    pages = client.get_paginator("list_contact_flows").paginate(InstanceId=instance_id,
                                                                  PaginationConfig={"PageSize": 5})
    summaries = [s for page in pages for s in page["ContactFlowSummaryList"]]
    names = {s["Name"]: s["ContactFlowType"] for s in summaries}
    assert len(summaries) == len(names) == 21
    assert names[SAMPLE_INBOUND] == "CONTACT_FLOW" and names["Default customer queue"] == "CUSTOMER_QUEUE"
    queues = client.list_contact_flows(InstanceId=instance_id, ContactFlowTypes=["CUSTOMER_QUEUE"])
    assert {s["ContactFlowType"] for s in queues["ContactFlowSummaryList"]} == {"CUSTOMER_QUEUE"}


def test_create_describe_and_saved_qualifier_in_the_path(client, instance_id):
    created = client.create_contact_flow(InstanceId=instance_id, Name="Mine", Type="CONTACT_FLOW",
                                         Content=content(), Description="d", Tags={"team": "a"})
    flow = client.describe_contact_flow(InstanceId=instance_id, ContactFlowId=created["ContactFlowId"])["ContactFlow"]
    assert (flow["Arn"], flow["Status"], flow["Content"]) == (created["ContactFlowArn"], "PUBLISHED", content())
    assert flow["FlowContentSha256"] == created["FlowContentSha256"]
    client.update_contact_flow_content(InstanceId=instance_id, ContactFlowId=created["ContactFlowArn"] + ":$SAVED",
                                       Content="{draft")
    draft = client.describe_contact_flow(InstanceId=instance_id,
                                         ContactFlowId=created["ContactFlowArn"] + ":$SAVED")["ContactFlow"]
    assert (draft["Content"], draft["Status"]) == ("{draft", "SAVED")
    published = client.describe_contact_flow(InstanceId=instance_id, ContactFlowId=created["ContactFlowArn"])
    assert published["ContactFlow"]["Content"] == content()
    assert client.list_tags_for_resource(resourceArn=created["ContactFlowArn"])["tags"] == {"team": "a"}


def test_invalid_content_answers_with_the_problems(client, instance_id):
    bad = json.dumps({"Version": "2019-10-30", "StartAction": "nowhere", "Actions": []})
    with pytest.raises(ClientError) as raised:
        client.create_contact_flow(InstanceId=instance_id, Name="Bad", Type="CONTACT_FLOW", Content=bad)
    assert error_of(raised) == ("InvalidContactFlowException", 400)
    problems = raised.value.response["problems"]
    assert problems and all("Path:" in p["message"] for p in problems)
    assert any("StartAction" in p["message"] for p in problems)
    saved = client.create_contact_flow(InstanceId=instance_id, Name="Bad", Type="CONTACT_FLOW", Content=bad,
                                       Status="SAVED")
    with pytest.raises(ClientError) as raised:
        client.describe_contact_flow(InstanceId=instance_id, ContactFlowId=saved["ContactFlowId"])
    assert error_of(raised) == ("ContactFlowNotPublishedException", 404)
    with pytest.raises(ClientError) as raised:
        client.update_contact_flow_content(InstanceId=instance_id, ContactFlowId=saved["ContactFlowId"], Content=bad)
    assert error_of(raised) == ("InvalidContactFlowException", 400)


def test_duplicate_names_and_renames(client, instance_id):
    created = client.create_contact_flow(InstanceId=instance_id, Name="One", Type="CONTACT_FLOW", Content=content())
    for call in (
        lambda: client.create_contact_flow(InstanceId=instance_id, Name="One", Type="CONTACT_FLOW", Content=content()),
        lambda: client.update_contact_flow_name(InstanceId=instance_id, ContactFlowId=created["ContactFlowId"],
                                                Name=SAMPLE_INBOUND),
        lambda: client.update_contact_flow_metadata(InstanceId=instance_id, ContactFlowId=created["ContactFlowId"],
                                                    Name=SAMPLE_INBOUND),
    ):
        with pytest.raises(ClientError) as raised:
            call()
        assert error_of(raised) == ("DuplicateResourceException", 409)
    client.update_contact_flow_metadata(InstanceId=instance_id, ContactFlowId=created["ContactFlowId"],
                                        Name="Two", ContactFlowState="ARCHIVED")
    flow = client.describe_contact_flow(InstanceId=instance_id, ContactFlowId=created["ContactFlowId"])["ContactFlow"]
    assert (flow["Name"], flow["State"]) == ("Two", "ARCHIVED")
    with pytest.raises(ClientError) as raised:
        client.update_contact_flow_name(InstanceId=instance_id, ContactFlowId=created["ContactFlowId"])
    assert error_of(raised) == ("InvalidParameterException", 400)


def test_flow_quota_answers_limit_exceeded(client, instance_id):
    listed = client.list_contact_flows(InstanceId=instance_id, MaxResults=1000)["ContactFlowSummaryList"]
    for i in range(100 - len(listed)):
        client.create_contact_flow(InstanceId=instance_id, Name=f"f{i}", Type="CONTACT_FLOW", Content=content())
    with pytest.raises(ClientError) as raised:
        client.create_contact_flow(InstanceId=instance_id, Name="one too many", Type="CONTACT_FLOW",
                                   Content=content())
    assert error_of(raised) == ("LimitExceededException", 429)


def test_delete(client, instance_id):
    created = client.create_contact_flow(InstanceId=instance_id, Name="Gone", Type="CONTACT_FLOW", Content=content())
    client.delete_contact_flow(InstanceId=instance_id, ContactFlowId=created["ContactFlowArn"])
    with pytest.raises(ClientError) as raised:
        client.describe_contact_flow(InstanceId=instance_id, ContactFlowId=created["ContactFlowId"])
    assert error_of(raised) == ("ResourceNotFoundException", 404)
    default = next(s for s in client.list_contact_flows(InstanceId=instance_id)["ContactFlowSummaryList"]
                   if s["Name"] == "Default agent hold")
    with pytest.raises(ClientError) as raised:
        client.delete_contact_flow(InstanceId=instance_id, ContactFlowId=default["Id"])
    assert error_of(raised) == ("InvalidRequestException", 400)


def test_unknown_instance_and_bad_input(connect, instance_id):
    client = connect(validate=False)
    with pytest.raises(ClientError) as raised:
        client.list_contact_flows(InstanceId="00000000-0000-4000-8000-000000000000")
    assert error_of(raised) == ("ResourceNotFoundException", 404)
    with pytest.raises(ClientError) as raised:
        client.create_contact_flow(InstanceId=instance_id, Name="x", Type="NOT_A_TYPE", Content=content())
    assert error_of(raised) == ("InvalidParameterException", 400)
    with pytest.raises(ClientError) as raised:
        client.describe_contact_flow(InstanceId=instance_id, ContactFlowId="abc:$LATEST")
    assert error_of(raised) == ("InvalidParameterException", 400)
    with pytest.raises(ClientError) as raised:  # an ARN split into the wrong slots: 404, never a 500
        client.describe_contact_flow(InstanceId=instance_id, ContactFlowId="arn:aws:connect:us-east-1:1:instance")
    assert error_of(raised) == ("ResourceNotFoundException", 404)
