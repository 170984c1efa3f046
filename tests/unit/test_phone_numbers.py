"""Phone-number domain: claim lifecycle, limits, moves, release cool-down, lookup rules, hooks."""

import pytest
from helpers import ACCOUNT, World
from phone_helpers import OTHER, available, claim, describe, make_instance, make_tdg

from connect_local import config
from connect_local.domain import hooks, instances, phone_numbers, tags, tdgs
from connect_local.errors import (
    IdempotencyException,
    InvalidParameterException,
    ResourceInUseException,
    ResourceNotFoundException,
)


def status(world, id_or_arn, region="us-east-1"):
    return describe(world, id_or_arn, region)["PhoneNumberStatus"]


def call_op(world, op, params, region="us-east-1", account=ACCOUNT):
    with world.call(region, account) as call:
        return getattr(phone_numbers, op)(call, params)


@pytest.fixture
def world():
    return World()


@pytest.fixture
def instance(world):
    return make_instance(world)


def test_claim_is_in_progress_until_the_delay_then_claimed(world, instance):
    world.configure(delays={"phone_number": 10.0})
    [e164] = available(world)
    claimed = claim(world, e164, InstanceId=instance["Id"], PhoneNumberDescription="Front desk",
                    Tags={"team": "a"})
    summary = describe(world, claimed["PhoneNumberId"])
    assert summary["PhoneNumberStatus"] == {"Status": "IN_PROGRESS"}
    assert summary["PhoneNumberArn"] == claimed["PhoneNumberArn"]
    assert summary["PhoneNumberArn"] == f"arn:aws:connect:us-east-1:{ACCOUNT}:phone-number/{claimed['PhoneNumberId']}"
    assert (summary["PhoneNumber"], summary["PhoneNumberCountryCode"], summary["PhoneNumberType"]) == (e164, "US", "DID")
    assert (summary["TargetArn"], summary["InstanceId"]) == (instance["Arn"], instance["Id"])
    assert summary["PhoneNumberDescription"] == "Front desk" and summary["Tags"] == {"team": "a"}
    world.clock.advance(9.9)
    assert status(world, claimed["PhoneNumberId"])["Status"] == "IN_PROGRESS"
    world.clock.advance(0.1)
    assert status(world, claimed["PhoneNumberId"]) == {"Status": "CLAIMED"}


def test_claim_target_rules(world, instance):
    [e164] = available(world)
    with pytest.raises(InvalidParameterException, match="exactly one"):
        claim(world, e164)
    with pytest.raises(InvalidParameterException, match="exactly one"):
        claim(world, e164, InstanceId=instance["Id"], TargetArn=instance["Arn"])
    with pytest.raises(ResourceNotFoundException):
        claim(world, e164, InstanceId="00000000-0000-4000-8000-000000000000")
    with pytest.raises(ResourceNotFoundException):  # another account's instance
        claim(world, e164, TargetArn=instance["Arn"].replace(ACCOUNT, OTHER))
    with pytest.raises(InvalidParameterException, match="us-east-1"):  # the instance lives in another Region
        claim(world, e164, region="us-west-2", TargetArn=instance["Arn"])
    with pytest.raises(InvalidParameterException, match="not an instance or traffic distribution group"):
        claim(world, e164, TargetArn=f"arn:aws:connect:us-east-1:{ACCOUNT}:instance/{instance['Id']}/queue/x")


def test_claim_needs_an_active_instance(world):
    world.configure(delays={"instance": 60.0})
    with world.call() as call:
        pending = instances.create(call, {"IdentityManagementType": "SAML", "InstanceAlias": "slow",
                                          "InboundCallsEnabled": True, "OutboundCallsEnabled": True})
    [e164] = available(world)
    with pytest.raises(ResourceNotFoundException, match="not ACTIVE"):
        claim(world, e164, InstanceId=pending["Id"])


def test_a_number_has_one_holder_across_accounts(world, instance):
    other = make_instance(world, "other", account=OTHER)
    [e164] = available(world)
    claim(world, e164, InstanceId=instance["Id"])
    with pytest.raises(InvalidParameterException, match=rf"^Phone number not available: \{e164}$"):
        claim(world, e164, account=OTHER, InstanceId=other["Id"])
    with pytest.raises(InvalidParameterException, match="not available"):
        claim(world, e164, InstanceId=instance["Id"])


