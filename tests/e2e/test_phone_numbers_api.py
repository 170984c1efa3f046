"""Phone numbers over the wire with boto3: search, claim, describe, list, move, metadata, release, import."""

import threading
import uuid

import phonenumbers
import pytest
from botocore.exceptions import ClientError
from calls_world import region_flow, simulate
from conftest import ACCOUNT, OTHER_ACCOUNT, make_instance, serve_and_exit, wait_for

SOURCE_ARN = f"arn:aws:sms-voice:us-east-1:{ACCOUNT}:phone-number/phone-{'5a' * 16}"


def error_of(raised):
    error = raised.value.response["Error"]
    return error["Code"], raised.value.response["ResponseMetadata"]["HTTPStatusCode"], error["Message"]


@pytest.fixture
def client(connect):
    return connect()


@pytest.fixture
def instance(client):
    return make_instance(client, "numbers-e2e")


def search(client, instance_id, count=1, **extra):
    found = client.search_available_phone_numbers(
        InstanceId=instance_id, PhoneNumberCountryCode=extra.pop("country", "US"),
        PhoneNumberType=extra.pop("kind", "DID"), MaxResults=count, **extra)["AvailableNumbersList"]
    return [n["PhoneNumber"] for n in found]


def test_search_claim_describe_list_release(client, instance):
    [e164] = search(client, instance["Id"], PhoneNumberPrefix="+1206")
    assert e164.startswith("+1206") and phonenumbers.is_valid_number(phonenumbers.parse(e164))
    claimed = client.claim_phone_number(InstanceId=instance["Id"], PhoneNumber=e164,
                                        PhoneNumberDescription="Support line", Tags={"team": "support"})
    summary = client.describe_phone_number(PhoneNumberId=claimed["PhoneNumberId"])["ClaimedPhoneNumberSummary"]
    assert summary["PhoneNumberStatus"] == {"Status": "CLAIMED"}
    assert (summary["PhoneNumber"], summary["PhoneNumberType"], summary["PhoneNumberCountryCode"]) == \
        (e164, "DID", "US")
    assert (summary["TargetArn"], summary["InstanceId"]) == (instance["Arn"], instance["Id"])
    assert summary["PhoneNumberArn"] == claimed["PhoneNumberArn"]
    assert client.list_tags_for_resource(resourceArn=claimed["PhoneNumberArn"])["tags"] == {"team": "support"}
    listed = client.list_phone_numbers_v2(InstanceId=instance["Id"])["ListPhoneNumbersSummaryList"]
    assert [n["PhoneNumberId"] for n in listed] == [claimed["PhoneNumberId"]]
    assert listed[0]["PhoneNumberDescription"] == "Support line"
    v1 = client.list_phone_numbers(InstanceId=instance["Id"])["PhoneNumberSummaryList"]
    assert v1[0]["Arn"].endswith(f"instance/{instance['Id']}/phone-number/{claimed['PhoneNumberId']}")
    assert e164 not in search(client, instance["Id"], 10, PhoneNumberPrefix="+1206")
    client.release_phone_number(PhoneNumberId=claimed["PhoneNumberId"])
    with pytest.raises(ClientError) as raised:
        client.describe_phone_number(PhoneNumberId=claimed["PhoneNumberId"])
    assert error_of(raised)[:2] == ("ResourceNotFoundException", 404)
    assert client.list_phone_numbers_v2(InstanceId=instance["Id"])["ListPhoneNumbersSummaryList"] == []


