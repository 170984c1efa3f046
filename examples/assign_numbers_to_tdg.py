"""The seed workflow, end to end: assign a claimed phone number to a traffic distribution group and associate
flows with it in both Regions (admin guide: assign-phone-numbers-traffic-distribution-groups).

Run a server (`connect-local serve`), then:  python examples/assign_numbers_to_tdg.py [--endpoint-url URL]
Only boto3 is used, exactly as against AWS; point --endpoint-url at AWS to compare.
"""

from __future__ import annotations

import argparse
import time
import uuid
from collections.abc import Callable
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

FLOW_NAME = "Sample inbound flow (first contact experience)"


def wait(what: str, probe: Callable[[], Any], timeout: float) -> Any:
    """Poll until `probe` returns something truthy, as a client of the real service must."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.2)


def step(text: str) -> None:
    print(f"==> {text}", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--endpoint-url", default="http://127.0.0.1:4599")
    parser.add_argument("--account", default="111122223333", help="used as the access key id (connect-local)")
    parser.add_argument("--region", default="us-east-1", help="source Region")
    parser.add_argument("--replica-region", default="us-west-2")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for each transition")
    parser.add_argument("--keep", action="store_true", help="leave the resources in place instead of cleaning up")
    args = parser.parse_args(argv)

    def client(region: str) -> Any:
        return boto3.client("connect", endpoint_url=args.endpoint_url, region_name=region,
                            aws_access_key_id=args.account, aws_secret_access_key="connect-local",
                            config=Config(retries={"max_attempts": 2, "mode": "standard"}))

    source, replica = client(args.region), client(args.replica_region)
    suffix = uuid.uuid4().hex[:8]

    step(f"CreateInstance (SAML) in {args.region}")
    instance = source.create_instance(IdentityManagementType="SAML", InstanceAlias=f"seed-{suffix}",
                                      InboundCallsEnabled=True, OutboundCallsEnabled=True)
    instance_id = instance["Id"]
    wait("the instance to become ACTIVE", lambda: source.describe_instance(InstanceId=instance_id)
         ["Instance"]["InstanceStatus"] == "ACTIVE", args.timeout)
    print(f"    instance {instance_id} is ACTIVE")

    step(f"ReplicateInstance to {args.replica_region}")
    source.replicate_instance(InstanceId=instance_id, ReplicaRegion=args.replica_region,
                              ReplicaAlias=f"seed-{suffix}-replica")
    wait("the replica to become ACTIVE", lambda: _instance_status(replica, instance_id) == "ACTIVE", args.timeout)
    print(f"    replica {instance_id} is ACTIVE in {args.replica_region}")

    step(f"CreateTrafficDistributionGroup in {args.region}")
    tdg = source.create_traffic_distribution_group(Name=f"seed-tdg-{suffix}", InstanceId=instance_id)
    wait("the traffic distribution group to become ACTIVE", lambda: source.describe_traffic_distribution_group(
        TrafficDistributionGroupId=tdg["Id"])["TrafficDistributionGroup"]["Status"] == "ACTIVE", args.timeout)
    print(f"    {tdg['Arn']} is ACTIVE")

    step(f"SearchAvailablePhoneNumbers + ClaimPhoneNumber to the instance in {args.region}")
    instance_arn = instance["Arn"]
    available = source.search_available_phone_numbers(TargetArn=instance_arn, PhoneNumberCountryCode="US",
                                                      PhoneNumberType="DID", MaxResults=1)
    e164 = available["AvailableNumbersList"][0]["PhoneNumber"]
    claimed = source.claim_phone_number(TargetArn=instance_arn, PhoneNumber=e164)
    number_id, number_arn = claimed["PhoneNumberId"], claimed["PhoneNumberArn"]
    _wait_claimed(source, number_id, instance_arn, args.timeout)
    print(f"    {e164} ({number_id}) is CLAIMED to the instance")

    step("UpdatePhoneNumber: move the number to the traffic distribution group")
    source.update_phone_number(PhoneNumberId=number_id, TargetArn=tdg["Arn"])
    _wait_claimed(source, number_id, tdg["Arn"], args.timeout)
    print("    the number is CLAIMED to the traffic distribution group")

    for region, connect, number_ref in ((args.region, source, number_id), (args.replica_region, replica, number_arn)):
        step(f"ListContactFlows + AssociatePhoneNumberContactFlow in {region}")
        flows = connect.list_contact_flows(InstanceId=instance_id, ContactFlowTypes=["CONTACT_FLOW"])
        flow = next(f for f in flows["ContactFlowSummaryList"] if f["Name"] == FLOW_NAME)
        connect.associate_phone_number_contact_flow(PhoneNumberId=number_ref, InstanceId=instance_id,
                                                    ContactFlowId=flow["Arn"])
        print(f"    {e164} -> {flow['Arn']}")

    step(f"In {args.replica_region} the number's UUID is not enough: it needs the full ARN")
    try:
        replica.describe_phone_number(PhoneNumberId=number_id)
        raise SystemExit("expected ResourceNotFoundException for the bare id in the replica Region")
    except ClientError as error:
        print(f"    DescribePhoneNumber({number_id}) -> {error.response['Error']['Code']}")
    seen = replica.describe_phone_number(PhoneNumberId=number_arn)["ClaimedPhoneNumberSummary"]
    print(f"    DescribePhoneNumber(ARN) -> {seen['PhoneNumberStatus']['Status']} on {seen['TargetArn']}")

    for region, connect in ((args.region, source), (args.replica_region, replica)):
        step(f"ListFlowAssociations in {region}")
        listed = connect.list_flow_associations(InstanceId=instance_id, ResourceType="VOICE_PHONE_NUMBER")
        for association in listed["FlowAssociationSummaryList"]:
            print(f"    {association['ResourceId']} -> {association['FlowId']}")

    if not args.keep:
        _clean_up(source, replica, instance_id, number_id, tdg["Id"], args.timeout)
    print("done")


def _clean_up(source: Any, replica: Any, instance_id: str, number_id: str, tdg_id: str, timeout: float) -> None:
    """Release the number (the only way for a TDG number), then the TDG, the replica and the instance."""
    step("Clean up: ReleasePhoneNumber, DeleteTrafficDistributionGroup, DeleteInstance (replica first)")
    source.release_phone_number(PhoneNumberId=number_id)
    # The release is IN_PROGRESS for a while (Terraform's waiter polls until DescribePhoneNumber is a 404); the
    # group cannot be deleted while it still holds the number.
    wait("the number to be released", lambda: _released(source, number_id), timeout)
    source.delete_traffic_distribution_group(TrafficDistributionGroupId=tdg_id)
    wait("the traffic distribution group to be deleted", lambda: not any(
        g["Id"] == tdg_id for g in source.list_traffic_distribution_groups(InstanceId=instance_id)
        ["TrafficDistributionGroupSummaryList"]), timeout)
    replica.delete_instance(InstanceId=instance_id)
    source.delete_instance(InstanceId=instance_id)
    print("    released and deleted")


def _released(connect: Any, number_id: str) -> bool:
    try:
        connect.describe_phone_number(PhoneNumberId=number_id)
    except ClientError as error:
        if error.response["Error"]["Code"] == "ResourceNotFoundException":
            return True
        raise
    return False


def _instance_status(connect: Any, instance_id: str) -> str | None:
    try:
        return str(connect.describe_instance(InstanceId=instance_id)["Instance"]["InstanceStatus"])
    except ClientError as error:
        if error.response["Error"]["Code"] == "ResourceNotFoundException":
            return None
        raise


def _wait_claimed(connect: Any, number_id: str, target_arn: str, timeout: float) -> None:
    def claimed() -> bool:
        summary = connect.describe_phone_number(PhoneNumberId=number_id)["ClaimedPhoneNumberSummary"]
        status = summary["PhoneNumberStatus"]
        if status["Status"] == "FAILED":
            raise SystemExit(f"the phone number operation failed: {status.get('Message')}")
        return bool(status["Status"] == "CLAIMED" and summary["TargetArn"] == target_arn)

    wait(f"the number to be CLAIMED to {target_arn}", claimed, timeout)


if __name__ == "__main__":
    main()