def test_numbers_outside_the_inventory_cannot_be_claimed(world, instance):
    with pytest.raises(InvalidParameterException, match="not in the inventory"):
        claim(world, "+1555", InstanceId=instance["Id"])


def test_target_at_its_limit_makes_the_claim_fail_and_the_number_wait_a_day(world, instance):
    world.configure(numbers_per_target=2)
    numbers = available(world, 3)
    ids = [claim(world, e, InstanceId=instance["Id"])["PhoneNumberId"] for e in numbers]
    assert [status(world, i)["Status"] for i in ids] == ["CLAIMED", "CLAIMED", "FAILED"]
    assert status(world, ids[2])["Message"] == phone_numbers.LIMIT_MESSAGE
    # During the grace day nobody else gets it, and it is not offered.
    other = make_instance(world, "other", account=OTHER)
    with pytest.raises(InvalidParameterException, match="not available"):
        claim(world, numbers[2], account=OTHER, InstanceId=other["Id"])
    with world.call() as call:
        assert phone_numbers.is_taken(call, numbers[2])
    # The same customer may retry once there is room.
    call_op(world, "release", {"PhoneNumberId": ids[0]})
    retried = claim(world, numbers[2], InstanceId=instance["Id"])
    assert status(world, retried["PhoneNumberId"]) == {"Status": "CLAIMED"}


def test_failed_claim_returns_to_the_inventory_after_a_day(world, instance):
    world.configure(numbers_per_target=0)
    [e164] = available(world)
    number_id = claim(world, e164, InstanceId=instance["Id"])["PhoneNumberId"]
    assert status(world, number_id)["Status"] == "FAILED"
    world.clock.advance(phone_numbers.FAILED_CLAIM_GRACE - 1)
    with world.call() as call:
        assert phone_numbers.is_taken(call, e164)
    world.clock.advance(1)
    with pytest.raises(ResourceNotFoundException):
        describe(world, number_id)
    with world.call() as call:
        assert not phone_numbers.is_taken(call, e164)



def test_the_grace_day_counts_from_when_the_claim_failed_not_from_the_next_request(world, instance):
    """Transitions settle as of their due time: a server nobody asked for an hour still keeps the day exact."""
    world.configure(numbers_per_target=0, delays={"phone_number": 5.0})
    [e164] = available(world)
    number_id = claim(world, e164, InstanceId=instance["Id"])["PhoneNumberId"]
    world.clock.advance(3600)  # the claim failed at +5 s; the first request to see it comes an hour later
    assert status(world, number_id)["Status"] == "FAILED"
    world.clock.advance(5 + phone_numbers.FAILED_CLAIM_GRACE - 3600 - 1)
    with world.call() as call:
        assert phone_numbers.is_taken(call, e164)
    world.clock.advance(1)
    with pytest.raises(ResourceNotFoundException):
        describe(world, number_id)

def test_failed_claim_cannot_be_moved(world, instance):
    world.configure(numbers_per_target=0)
    [e164] = available(world)
    number_id = claim(world, e164, InstanceId=instance["Id"])["PhoneNumberId"]
    with pytest.raises(InvalidParameterException, match="FAILED"):
        call_op(world, "update", {"PhoneNumberId": number_id, "InstanceId": instance["Id"]})



def assert_released_and_cooling_down(world, number_id, e164, other):
    """Gone (a repeated release, without a token, finds nothing) and nobody's to claim for the 1000 s cool-down."""
    with pytest.raises(ResourceNotFoundException):
        describe(world, number_id)
    with pytest.raises(ResourceNotFoundException):  # a repeated release (without a token) finds nothing
        call_op(world, "release", {"PhoneNumberId": number_id})
    with pytest.raises(InvalidParameterException, match="not available"):
        claim(world, e164, account=OTHER, InstanceId=other["Id"])
    world.clock.advance(1000)
    assert claim(world, e164, account=OTHER, InstanceId=other["Id"])["PhoneNumberId"]


def test_release_removes_the_number_and_starts_the_cool_down(world, instance):
    world.configure(release_cooldown=1000.0)
    other = make_instance(world, "other", account=OTHER)
    [e164] = available(world)
    number_id = claim(world, e164, InstanceId=instance["Id"])["PhoneNumberId"]
    status(world, number_id)
    call_op(world, "release", {"PhoneNumberId": number_id})
    assert_released_and_cooling_down(world, number_id, e164, other)


