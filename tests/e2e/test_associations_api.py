"""Phone-number-to-flow associations over the wire, in both Regions of a traffic distribution group."""

import pytest
from botocore.exceptions import ClientError
from conftest import make_instance, wait_for

INBOUND = "Sample inbound flow (first contact experience)"
UNKNOWN = "00000000-0000-4000-8000-000000000000"


def code(raised):
    return raised.value.response["Error"]["Code"]


def flow_arn(client, instance_id, name=INBOUND):
    flows = client.list_contact_flows(InstanceId=instance_id)["ContactFlowSummaryList"]
    return next(f["Arn"] for f in flows if f["Name"] == name)


def claim(client, target_arn):
    e164 = client.search_available_phone_numbers(TargetArn=target_arn, PhoneNumberCountryCode="US",
                                                 PhoneNumberType="DID", MaxResults=1)
    claimed = client.claim_phone_number(TargetArn=target_arn, PhoneNumber=e164["AvailableNumbersList"][0]["PhoneNumber"])
    wait_for(lambda: status(client, claimed["PhoneNumberId"]) == "CLAIMED")
    return claimed


def status(client, number):
    return client.describe_phone_number(PhoneNumberId=number)["ClaimedPhoneNumberSummary"]["PhoneNumberStatus"]["Status"]


def associated(client, instance_id):
    listed = client.list_flow_associations(InstanceId=instance_id, ResourceType="VOICE_PHONE_NUMBER")
    return {a["ResourceId"]: a["FlowId"] for a in listed["FlowAssociationSummaryList"]}


@pytest.fixture
def east(connect):
    return connect("us-east-1")


@pytest.fixture
def west(connect):
    return connect("us-west-2")


@pytest.fixture
def tdg_setup(east, west):
    """A replicated instance, an ACTIVE TDG and a number moved into it."""
    instance = make_instance(east, "assoc-e2e")
    east.replicate_instance(InstanceId=instance["Id"], ReplicaRegion="us-west-2", ReplicaAlias="assoc-e2e-replica")
    wait_for(lambda: west.describe_instance(InstanceId=instance["Id"])["Instance"]["InstanceStatus"] == "ACTIVE")
    tdg = east.create_traffic_distribution_group(Name="assoc", InstanceId=instance["Id"])
    wait_for(lambda: east.describe_traffic_distribution_group(TrafficDistributionGroupId=tdg["Id"])
             ["TrafficDistributionGroup"]["Status"] == "ACTIVE")
    number = claim(east, instance["Arn"])
    east.update_phone_number(PhoneNumberId=number["PhoneNumberId"], TargetArn=tdg["Arn"])
    wait_for(lambda: east.describe_phone_number(PhoneNumberId=number["PhoneNumberId"])
             ["ClaimedPhoneNumberSummary"]["TargetArn"] == tdg["Arn"])
    return instance, tdg, number


def test_association_in_the_source_region_is_mirrored_and_the_replica_needs_the_arn(east, west, tdg_setup):
    instance, _, number = tdg_setup
    east.associate_phone_number_contact_flow(PhoneNumberId=number["PhoneNumberId"], InstanceId=instance["Id"],
                                             ContactFlowId=flow_arn(east, instance["Id"]))
    assert associated(east, instance["Id"]) == {number["PhoneNumberArn"]: flow_arn(east, instance["Id"])}
    assert associated(west, instance["Id"]) == {number["PhoneNumberArn"]: flow_arn(west, instance["Id"])}
    for operation in (
        lambda: west.associate_phone_number_contact_flow(PhoneNumberId=number["PhoneNumberId"],
                                                         InstanceId=instance["Id"],
                                                         ContactFlowId=flow_arn(west, instance["Id"])),
        lambda: west.disassociate_phone_number_contact_flow(PhoneNumberId=number["PhoneNumberId"],
                                                            InstanceId=instance["Id"]),
    ):
        with pytest.raises(ClientError) as raised:
            operation()
        assert code(raised) == "ResourceNotFoundException"
    west.disassociate_phone_number_contact_flow(PhoneNumberId=number["PhoneNumberArn"], InstanceId=instance["Id"])
    assert associated(east, instance["Id"]) == associated(west, instance["Id"]) == {}
    with pytest.raises(ClientError) as raised:
        east.disassociate_phone_number_contact_flow(PhoneNumberId=number["PhoneNumberId"], InstanceId=instance["Id"])
    assert code(raised) == "ResourceNotFoundException"


