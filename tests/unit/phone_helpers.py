"""Phone-number scaffolding shared by the phone-number tests: instances, TDG records, available and
claimed numbers."""

from helpers import ACCOUNT

from connect_local.domain import instances, numbering, phone_numbers, tdgs
from connect_local.domain.records import Record

OTHER = "444455556666"


def make_instance(world, alias="numbers", region="us-east-1", account=ACCOUNT):
    params = {"IdentityManagementType": "SAML", "InstanceAlias": alias, "InboundCallsEnabled": True,
              "OutboundCallsEnabled": True}
    with world.call(region, account) as call:
        instance_id = instances.create(call, params)["Id"]
    with world.call(region, account) as call:
        return instances.require_active(call, instance_id).data


def make_tdg(world, instance, status=tdgs.ACTIVE, source="us-east-1", replica="us-west-2", account=ACCOUNT):
    """A TDG record in the shape the TDG family stores (see the cross-family contract)."""
    with world.call(source, account) as call:
        tdg_id = call.ids.new()
        arn = f"arn:aws:connect:{source}:{account}:traffic-distribution-group/{tdg_id}"
        call.uow.insert(Record(tdgs.KIND, account, source, tdg_id, {
            "Id": tdg_id, "Arn": arn, "Name": f"tdg-{tdg_id[:8]}", "InstanceArn": instance["Arn"],
            "Status": status, "Tags": {}, "IsDefault": False, "ReplicaRegion": replica}))
    return arn


def available(world, count=1, country="US", number_type="DID", prefix=None, region="us-east-1"):
    with world.call(region) as call:
        found, _ = numbering.search(country, number_type, prefix, start=0,
                                    is_taken=lambda e: phone_numbers.is_taken(call, e), limit=count)
    assert len(found) == count
    return [n.e164 for n in found]


def claim(world, e164, region="us-east-1", account=ACCOUNT, **target):
    with world.call(region, account) as call:
        return phone_numbers.claim(call, {"PhoneNumber": e164, **target})


def describe(world, id_or_arn, region="us-east-1", account=ACCOUNT):
    with world.call(region, account) as call:
        return phone_numbers.describe(call, id_or_arn)["ClaimedPhoneNumberSummary"]