def test_release_is_in_progress_for_the_delay_then_the_number_is_gone_and_cooling_down(world, instance):
    world.configure(delays={"phone_number": 5.0}, release_cooldown=1000.0)
    other = make_instance(world, "other", account=OTHER)
    [e164] = available(world)
    claimed = claim(world, e164, InstanceId=instance["Id"])
    number_id = claimed["PhoneNumberId"]
    world.clock.advance(5)
    assert call_op(world, "release", {"PhoneNumberId": number_id}) == {}
    assert status(world, number_id) == {"Status": "IN_PROGRESS"}
    with world.call() as call:  # still held by its target (limit, TDG deletion) and nobody else's to claim
        assert call.uow.count(phone_numbers.KIND, ACCOUNT, "us-east-1", parent=instance["Arn"]) == 1
        assert phone_numbers.is_taken(call, e164)
        assert call.uow.count(phone_numbers.CHURN_KIND, ACCOUNT) == 1  # counted when asked for, as before
    for op, extra in (("update", {"InstanceId": instance["Id"]}), ("update_metadata", {"PhoneNumberDescription": "x"}),
                      ("release", {})):
        with pytest.raises(ResourceInUseException) as caught:
            call_op(world, op, {"PhoneNumberId": number_id, **extra})
        assert caught.value.members == {"ResourceType": "PHONE_NUMBER", "ResourceId": claimed["PhoneNumberArn"]}
    world.clock.advance(4.9)
    assert status(world, number_id)["Status"] == "IN_PROGRESS"
    world.clock.advance(0.1)
    assert_released_and_cooling_down(world, number_id, e164, other)


def test_release_cool_down_counts_from_when_the_release_completed(world, instance):
    # Nothing commits the settled release in between: the first request after the delay may come much later, and
    # a request that fails (DescribePhoneNumber answering 404) rolls its settling back.
    world.configure(delays={"phone_number": 5.0}, release_cooldown=1000.0)
    other = make_instance(world, "other", account=OTHER)
    [e164] = available(world)
    number_id = claim(world, e164, InstanceId=instance["Id"])["PhoneNumberId"]
    world.clock.advance(5)
    call_op(world, "release", {"PhoneNumberId": number_id})
    world.clock.advance(5)
    with pytest.raises(ResourceNotFoundException):
        describe(world, number_id)
    world.clock.advance(999)
    with pytest.raises(InvalidParameterException, match="not available"):
        claim(world, e164, account=OTHER, InstanceId=other["Id"])
    world.clock.advance(1)
    assert claim(world, e164, account=OTHER, InstanceId=other["Id"])["PhoneNumberId"]


def test_release_settling_fires_the_released_hook_once(world, instance, monkeypatch):
    world.configure(delays={"phone_number": 5.0})
    seen = []
    monkeypatch.setitem(hooks._HOOKS, hooks.PHONE_NUMBER_RELEASED, [lambda call, record: seen.append(record.id)])
    [e164] = available(world)
    number_id = claim(world, e164, InstanceId=instance["Id"])["PhoneNumberId"]
    world.clock.advance(5)
    call_op(world, "release", {"PhoneNumberId": number_id})
    status(world, number_id)
    assert seen == []  # associations stay while the release is in progress
    world.clock.advance(5)
    with world.call():
        pass
    assert seen == [number_id]


def test_deleting_the_instance_during_a_release_releases_the_number_once(world, instance):
    world.configure(delays={"phone_number": 5.0})
    [e164] = available(world)
    number_id = claim(world, e164, InstanceId=instance["Id"])["PhoneNumberId"]
    world.clock.advance(5)
    call_op(world, "release", {"PhoneNumberId": number_id})
    with world.call() as call:
        instances.delete(call, {"InstanceId": instance["Id"]})
    world.clock.advance(5)
    with pytest.raises(ResourceNotFoundException):
        describe(world, number_id)
    with world.call() as call:
        assert call.uow.count(phone_numbers.COOLDOWN_KIND, ACCOUNT) == 1


def test_release_with_the_same_token_is_idempotent(world, instance):
    [e164] = available(world)
    number_id = claim(world, e164, InstanceId=instance["Id"])["PhoneNumberId"]
    status(world, number_id)
    call_op(world, "release", {"PhoneNumberId": number_id, "ClientToken": "t-1"})
    assert call_op(world, "release", {"PhoneNumberId": number_id, "ClientToken": "t-1"}) == {}