def test_statuses_follow_the_phone_number_delay(spawn):
    server = spawn(delay="0,phone_number=30")
    client = server.client()
    instance = make_instance(client, "slow-numbers")
    [e164] = search(client, instance["Id"])
    claimed = client.claim_phone_number(InstanceId=instance["Id"], PhoneNumber=e164)
    number_id = claimed["PhoneNumberId"]

    def status():
        return client.describe_phone_number(PhoneNumberId=number_id)["ClaimedPhoneNumberSummary"][
            "PhoneNumberStatus"]["Status"]

    assert status() == "IN_PROGRESS"
    for call in (lambda: client.update_phone_number(PhoneNumberId=number_id, InstanceId=instance["Id"]),
                 lambda: client.update_phone_number_metadata(PhoneNumberId=number_id, PhoneNumberDescription="x"),
                 lambda: client.release_phone_number(PhoneNumberId=number_id)):
        with pytest.raises(ClientError) as raised:
            call()
        assert error_of(raised)[:2] == ("ResourceInUseException", 409)
        assert raised.value.response["ResourceType"] == "PHONE_NUMBER"
        assert raised.value.response["ResourceId"] == claimed["PhoneNumberArn"]
    server.advance(30)
    assert status() == "CLAIMED"
    client.update_phone_number_metadata(PhoneNumberId=number_id, PhoneNumberDescription="Sales")
    assert status() == "IN_PROGRESS"
    server.advance(30)
    summary = client.describe_phone_number(PhoneNumberId=claimed["PhoneNumberArn"])["ClaimedPhoneNumberSummary"]
    assert (summary["PhoneNumberStatus"]["Status"], summary["PhoneNumberDescription"]) == ("CLAIMED", "Sales")


