"""Search over the inventory, ListPhoneNumbers v1 / V2, and ImportPhoneNumber's source registry."""

import phonenumbers
import pytest
from helpers import ACCOUNT, World
from phone_helpers import OTHER, available, claim, describe, make_instance, make_tdg

from connect_local.domain import phone_number_lists, phone_number_search, phone_numbers
from connect_local.domain.records import Record
from connect_local.errors import InvalidParameterException, ResourceNotFoundException


def search(world, region="us-east-1", account=ACCOUNT, **params):
    with world.call(region, account) as call:
        return phone_number_search.search(call, params)


def list_v2(world, region="us-east-1", **params):
    with world.call(region) as call:
        return phone_number_lists.list_v2(call, params)


def list_v1(world, region="us-east-1", **params):
    with world.call(region) as call:
        return phone_number_lists.list_v1(call, params)


def all_pages(fetch, key, **params):
    items, token = [], None
    while True:
        page = fetch(**params, **({"NextToken": token} if token else {}))
        items += page[key]
        token = page.get("NextToken")
        if not token:
            return items


@pytest.fixture
def world():
    return World()


@pytest.fixture
def instance(world):
    return make_instance(world)


@pytest.mark.parametrize("country,number_type,prefix", [
    ("US", "DID", "+1206"), ("US", "TOLL_FREE", "+1833"), ("GB", "DID", "+44"), ("DE", "TOLL_FREE", None),
    ("ZA", "SHARED", None), ("JP", "DID", None),
])
def test_search_offers_valid_numbers_of_the_country_type_and_prefix(world, instance, country, number_type, prefix):
    found = search(world, InstanceId=instance["Id"], PhoneNumberCountryCode=country, PhoneNumberType=number_type,
                   **({"PhoneNumberPrefix": prefix} if prefix else {}))["AvailableNumbersList"]
    assert len(found) == 10
    expected_type = {"DID": {phonenumbers.PhoneNumberType.FIXED_LINE,
                             phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE},
                     "TOLL_FREE": {phonenumbers.PhoneNumberType.TOLL_FREE},
                     "SHARED": {phonenumbers.PhoneNumberType.SHARED_COST}}[number_type]
    for entry in found:
        parsed = phonenumbers.parse(entry["PhoneNumber"])
        assert phonenumbers.is_valid_number(parsed)
        assert phonenumbers.region_code_for_number(parsed) == country
        assert phonenumbers.number_type(parsed) in expected_type
        assert entry["PhoneNumber"].startswith(prefix or "+")
        assert (entry["PhoneNumberCountryCode"], entry["PhoneNumberType"]) == (country, number_type)


def test_search_pages_without_repeats_and_is_deterministic(world, instance):
    params = {"InstanceId": instance["Id"], "PhoneNumberCountryCode": "US", "PhoneNumberType": "TOLL_FREE",
              "MaxResults": 5}
    first = search(world, **params)
    second = search(world, **params, NextToken=first["NextToken"])
    numbers = [n["PhoneNumber"] for n in first["AvailableNumbersList"] + second["AvailableNumbersList"]]
    assert len(set(numbers)) == 10
    assert search(world, **params) == first
    with pytest.raises(InvalidParameterException, match="nextToken"):  # bound to the query
        search(world, **{**params, "PhoneNumberType": "DID"}, NextToken=first["NextToken"])


def test_search_never_offers_numbers_held_by_anyone(world, instance):
    other = make_instance(world, "other", account=OTHER)
    params = {"PhoneNumberCountryCode": "US", "PhoneNumberType": "DID", "PhoneNumberPrefix": "+1206"}
    offered = [n["PhoneNumber"] for n in search(world, InstanceId=instance["Id"], **params)["AvailableNumbersList"]]
    claim(world, offered[0], account=OTHER, InstanceId=other["Id"])
    released = claim(world, offered[1], InstanceId=instance["Id"])["PhoneNumberId"]
    describe(world, released)  # settles the claim
    with world.call() as call:
        phone_numbers.release(call, {"PhoneNumberId": released})
    again = [n["PhoneNumber"] for n in search(world, InstanceId=instance["Id"], **params)["AvailableNumbersList"]]
    assert offered[0] not in again and offered[1] not in again
    assert again[:8] == offered[2:]