def test_operations_on_a_number_in_progress_are_refused(world, instance):
    world.configure(delays={"phone_number": 5.0})
    [e164] = available(world)
    claimed = claim(world, e164, InstanceId=instance["Id"])
    for op, extra in (("update", {"InstanceId": instance["Id"]}), ("update_metadata", {"PhoneNumberDescription": "x"}),
                      ("release", {})):
        with pytest.raises(ResourceInUseException) as caught:
            call_op(world, op, {"PhoneNumberId": claimed["PhoneNumberId"], **extra})
        assert caught.value.members == {"ResourceType": "PHONE_NUMBER", "ResourceId": claimed["PhoneNumberArn"]}


def test_client_token_replays_the_claim_and_refuses_other_input(world, instance):
    first, second = available(world, 2)
    params = {"PhoneNumber": first, "InstanceId": instance["Id"], "ClientToken": "5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b"}
    with world.call() as call:
        one = phone_numbers.claim(call, dict(params))
    with world.call() as call:
        assert phone_numbers.claim(call, dict(params)) == one
    with pytest.raises(IdempotencyException), world.call() as call:
        phone_numbers.claim(call, {**params, "PhoneNumber": second})


@pytest.mark.parametrize("token", ["claim-1", "5f0c1a2b3c4d4e5f8a9b0c1d2e3f4a5b", "{5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b}",
                                   "5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5", "5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5bc",
                                   "5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5g", ""])
def test_claim_refuses_a_client_token_that_is_not_a_uuid(world, instance, token):
    [e164] = available(world)
    with pytest.raises(InvalidParameterException, match=r"^ClientToken must be a UUID \(8-4-4-4-12"):
        claim(world, e164, InstanceId=instance["Id"], ClientToken=token)
    with world.call() as call:
        assert not phone_numbers.is_taken(call, e164)


@pytest.mark.parametrize("token", ["5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b", "5F0C1A2B-3C4D-4E5F-8A9B-0C1D2E3F4A5B"])
def test_claim_accepts_a_uuid_client_token_in_either_case(world, instance, token):
    [e164] = available(world)
    first = claim(world, e164, InstanceId=instance["Id"], ClientToken=token)
    assert claim(world, e164, InstanceId=instance["Id"], ClientToken=token) == first


@pytest.mark.parametrize("setting,error", [("InvalidParameterException", InvalidParameterException),
                                           ("ResourceNotFoundException", ResourceNotFoundException)])
def test_the_not_available_error_follows_the_setting(world, instance, setting, error):
    world.configure(number_unavailable_error=setting)
    other = make_instance(world, "other", account=OTHER)
    [e164] = available(world)
    claim(world, e164, InstanceId=instance["Id"])
    with pytest.raises(error, match=rf"^Phone number not available: \{e164}$") as caught:
        claim(world, e164, account=OTHER, InstanceId=other["Id"])
    assert type(caught.value) is error


def test_number_unavailable_setting_comes_from_the_environment():
    assert config.from_environment(env={}).number_unavailable_error == "InvalidParameterException"
    for value, expected in (("400", "InvalidParameterException"), ("404", "ResourceNotFoundException")):
        settings = config.from_environment(env={"CONNECT_LOCAL_NUMBER_UNAVAILABLE": value})
        assert settings.number_unavailable_error == expected
    with pytest.raises(ValueError, match="CONNECT_LOCAL_NUMBER_UNAVAILABLE must be 400 .* or 404"):
        config.from_environment(env={"CONNECT_LOCAL_NUMBER_UNAVAILABLE": "410"})


def test_move_between_instances_fires_the_retarget_hook(world, instance, monkeypatch):
    world.configure(instances_per_region=3)
    second = make_instance(world, "second")
    seen = []
    monkeypatch.setitem(hooks._HOOKS, hooks.PHONE_NUMBER_RETARGETED,
                        [lambda call, record, old, by_service: seen.append((record.id, record.data["TargetArn"], old))])
    [e164] = available(world)
    number_id = claim(world, e164, InstanceId=instance["Id"])["PhoneNumberId"]
    status(world, number_id)
    call_op(world, "update", {"PhoneNumberId": number_id, "TargetArn": second["Arn"]})
    summary = describe(world, number_id)
    assert (summary["TargetArn"], summary["InstanceId"]) == (second["Arn"], second["Id"])
    assert seen == [(number_id, second["Arn"], instance["Arn"])]