def test_release_is_in_progress_for_the_delay_then_not_found_and_cooling_down(spawn):
    server = spawn(delay="0,phone_number=30")
    client, other = server.client(), server.client(account=OTHER_ACCOUNT)
    instance, theirs = make_instance(client, "releasing"), make_instance(other, "releasing-other")
    [e164] = search(client, instance["Id"])
    claimed = client.claim_phone_number(InstanceId=instance["Id"], PhoneNumber=e164)
    number_id = claimed["PhoneNumberId"]
    server.advance(30)
    flow = client.create_contact_flow(InstanceId=instance["Id"], Name="Inbound", Type="CONTACT_FLOW",
                                      Content=region_flow())
    client.associate_phone_number_contact_flow(PhoneNumberId=number_id, InstanceId=instance["Id"],
                                               ContactFlowId=flow["ContactFlowId"])
    assert simulate(server, e164, seed=1)["routes"][0]["connected"]

    def summary():
        return client.describe_phone_number(PhoneNumberId=number_id)["ClaimedPhoneNumberSummary"]

    assert client.release_phone_number(PhoneNumberId=number_id)["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert summary()["PhoneNumberStatus"] == {"Status": "IN_PROGRESS"}
    # Still held by its instance while the release runs: listed, not offered, nobody else's to claim.
    listed = client.list_phone_numbers_v2(InstanceId=instance["Id"])["ListPhoneNumbersSummaryList"]
    assert [n["PhoneNumberId"] for n in listed] == [number_id]
    assert e164 not in search(other, theirs["Id"], 10)
    with pytest.raises(ClientError) as raised:
        other.claim_phone_number(InstanceId=theirs["Id"], PhoneNumber=e164)
    assert error_of(raised) == ("InvalidParameterException", 400, f"Phone number not available: {e164}")
    for call in (lambda: client.update_phone_number(PhoneNumberId=number_id, InstanceId=instance["Id"]),
                 lambda: client.update_phone_number_metadata(PhoneNumberId=number_id, PhoneNumberDescription="x"),
                 lambda: client.release_phone_number(PhoneNumberId=number_id),
                 lambda: client.release_phone_number(PhoneNumberId=claimed["PhoneNumberArn"])):
        with pytest.raises(ClientError) as raised:
            call()
        assert error_of(raised)[:2] == ("ResourceInUseException", 409)
        assert raised.value.response["ResourceType"] == "PHONE_NUMBER"
        assert raised.value.response["ResourceId"] == claimed["PhoneNumberArn"]
    # AssociatePhoneNumberContactFlow models no ResourceInUseException: a number that is not CLAIMED is a bad one.
    with pytest.raises(ClientError) as raised:
        client.associate_phone_number_contact_flow(PhoneNumberId=number_id, InstanceId=instance["Id"],
                                                   ContactFlowId=flow["ContactFlowId"])
    assert error_of(raised)[:2] == ("InvalidParameterException", 400) and "IN_PROGRESS" in error_of(raised)[2]
    (route,) = simulate(server, e164, seed=1)["routes"]  # callers no longer reach the flow
    assert not route["connected"] and route["failure"]["code"] == "NUMBER_NOT_CLAIMED"
    assert "IN_PROGRESS" in route["failure"]["message"]
    assert summary()["PhoneNumberStatus"] == {"Status": "IN_PROGRESS"}  # nothing above changed it

    server.advance(30)
    with pytest.raises(ClientError) as raised:
        summary()
    assert error_of(raised)[:2] == ("ResourceNotFoundException", 404)
    with pytest.raises(ClientError) as raised:
        client.release_phone_number(PhoneNumberId=number_id)
    assert error_of(raised)[:2] == ("ResourceNotFoundException", 404)
    assert client.list_phone_numbers_v2(InstanceId=instance["Id"])["ListPhoneNumbersSummaryList"] == []
    assert client.list_flow_associations(InstanceId=instance["Id"])["FlowAssociationSummaryList"] == []
    assert simulate(server, e164)["routes"][0]["failure"]["code"] == "NUMBER_UNKNOWN"
    # Cooling down for 180 days from the moment the release completed, for everyone.
    assert e164 not in search(other, theirs["Id"], 10)
    with pytest.raises(ClientError) as raised:
        other.claim_phone_number(InstanceId=theirs["Id"], PhoneNumber=e164)
    assert error_of(raised) == ("InvalidParameterException", 400, f"Phone number not available: {e164}")
    server.advance(180 * 24 * 3600 - 60)  # (a margin for the real time this test takes)
    assert e164 not in search(other, theirs["Id"], 10)
    server.advance(60)
    assert e164 in search(other, theirs["Id"], 10)
    assert other.claim_phone_number(InstanceId=theirs["Id"], PhoneNumber=e164)["PhoneNumberId"]


def test_release_waiter_polls_in_progress_until_not_found(spawn):
    """What Terraform's delete waiter does, on the real clock: IN_PROGRESS, then ResourceNotFoundException."""
    server = spawn(delay="0,phone_number=1")
    client = server.client()
    instance = make_instance(client, "release-waiter")
    [e164] = search(client, instance["Id"])
    number_id = client.claim_phone_number(InstanceId=instance["Id"], PhoneNumber=e164)["PhoneNumberId"]
    wait_for(lambda: client.describe_phone_number(PhoneNumberId=number_id)["ClaimedPhoneNumberSummary"]
             ["PhoneNumberStatus"]["Status"] == "CLAIMED")
    client.release_phone_number(PhoneNumberId=number_id)
    seen = []

    def released():
        try:
            seen.append(client.describe_phone_number(PhoneNumberId=number_id)["ClaimedPhoneNumberSummary"]
                        ["PhoneNumberStatus"]["Status"])
        except ClientError as exc:
            assert exc.response["Error"]["Code"] == "ResourceNotFoundException"
            return True
        return False

    wait_for(released, timeout=10, interval=0.1)
    assert seen and set(seen) == {"IN_PROGRESS"}


def test_target_at_its_limit_ends_failed_with_a_message(client, instance):
    numbers = search(client, instance["Id"], 6)
    ids = [client.claim_phone_number(InstanceId=instance["Id"], PhoneNumber=e)["PhoneNumberId"] for e in numbers]
    statuses = [client.describe_phone_number(PhoneNumberId=i)["ClaimedPhoneNumberSummary"]["PhoneNumberStatus"]
                for i in ids]
    assert [s["Status"] for s in statuses] == ["CLAIMED"] * 5 + ["FAILED"]
    assert "limit" in statuses[5]["Message"]
    assert len(client.list_phone_numbers_v2(InstanceId=instance["Id"])["ListPhoneNumbersSummaryList"]) == 5


def test_move_between_instances(client, instance):
    second = make_instance(client, "numbers-e2e-2")
    [e164] = search(client, instance["Id"])
    number_id = client.claim_phone_number(TargetArn=instance["Arn"], PhoneNumber=e164)["PhoneNumberId"]
    client.update_phone_number(PhoneNumberId=number_id, TargetArn=second["Arn"])
    summary = client.describe_phone_number(PhoneNumberId=number_id)["ClaimedPhoneNumberSummary"]
    assert (summary["PhoneNumberStatus"]["Status"], summary["InstanceId"]) == ("CLAIMED", second["Id"])
    assert client.list_phone_numbers_v2(InstanceId=instance["Id"])["ListPhoneNumbersSummaryList"] == []
    assert len(client.list_phone_numbers_v2(InstanceId=second["Id"])["ListPhoneNumbersSummaryList"]) == 1


def test_paginators_walk_every_number_once(client, instance):
    numbers = search(client, instance["Id"], 5, kind="TOLL_FREE")
    for e164 in numbers:
        client.claim_phone_number(InstanceId=instance["Id"], PhoneNumber=e164)
    pages = client.get_paginator("list_phone_numbers_v2").paginate(
        InstanceId=instance["Id"], PaginationConfig={"PageSize": 2})
    assert [n["PhoneNumber"] for p in pages for n in p["ListPhoneNumbersSummaryList"]] == numbers
    v1 = client.get_paginator("list_phone_numbers").paginate(InstanceId=instance["Id"],
                                                             PaginationConfig={"PageSize": 2})
    assert [n["PhoneNumber"] for p in v1 for n in p["PhoneNumberSummaryList"]] == numbers
    offered = client.get_paginator("search_available_phone_numbers").paginate(
        InstanceId=instance["Id"], PhoneNumberCountryCode="GB", PhoneNumberType="DID",
        PaginationConfig={"PageSize": 10, "MaxItems": 35})
    found = [n["PhoneNumber"] for p in offered for n in p["AvailableNumbersList"]]
    assert len(found) == 35 == len(set(found))


def test_release_cool_down_keeps_the_number_from_everyone(connect, server, instance):
    client = connect()
    other = connect(account=OTHER_ACCOUNT)
    other_instance = make_instance(other, "numbers-other")
    [e164] = search(client, instance["Id"])
    number_id = client.claim_phone_number(InstanceId=instance["Id"], PhoneNumber=e164)["PhoneNumberId"]
    client.describe_phone_number(PhoneNumberId=number_id)
    client.release_phone_number(PhoneNumberId=number_id)
    with pytest.raises(ClientError) as raised:
        other.claim_phone_number(InstanceId=other_instance["Id"], PhoneNumber=e164)
    assert error_of(raised) == ("InvalidParameterException", 400, f"Phone number not available: {e164}")
    server.advance(180 * 24 * 3600)
    assert other.claim_phone_number(InstanceId=other_instance["Id"], PhoneNumber=e164)["PhoneNumberId"]


def test_concurrent_claims_of_one_number_have_exactly_one_winner(server, instance):
    accounts = [f"{900000000000 + n}" for n in range(8)]
    clients = [server.client(account=a) for a in accounts]
    targets = [make_instance(c, f"race-{n}")["Id"] for n, c in enumerate(clients)]
    [e164] = search(server.client(), instance["Id"], PhoneNumberPrefix="+1312")
    barrier = threading.Barrier(len(clients))
    outcomes = [None] * len(clients)

    def race(n):
        barrier.wait()
        try:
            outcomes[n] = ("won", clients[n].claim_phone_number(InstanceId=targets[n], PhoneNumber=e164))
        except ClientError as exc:
            outcomes[n] = ("lost", exc.response["Error"]["Code"], exc.response["Error"]["Message"])

    threads = [threading.Thread(target=race, args=(n,)) for n in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    winners = [n for n, outcome in enumerate(outcomes) if outcome[0] == "won"]
    assert len(winners) == 1
    assert all(o == ("lost", "InvalidParameterException", f"Phone number not available: {e164}")
               for n, o in enumerate(outcomes) if n != winners[0])
    holder = clients[winners[0]].describe_phone_number(PhoneNumberId=outcomes[winners[0]][1]["PhoneNumberId"])
    assert holder["ClaimedPhoneNumberSummary"]["PhoneNumber"] == e164


def test_claim_errors(connect, instance):
    client = connect(validate=False)
    [e164] = search(client, instance["Id"])
    cases = [
        ({"InstanceId": "00000000-0000-4000-8000-000000000000", "PhoneNumber": e164},
         ("ResourceNotFoundException", 404)),
        ({"PhoneNumber": e164}, ("InvalidParameterException", 400)),
        ({"InstanceId": instance["Id"], "TargetArn": instance["Arn"], "PhoneNumber": e164},
         ("InvalidParameterException", 400)),
        ({"InstanceId": instance["Id"], "PhoneNumber": "12065550100"}, ("InvalidParameterException", 400)),
        ({"InstanceId": instance["Id"], "PhoneNumber": "+1555"}, ("InvalidParameterException", 400)),
    ]
    for params, expected in cases:
        with pytest.raises(ClientError) as raised:
            client.claim_phone_number(**params)
        assert error_of(raised)[:2] == expected, params
    with pytest.raises(ClientError) as raised:  # an instance ARN of another Region
        connect(region="us-west-2").claim_phone_number(TargetArn=instance["Arn"], PhoneNumber=e164)
    assert error_of(raised)[:2] == ("InvalidParameterException", 400)


def test_client_token_idempotency(client, instance):
    first, second = search(client, instance["Id"], 2)
    token = str(uuid.uuid4())
    one = client.claim_phone_number(InstanceId=instance["Id"], PhoneNumber=first, ClientToken=token)
    again = client.claim_phone_number(InstanceId=instance["Id"], PhoneNumber=first, ClientToken=token)
    assert (again["PhoneNumberId"], again["PhoneNumberArn"]) == (one["PhoneNumberId"], one["PhoneNumberArn"])
    with pytest.raises(ClientError) as raised:
        client.claim_phone_number(InstanceId=instance["Id"], PhoneNumber=second, ClientToken=token)
    assert error_of(raised)[:2] == ("IdempotencyException", 409)
    client.update_phone_number(PhoneNumberId=one["PhoneNumberId"], InstanceId=instance["Id"], ClientToken="upd-1")
    with pytest.raises(ClientError) as raised:
        client.update_phone_number(PhoneNumberId=one["PhoneNumberId"], TargetArn=instance["Arn"],
                                   ClientToken="upd-1")
    assert error_of(raised)[:2] == ("IdempotencyException", 409)
    client.update_phone_number_metadata(PhoneNumberId=one["PhoneNumberId"], PhoneNumberDescription="a",
                                        ClientToken="meta-1")
    with pytest.raises(ClientError) as raised:
        client.update_phone_number_metadata(PhoneNumberId=one["PhoneNumberId"], PhoneNumberDescription="b",
                                            ClientToken="meta-1")
    assert error_of(raised)[:2] == ("IdempotencyException", 409)
    client.release_phone_number(PhoneNumberId=one["PhoneNumberId"], ClientToken="rel-1")
    client.release_phone_number(PhoneNumberId=one["PhoneNumberId"], ClientToken="rel-1")  # replayed: no error
    with pytest.raises(ClientError) as raised:
        client.release_phone_number(PhoneNumberId=one["PhoneNumberArn"], ClientToken="rel-1")
    assert error_of(raised)[:2] == ("IdempotencyException", 409)
    client.import_phone_number(InstanceId=instance["Id"], SourcePhoneNumberArn=SOURCE_ARN, ClientToken="imp-1")
    with pytest.raises(ClientError) as raised:
        client.import_phone_number(InstanceId=instance["Id"], SourcePhoneNumberArn=SOURCE_ARN,
                                   PhoneNumberDescription="other", ClientToken="imp-1")
    assert error_of(raised)[:2] == ("IdempotencyException", 409)


def test_claim_refuses_a_client_token_that_is_not_a_uuid(connect, instance):
    client = connect(validate=False)
    [e164] = search(client, instance["Id"])
    good = "3f2b8c1e-9d4a-4e6b-8f1c-2a7d5e9b0c4f"
    for token in ("claim-1", good.replace("-", ""), f"{{{good}}}", good[:-1], good + "0", good[:-1] + "g"):
        with pytest.raises(ClientError) as raised:
            client.claim_phone_number(InstanceId=instance["Id"], PhoneNumber=e164, ClientToken=token)
        assert error_of(raised) == ("InvalidParameterException", 400,
                                    "ClientToken must be a UUID (8-4-4-4-12 hexadecimal digits)."), token
    assert search(client, instance["Id"]) == [e164]  # nothing was claimed
    one = client.claim_phone_number(InstanceId=instance["Id"], PhoneNumber=e164, ClientToken=good)
    again = client.claim_phone_number(InstanceId=instance["Id"], PhoneNumber=e164, ClientToken=good)
    assert again["PhoneNumberId"] == one["PhoneNumberId"]
    assert client.describe_phone_number(PhoneNumberId=one["PhoneNumberId"])["ClaimedPhoneNumberSummary"][
        "PhoneNumber"] == e164
    [second] = search(client, instance["Id"])
    upper = client.claim_phone_number(InstanceId=instance["Id"], PhoneNumber=second, ClientToken=good.upper())
    assert upper["PhoneNumberId"] != one["PhoneNumberId"]
    assert len(client.list_phone_numbers_v2(InstanceId=instance["Id"])["ListPhoneNumbersSummaryList"]) == 2


@pytest.mark.parametrize("how", ["flag", "environment"])
def test_number_unavailable_can_answer_the_documented_404(spawn, how):
    server = spawn("--number-unavailable", "404") if how == "flag" else \
        spawn(env={"CONNECT_LOCAL_NUMBER_UNAVAILABLE": "404"})
    client, other = server.client(), server.client(account=OTHER_ACCOUNT)
    mine, theirs = make_instance(client, "unavailable-mine"), make_instance(other, "unavailable-theirs")
    first, second = search(client, mine["Id"], 2)
    client.claim_phone_number(InstanceId=mine["Id"], PhoneNumber=first)
    with pytest.raises(ClientError) as raised:  # claimed by another account
        other.claim_phone_number(InstanceId=theirs["Id"], PhoneNumber=first)
    assert error_of(raised) == ("ResourceNotFoundException", 404, f"Phone number not available: {first}")
    number_id = client.claim_phone_number(InstanceId=mine["Id"], PhoneNumber=second)["PhoneNumberId"]
    client.release_phone_number(PhoneNumberId=number_id)
    with pytest.raises(ClientError) as raised:  # cooling down after release
        other.claim_phone_number(InstanceId=theirs["Id"], PhoneNumber=second)
    assert error_of(raised) == ("ResourceNotFoundException", 404, f"Phone number not available: {second}")
    with pytest.raises(ClientError) as raised:  # not in any inventory: still a bad parameter
        client.claim_phone_number(InstanceId=mine["Id"], PhoneNumber="+1555")
    assert error_of(raised)[:2] == ("InvalidParameterException", 400)


def test_number_unavailable_refuses_other_values():
    flag = serve_and_exit("--number-unavailable", "410")
    assert flag.returncode == 2 and "--number-unavailable" in flag.stderr and "'410'" in flag.stderr
    variable = serve_and_exit(env={"CONNECT_LOCAL_NUMBER_UNAVAILABLE": "not-found"})
    assert variable.returncode == 2
    assert "CONNECT_LOCAL_NUMBER_UNAVAILABLE must be 400" in variable.stderr and "Traceback" not in variable.stderr


def test_not_found_and_bad_parameter_errors(connect, instance):
    client = connect(validate=False)
    missing = "00000000-0000-4000-8000-000000000000"
    for call in (lambda: client.describe_phone_number(PhoneNumberId=missing),
                 lambda: client.update_phone_number(PhoneNumberId=missing, InstanceId=instance["Id"]),
                 lambda: client.update_phone_number_metadata(PhoneNumberId=missing, PhoneNumberDescription="d"),
                 lambda: client.release_phone_number(PhoneNumberId=missing),
                 lambda: client.list_phone_numbers(InstanceId=missing),
                 lambda: client.list_phone_numbers_v2(InstanceId=missing)):
        with pytest.raises(ClientError) as raised:
            call()
        assert error_of(raised)[:2] == ("ResourceNotFoundException", 404)
    for call in (lambda: client.list_phone_numbers_v2(InstanceId=instance["Id"], TargetArn=instance["Arn"]),
                 lambda: client.list_phone_numbers_v2(PhoneNumberPrefix="1206"),
                 lambda: client.search_available_phone_numbers(
                     InstanceId=missing, PhoneNumberCountryCode="US", PhoneNumberType="DID"),
                 lambda: client.search_available_phone_numbers(
                     InstanceId=instance["Id"], PhoneNumberCountryCode="US", PhoneNumberType="DID",
                     PhoneNumberPrefix="1206"),
                 lambda: client.search_available_phone_numbers(
                     InstanceId=instance["Id"], PhoneNumberCountryCode="XX", PhoneNumberType="DID")):
        with pytest.raises(ClientError) as raised:
            call()
        assert error_of(raised)[:2] == ("InvalidParameterException", 400)


def test_metadata_needs_a_description(connect, instance):
    client = connect(validate=False)
    [e164] = search(client, instance["Id"])
    number_id = client.claim_phone_number(InstanceId=instance["Id"], PhoneNumber=e164)["PhoneNumberId"]
    with pytest.raises(ClientError) as raised:
        client.update_phone_number_metadata(PhoneNumberId=number_id)
    assert error_of(raised)[:2] == ("InvalidParameterException", 400)


def test_legacy_arn_is_not_taggable(client, instance):
    [e164] = search(client, instance["Id"])
    client.claim_phone_number(InstanceId=instance["Id"], PhoneNumber=e164)
    [legacy] = client.list_phone_numbers(InstanceId=instance["Id"])["PhoneNumberSummaryList"]
    with pytest.raises(ClientError) as raised:
        client.tag_resource(resourceArn=legacy["Arn"], tags={"a": "b"})
    assert error_of(raised)[:2] == ("ResourceNotFoundException", 404)


def test_import_from_end_user_messaging(client, instance):
    imported = client.import_phone_number(InstanceId=instance["Id"], SourcePhoneNumberArn=SOURCE_ARN,
                                          PhoneNumberDescription="imported", Tags={"src": "eum"})
    summary = client.describe_phone_number(PhoneNumberId=imported["PhoneNumberId"])["ClaimedPhoneNumberSummary"]
    assert summary["SourcePhoneNumberArn"] == SOURCE_ARN
    assert summary["PhoneNumberStatus"]["Status"] == "CLAIMED"
    assert phonenumbers.is_valid_number(phonenumbers.parse(summary["PhoneNumber"]))
    with pytest.raises(ClientError) as raised:
        client.import_phone_number(InstanceId=instance["Id"], SourcePhoneNumberArn=SOURCE_ARN)
    assert error_of(raised)[:2] == ("InvalidParameterException", 400)
    unknown = SOURCE_ARN.replace(ACCOUNT, OTHER_ACCOUNT)
    with pytest.raises(ClientError) as raised:
        client.import_phone_number(InstanceId=instance["Id"], SourcePhoneNumberArn=unknown)
    assert error_of(raised)[:2] == ("ResourceNotFoundException", 404)


def test_deleting_the_instance_releases_its_numbers(client, instance):
    [e164] = search(client, instance["Id"])
    number_id = client.claim_phone_number(InstanceId=instance["Id"], PhoneNumber=e164)["PhoneNumberId"]
    client.describe_phone_number(PhoneNumberId=number_id)
    client.delete_instance(InstanceId=instance["Id"])
    with pytest.raises(ClientError) as raised:
        client.describe_phone_number(PhoneNumberId=number_id)
    assert error_of(raised)[:2] == ("ResourceNotFoundException", 404)
    fresh = make_instance(client, "numbers-e2e-fresh")
    with pytest.raises(ClientError) as raised:  # cooling down
        client.claim_phone_number(InstanceId=fresh["Id"], PhoneNumber=e164)
    assert error_of(raised)[:2] == ("InvalidParameterException", 400)


def test_release_cool_down_is_configurable(spawn):
    server = spawn(env={"CONNECT_LOCAL_RELEASE_COOLDOWN": "0"})
    client, other = server.client(), server.client(account=OTHER_ACCOUNT)
    mine, theirs = make_instance(client, "cool-mine"), make_instance(other, "cool-theirs")
    [e164] = search(client, mine["Id"])
    number_id = client.claim_phone_number(InstanceId=mine["Id"], PhoneNumber=e164)["PhoneNumberId"]
    client.describe_phone_number(PhoneNumberId=number_id)
    client.release_phone_number(PhoneNumberId=number_id)
    assert e164 in search(other, theirs["Id"], 10)
    assert other.claim_phone_number(InstanceId=theirs["Id"], PhoneNumber=e164)["PhoneNumberId"]