def test_search_target_and_prefix_rules(world, instance):
    base = {"PhoneNumberCountryCode": "US", "PhoneNumberType": "DID"}
    with pytest.raises(InvalidParameterException, match="exactly one"):
        search(world, **base)
    with pytest.raises(InvalidParameterException, match="Instance not found"):
        search(world, InstanceId="00000000-0000-4000-8000-000000000000", **base)
    with pytest.raises(InvalidParameterException, match=r"must start with \+"):
        search(world, InstanceId=instance["Id"], PhoneNumberPrefix="1206", **base)
    other_country = search(world, InstanceId=instance["Id"], PhoneNumberPrefix="+44", **base)
    assert other_country["AvailableNumbersList"] == [] and "NextToken" not in other_country
    unsupported = search(world, InstanceId=instance["Id"], PhoneNumberCountryCode="US", PhoneNumberType="SHORT_CODE")
    assert unsupported["AvailableNumbersList"] == []


def test_search_with_a_tdg_works_from_both_regions(world, instance):
    tdg_arn = make_tdg(world, instance)
    params = {"TargetArn": tdg_arn, "PhoneNumberCountryCode": "US", "PhoneNumberType": "DID", "MaxResults": 3}
    assert search(world, **params)["AvailableNumbersList"] == \
        search(world, region="us-west-2", **params)["AvailableNumbersList"]
    with pytest.raises(InvalidParameterException):
        search(world, region="eu-west-2", **params)
    pending = make_tdg(world, instance, status="CREATION_IN_PROGRESS")
    with pytest.raises(InvalidParameterException, match="not ACTIVE"):
        search(world, **{**params, "TargetArn": pending})


def test_list_v2_scopes_and_statuses(world, instance):
    world.configure(numbers_per_target=2, instances_per_region=3)
    second = make_instance(world, "second")
    tdg_arn = make_tdg(world, instance)
    a, b, c, d, e = available(world, 5)
    on_first = [claim(world, n, InstanceId=instance["Id"])["PhoneNumberId"] for n in (a, b)]
    failed = claim(world, c, InstanceId=instance["Id"])["PhoneNumberId"]  # over the limit of 2
    on_second = claim(world, d, InstanceId=second["Id"])["PhoneNumberId"]
    in_tdg = claim(world, e, TargetArn=tdg_arn)["PhoneNumberId"]
    assert describe(world, failed)["PhoneNumberStatus"]["Status"] == "FAILED"

    def ids(**params):
        return [n["PhoneNumberId"] for n in all_pages(lambda **p: list_v2(world, **p), "ListPhoneNumbersSummaryList",
                                                      **params)]

    assert ids(InstanceId=instance["Id"]) == on_first
    assert ids(TargetArn=second["Arn"]) == [on_second]
    assert ids(TargetArn=tdg_arn) == [in_tdg]
    assert ids(region="us-west-2", TargetArn=tdg_arn) == [in_tdg]
    assert ids() == on_first + [on_second, in_tdg]
    assert ids(region="us-west-2") == []
    entry = list_v2(world, TargetArn=tdg_arn)["ListPhoneNumbersSummaryList"][0]
    assert set(entry) == {"PhoneNumberId", "PhoneNumberArn", "PhoneNumber", "PhoneNumberCountryCode",
                          "PhoneNumberType", "TargetArn"}
    with pytest.raises(InvalidParameterException, match="exactly one"):
        list_v2(world, InstanceId=instance["Id"], TargetArn=instance["Arn"])
    with pytest.raises(ResourceNotFoundException):
        list_v2(world, InstanceId="00000000-0000-4000-8000-000000000000")


def test_list_v2_hides_a_claim_until_it_completes(world, instance):
    world.configure(delays={"phone_number": 5.0})
    [e164] = available(world)
    claim(world, e164, InstanceId=instance["Id"])
    assert list_v2(world, InstanceId=instance["Id"])["ListPhoneNumbersSummaryList"] == []
    world.clock.advance(5)
    assert len(list_v2(world, InstanceId=instance["Id"])["ListPhoneNumbersSummaryList"]) == 1


def test_list_v2_filters_and_pages(world, instance):
    world.configure(numbers_per_target=20)
    dids = available(world, 6, prefix="+1206")
    toll_free = available(world, 4, number_type="TOLL_FREE")
    for e164 in dids + toll_free:
        claim(world, e164, InstanceId=instance["Id"])

    def numbers(**params):
        return [n["PhoneNumber"] for n in all_pages(lambda **p: list_v2(world, **p), "ListPhoneNumbersSummaryList",
                                                    InstanceId=instance["Id"], MaxResults=3, **params)]

    assert numbers() == dids + toll_free
    assert numbers(PhoneNumberTypes=["TOLL_FREE"]) == toll_free
    assert numbers(PhoneNumberPrefix="+1206") == dids
    assert numbers(PhoneNumberCountryCodes=["GB"]) == []
    with pytest.raises(InvalidParameterException, match=r"must start with \+"):
        list_v2(world, PhoneNumberPrefix="1206")