def test_failed_move_leaves_the_number_with_its_old_target(world, instance):
    world.configure(numbers_per_target=1)
    second = make_instance(world, "second")
    first_number, second_number = available(world, 2)
    moving = claim(world, first_number, InstanceId=instance["Id"])["PhoneNumberId"]
    claim(world, second_number, InstanceId=second["Id"])
    call_op(world, "update", {"PhoneNumberId": moving, "InstanceId": second["Id"]})
    summary = describe(world, moving)
    assert summary["PhoneNumberStatus"] == {"Status": "FAILED", "Message": phone_numbers.LIMIT_MESSAGE}
    assert summary["TargetArn"] == instance["Arn"]
    # Still held: it can be moved back (a no-op move) and ends CLAIMED.
    call_op(world, "update", {"PhoneNumberId": moving, "InstanceId": instance["Id"]})
    assert status(world, moving) == {"Status": "CLAIMED"}


def test_metadata_update_changes_the_description_when_it_completes(world, instance):
    world.configure(delays={"phone_number": 3.0})
    [e164] = available(world)
    number_id = claim(world, e164, InstanceId=instance["Id"], PhoneNumberDescription="old")["PhoneNumberId"]
    world.clock.advance(3)
    call_op(world, "update_metadata", {"PhoneNumberId": number_id, "PhoneNumberDescription": "new"})
    assert status(world, number_id)["Status"] == "IN_PROGRESS"
    world.clock.advance(3)
    summary = describe(world, number_id)
    assert (summary["PhoneNumberStatus"], summary["PhoneNumberDescription"]) == ({"Status": "CLAIMED"}, "new")
    with pytest.raises(InvalidParameterException, match="PhoneNumberDescription"):
        call_op(world, "update_metadata", {"PhoneNumberId": number_id})


def test_lookup_by_id_or_arn_is_per_region_and_account(world, instance):
    [e164] = available(world)
    claimed = claim(world, e164, InstanceId=instance["Id"])
    assert describe(world, claimed["PhoneNumberArn"])["PhoneNumberId"] == claimed["PhoneNumberId"]
    with world.call("us-west-2") as call:
        assert phone_numbers.lookup(call, claimed["PhoneNumberId"]) is None
        assert phone_numbers.lookup(call, claimed["PhoneNumberArn"]) is None  # not a TDG number
    with world.call(account=OTHER) as call:
        assert phone_numbers.lookup(call, claimed["PhoneNumberId"]) is None
    with world.call(account=OTHER) as call:
        assert phone_numbers.lookup(call, claimed["PhoneNumberArn"].replace(ACCOUNT, OTHER)) is None


def test_tdg_numbers_are_visible_by_arn_from_the_replica_region(world, instance):
    tdg_arn = make_tdg(world, instance)
    [e164] = available(world)
    claimed = claim(world, e164, TargetArn=tdg_arn)
    home = describe(world, claimed["PhoneNumberArn"])
    assert home["TargetArn"] == tdg_arn and "InstanceId" not in home
    assert describe(world, claimed["PhoneNumberArn"], region="us-west-2") == home
    with pytest.raises(ResourceNotFoundException):
        describe(world, claimed["PhoneNumberId"], region="us-west-2")
    with pytest.raises(ResourceNotFoundException):
        describe(world, claimed["PhoneNumberArn"], region="eu-west-2")
    # Home-Region-only operations called from the replica with a visible ARN.
    for op, extra in (("update", {"TargetArn": tdg_arn}), ("release", {}),
                      ("update_metadata", {"PhoneNumberDescription": "x"})):
        with pytest.raises(InvalidParameterException, match="us-east-1"):
            call_op(world, op, {"PhoneNumberId": claimed["PhoneNumberArn"], **extra}, region="us-west-2")


def test_tdg_target_rules_follow_the_seed(world, instance):
    [e164] = available(world)
    number_id = claim(world, e164, InstanceId=instance["Id"])["PhoneNumberId"]
    active = make_tdg(world, instance)
    pending = make_tdg(world, instance, status="CREATION_IN_PROGRESS")
    missing = active.rsplit("/", 1)[0] + "/00000000-0000-4000-8000-000000000000"
    for arn in (pending, missing, active.replace(ACCOUNT, OTHER)):
        with pytest.raises(ResourceNotFoundException):
            call_op(world, "update", {"PhoneNumberId": number_id, "TargetArn": arn})
    # From the TDG's other Region: InvalidParameterException (for a claim as well).
    [another] = available(world, 2)[1:]
    with pytest.raises(InvalidParameterException, match="us-east-1"):
        claim(world, another, region="us-west-2", TargetArn=active)
    call_op(world, "update", {"PhoneNumberId": number_id, "TargetArn": active})
    summary = describe(world, number_id)
    assert (summary["PhoneNumberStatus"], summary["TargetArn"]) == ({"Status": "CLAIMED"}, active)
    assert "InstanceId" not in summary


