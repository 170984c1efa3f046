"""TDG domain rules that need records no public operation of this family makes (claimed numbers)."""

import pytest
from helpers import ACCOUNT, World
from replication_helpers import REPLICA, SOURCE, new_tdg, replicated

from connect_local.domain import tdgs
from connect_local.domain.records import Record
from connect_local.errors import InvalidRequestException, ResourceInUseException


def claim_number(world, tdg_arn):
    """A claimed number as the phone-number family stores it: parent = its target's ARN."""
    with world.call(SOURCE) as call:
        number_arn = f"arn:aws:connect:{SOURCE}:{ACCOUNT}:phone-number/n-1"
        return call.uow.insert(Record("phone_number", ACCOUNT, SOURCE, "n-1", {"PhoneNumberArn": number_arn},
                                      parent=tdg_arn))


def test_delete_is_refused_while_numbers_are_claimed_to_the_tdg():
    world = World()
    instance_id = replicated(world)
    tdg = new_tdg(world, instance_id)
    number = claim_number(world, tdg["Arn"])
    with pytest.raises(ResourceInUseException) as excinfo, world.call(SOURCE) as call:
        tdgs.delete(call, tdg["Id"])
    assert excinfo.value.members == {"ResourceType": "PHONE_NUMBER", "ResourceId": number.data["PhoneNumberArn"]}
    with world.call(SOURCE) as call:
        call.uow.delete(number)  # released or moved elsewhere
    with world.call(SOURCE) as call:
        tdgs.delete(call, tdg["Id"])
    with world.call(SOURCE) as call:
        assert tdgs.lookup(call, tdg["Id"]) is None


def test_telephony_distribution_follows_applied_updates_only():
    world = World()
    world.configure(delays={"traffic": 5.0})
    instance_id = replicated(world)
    tdg = new_tdg(world, instance_id)
    with world.call(REPLICA) as call:
        record = tdgs.lookup(call, tdg["Arn"])
        assert tdgs.telephony_distribution(record) == {SOURCE: 100, REPLICA: 0}
        tdgs.update_distribution(call, {"Id": tdg["Arn"], "TelephonyConfig": {"Distributions": [
            {"Region": REPLICA, "Percentage": 80}, {"Region": SOURCE, "Percentage": 20}]}})
    with world.call(SOURCE) as call:
        assert tdgs.telephony_distribution(tdgs.lookup(call, tdg["Id"])) == {SOURCE: 100, REPLICA: 0}
    world.clock.advance(5)
    with world.call(SOURCE) as call:
        assert tdgs.telephony_distribution(tdgs.lookup(call, tdg["Id"])) == {SOURCE: 20, REPLICA: 80}


def test_lookup_visibility():
    world = World()
    instance_id = replicated(world)
    tdg = new_tdg(world, instance_id)
    with world.call(SOURCE) as call:
        assert tdgs.lookup(call, tdg["Id"]).id == tdg["Id"]
    with world.call(REPLICA) as call:
        assert tdgs.lookup(call, tdg["Id"]) is None
        assert tdgs.lookup(call, tdg["Arn"]).id == tdg["Id"]
        assert tdgs.lookup(call, tdg["Arn"].replace("traffic-distribution-group", "instance")) is None
    with world.call("eu-west-2") as call:
        assert tdgs.lookup(call, tdg["Arn"]) is None
    with world.call(SOURCE, account="444455556666") as call:
        assert tdgs.lookup(call, tdg["Arn"]) is None


def test_default_tdg_name_does_not_block_a_user_chosen_name():
    world = World()
    instance_id = replicated(world)
    with world.call(SOURCE) as call:
        default = call.uow.find(tdgs.KIND, ACCOUNT, SOURCE, parent=instance_id)[0]
    assert default.data["IsDefault"] and default.data["Status"] == tdgs.ACTIVE
    new_tdg(world, instance_id, default.data["Name"])
    with pytest.raises(InvalidRequestException), world.call(SOURCE) as call:
        tdgs.delete(call, default.id)