def test_filtered_page_examines_a_bounded_number_of_records(world, instance):
    # Many held numbers, the only match at the very end: pages come back short with a token, never a scan.
    total = phone_number_lists.SCAN_BUDGET + 50
    with world.call() as call:
        for n in range(total):
            call.uow.insert(Record(phone_numbers.KIND, ACCOUNT, "us-east-1", f"id-{n}", {
                "PhoneNumberId": f"id-{n}", "PhoneNumber": f"+1206555{n:04d}", "PhoneNumberCountryCode": "US",
                "PhoneNumberType": "TOLL_FREE" if n == total - 1 else "DID"}, parent=instance["Arn"]))
    first = list_v2(world, InstanceId=instance["Id"], PhoneNumberTypes=["TOLL_FREE"])
    assert first["ListPhoneNumbersSummaryList"] == [] and first["NextToken"]
    second = list_v2(world, InstanceId=instance["Id"], PhoneNumberTypes=["TOLL_FREE"], NextToken=first["NextToken"])
    assert [n["PhoneNumberId"] for n in second["ListPhoneNumbersSummaryList"]] == [f"id-{total - 1}"]
    assert "NextToken" not in second


def test_list_v1_uses_legacy_arns_and_relabels_types(world, instance):
    world.configure(numbers_per_target=10)
    [shared] = available(world, country="ZA", number_type="SHARED")
    [uifn] = available(world, number_type="UIFN")
    [did] = available(world)
    ids = {e: claim(world, e, InstanceId=instance["Id"])["PhoneNumberId"] for e in (shared, uifn, did)}
    listed = all_pages(lambda **p: list_v1(world, **p), "PhoneNumberSummaryList", InstanceId=instance["Id"])
    by_number = {n["PhoneNumber"]: n for n in listed}
    assert by_number[shared]["PhoneNumberType"] == "DID"
    assert by_number[uifn]["PhoneNumberType"] == "TOLL_FREE"
    assert by_number[did]["Arn"] == \
        f"arn:aws:connect:us-east-1:{ACCOUNT}:instance/{instance['Id']}/phone-number/{ids[did]}"
    only_toll_free = list_v1(world, InstanceId=instance["Id"], PhoneNumberTypes=["TOLL_FREE"])
    assert [n["PhoneNumber"] for n in only_toll_free["PhoneNumberSummaryList"]] == [uifn]
    with pytest.raises(ResourceNotFoundException):
        list_v1(world, InstanceId="00000000-0000-4000-8000-000000000000")


def source_arn(hex_digits, region="us-east-1", account=ACCOUNT):
    return f"arn:aws:sms-voice:{region}:{account}:phone-number/phone-{hex_digits}"


def import_number(world, instance, arn, region="us-east-1", account=ACCOUNT):
    with world.call(region, account) as call:
        return phone_numbers.import_number(call, {"InstanceId": instance["Id"], "SourcePhoneNumberArn": arn})


def test_import_brings_in_the_number_the_source_arn_names(world, instance):
    arn = source_arn("0" * 31 + "1")  # odd: toll-free
    imported = import_number(world, instance, arn)
    summary = describe(world, imported["PhoneNumberId"])
    assert summary["SourcePhoneNumberArn"] == arn
    assert (summary["PhoneNumberCountryCode"], summary["PhoneNumberType"]) == ("US", "TOLL_FREE")
    assert summary["PhoneNumberStatus"] == {"Status": "CLAIMED"}
    parsed = phonenumbers.parse(summary["PhoneNumber"])
    assert phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.TOLL_FREE
    with pytest.raises(InvalidParameterException, match="already been imported"):
        import_number(world, instance, arn)


def test_import_is_deterministic_per_source_arn(world, instance):
    other_world = World()
    other_instance = make_instance(other_world)
    arn = source_arn("ab" * 16)
    first = describe(world, import_number(world, instance, arn)["PhoneNumberId"])["PhoneNumber"]
    again = describe(other_world, import_number(other_world, other_instance, arn)["PhoneNumberId"])["PhoneNumber"]
    assert first == again
    different = describe(world, import_number(world, instance, source_arn("cd" * 16))["PhoneNumberId"])
    assert different["PhoneNumber"] != first


@pytest.mark.parametrize("arn", [
    source_arn("0" * 32, region="us-west-2"),  # another Region
    source_arn("0" * 32, account=OTHER),  # another account
    "arn:aws:sms-voice:us-east-1:111122223333:pool/pool-" + "0" * 32,  # not a phone number
])
def test_import_of_an_unknown_source_is_not_found(world, instance, arn):
    with pytest.raises(ResourceNotFoundException, match="End User Messaging"):
        import_number(world, instance, arn)


def test_import_needs_an_active_instance_in_the_region(world, instance):
    with pytest.raises(ResourceNotFoundException):
        import_number(world, instance, source_arn("0" * 32), region="us-west-2")