def test_tdg_limit_fails_the_move_as_the_seed_describes(world, instance):
    world.configure(numbers_per_target=1)
    tdg_arn = make_tdg(world, instance)
    first, second = available(world, 2)
    claim(world, first, TargetArn=tdg_arn)
    number_id = claim(world, second, InstanceId=instance["Id"])["PhoneNumberId"]
    call_op(world, "update", {"PhoneNumberId": number_id, "TargetArn": tdg_arn})
    assert status(world, number_id) == {"Status": "FAILED", "Message": phone_numbers.LIMIT_MESSAGE}


def test_deleting_the_instance_releases_its_numbers_into_cool_down(world, instance):
    [e164] = available(world)
    number_id = claim(world, e164, InstanceId=instance["Id"])["PhoneNumberId"]
    status(world, number_id)
    with world.call() as call:
        instances.delete(call, {"InstanceId": instance["Id"]})
    with pytest.raises(ResourceNotFoundException):
        describe(world, number_id)
    with world.call() as call:
        assert call.uow.find_unique((phone_numbers.COOLDOWN_KIND,), e164) is not None


def test_claim_in_flight_fails_when_its_instance_is_deleted(world, instance):
    world.configure(delays={"phone_number": 5.0})
    [e164] = available(world)
    number_id = claim(world, e164, InstanceId=instance["Id"])["PhoneNumberId"]
    with world.call() as call:
        instances.delete(call, {"InstanceId": instance["Id"]})
    world.clock.advance(5)
    assert status(world, number_id)["Status"] == "FAILED"
    assert "no longer exists" in status(world, number_id)["Message"]


def test_replication_moves_instance_numbers_into_the_default_tdg(world, instance):
    tdg_arn = make_tdg(world, instance)
    default_arn = make_tdg(world, instance)
    in_tdg, on_instance = available(world, 2)
    tdg_number = claim(world, in_tdg, TargetArn=tdg_arn)["PhoneNumberId"]
    moved = claim(world, on_instance, InstanceId=instance["Id"])["PhoneNumberId"]
    with world.call() as call:
        source = call.uow.get(instances.KIND, ACCOUNT, "us-east-1", instance["Id"])
        default = call.uow.get(tdgs.KIND, ACCOUNT, "us-east-1", default_arn.rsplit("/", 1)[1])
        hooks.fire(hooks.INSTANCE_REPLICATED, call, source, default)
    assert describe(world, moved)["TargetArn"] == default_arn
    assert "InstanceId" not in describe(world, moved)
    assert describe(world, tdg_number)["TargetArn"] == tdg_arn


def test_numbers_are_taggable_by_current_arn_only(world, instance):
    [e164] = available(world)
    claimed = claim(world, e164, InstanceId=instance["Id"], Tags={"a": "1"})
    with world.call() as call:
        tags.tag(call, claimed["PhoneNumberArn"], {"b": "2"})
        assert tags.list_tags(call, claimed["PhoneNumberArn"]) == {"a": "1", "b": "2"}
        legacy = f"arn:aws:connect:us-east-1:{ACCOUNT}:instance/{instance['Id']}/phone-number/{claimed['PhoneNumberId']}"
        with pytest.raises(ResourceNotFoundException):
            tags.list_tags(call, legacy)


def test_churn_rule_blocks_claims_after_twice_the_quota_of_releases(world, instance):
    world.configure(churn_limit=True, numbers_per_target=1)
    numbers = available(world, 3)
    for e164 in numbers[:2]:
        number_id = claim(world, e164, InstanceId=instance["Id"])["PhoneNumberId"]
        status(world, number_id)
        call_op(world, "release", {"PhoneNumberId": number_id})
    with pytest.raises(InvalidParameterException, match="limit exceeded"):
        claim(world, numbers[2], InstanceId=instance["Id"])
    world.clock.advance(phone_numbers.CHURN_WINDOW)
    assert claim(world, numbers[2], InstanceId=instance["Id"])["PhoneNumberId"]