def test_explicit_calls_in_both_regions_and_the_flow_delete_guard(east, west, tdg_setup):
    instance, _, number = tdg_setup
    east.create_contact_flow(InstanceId=instance["Id"], Name="Custom", Type="CONTACT_FLOW",
                             Content=east.describe_contact_flow(InstanceId=instance["Id"], ContactFlowId=flow_arn(
                                 east, instance["Id"]))["ContactFlow"]["Content"])
    east.associate_phone_number_contact_flow(PhoneNumberId=number["PhoneNumberArn"], InstanceId=instance["Id"],
                                             ContactFlowId=flow_arn(east, instance["Id"]))
    custom_west = flow_arn(west, instance["Id"], "Custom")  # mirrored from us-east-1 with the same id
    west.associate_phone_number_contact_flow(PhoneNumberId=number["PhoneNumberArn"], InstanceId=instance["Id"],
                                             ContactFlowId=custom_west)
    assert associated(west, instance["Id"]) == {number["PhoneNumberArn"]: custom_west}
    with pytest.raises(ClientError) as raised:
        east.delete_contact_flow(InstanceId=instance["Id"], ContactFlowId=custom_west.split("/")[-1])
    assert code(raised) == "InvalidRequestException"


def test_refusals(east, west, tdg_setup):
    instance, _, number = tdg_setup
    other = make_instance(east, "assoc-other")
    cases = [
        ({"PhoneNumberId": UNKNOWN, "InstanceId": instance["Id"], "ContactFlowId": flow_arn(east, instance["Id"])},
         "ResourceNotFoundException"),
        ({"PhoneNumberId": number["PhoneNumberId"], "InstanceId": UNKNOWN,
          "ContactFlowId": flow_arn(east, instance["Id"])}, "ResourceNotFoundException"),
        ({"PhoneNumberId": number["PhoneNumberId"], "InstanceId": instance["Id"], "ContactFlowId": UNKNOWN},
         "ResourceNotFoundException"),
        ({"PhoneNumberId": number["PhoneNumberId"], "InstanceId": other["Id"],
          "ContactFlowId": flow_arn(east, other["Id"])}, "InvalidParameterException"),
        ({"PhoneNumberId": number["PhoneNumberId"], "InstanceId": instance["Id"],
          "ContactFlowId": flow_arn(east, instance["Id"], "Default customer queue")}, "InvalidParameterException"),
    ]
    for params, expected in cases:
        with pytest.raises(ClientError) as raised:
            east.associate_phone_number_contact_flow(**params)
        assert code(raised) == expected, params
    assert associated(east, instance["Id"]) == {}


def test_moving_the_number_drops_the_association(east, tdg_setup):
    instance, _, number = tdg_setup
    east.associate_phone_number_contact_flow(PhoneNumberId=number["PhoneNumberId"], InstanceId=instance["Id"],
                                             ContactFlowId=flow_arn(east, instance["Id"]))
    east.update_phone_number(PhoneNumberId=number["PhoneNumberId"], TargetArn=instance["Arn"])
    wait_for(lambda: status(east, number["PhoneNumberId"]) == "CLAIMED")
    assert associated(east, instance["Id"]) == {}


def test_a_number_in_progress_cannot_be_associated(spawn):
    server = spawn(delay="0,phone_number=60")
    east = server.client("us-east-1")
    instance = make_instance(east, "assoc-slow")
    e164 = east.search_available_phone_numbers(TargetArn=instance["Arn"], PhoneNumberCountryCode="US",
                                               PhoneNumberType="DID", MaxResults=1)["AvailableNumbersList"][0]
    number = east.claim_phone_number(TargetArn=instance["Arn"], PhoneNumber=e164["PhoneNumber"])
    with pytest.raises(ClientError) as raised:
        east.associate_phone_number_contact_flow(PhoneNumberId=number["PhoneNumberId"], InstanceId=instance["Id"],
                                                 ContactFlowId=flow_arn(east, instance["Id"]))
    assert code(raised) == "InvalidParameterException"
    server.advance(60)
    east.associate_phone_number_contact_flow(PhoneNumberId=number["PhoneNumberId"], InstanceId=instance["Id"],
                                             ContactFlowId=flow_arn(east, instance["Id"]))
    assert associated(east, instance["Id"]) == {number["PhoneNumberArn"]: flow_arn(east, instance["Id"])}
