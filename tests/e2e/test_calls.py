"""Simulated inbound calls against a live server, with every piece of state set up through the AWS API."""

from __future__ import annotations

import subprocess
import sys
import urllib.error

import pytest
from calls_world import EAST, EAST_QUEUE, WEST, WEST_QUEUE, claim, region_flow, replicated_world, simulate
from conftest import OTHER_ACCOUNT, make_instance

# Chi-square critical value for 1 degree of freedom at p = 0.001 (two Regions -> 1 dof); NIST/SEMATECH
# e-Handbook of Statistical Methods, table 1.3.6.7.4 "Critical values of the chi-square distribution".
CHI_SQUARE_1DF_P001 = 10.828


def _route(report):
    assert report["calls"] == 1
    (route,) = report["routes"]
    return route


def test_a_call_lands_in_the_region_the_distribution_names_and_the_flow_branches_on_aws_region(server, connect):
    world = replicated_world(connect, "sim-path")
    for east, west, region, queue in ((0, 100, WEST, WEST_QUEUE), (100, 0, EAST, EAST_QUEUE)):
        world.distribute(east, west)
        route = _route(simulate(server, world.e164, seed=1))
        assert route["connected"] and route["region"] == region
        assert route["instanceArn"] == f"arn:aws:connect:{region}:111122223333:instance/{world.instance_id}"
        assert route["flow"]["id"] == world.flow_id and f":{region}:" in route["flow"]["arn"]
        assert [step["type"] for step in route["path"]] == [
            "MessageParticipant", "Compare", "UpdateContactTargetQueue", "TransferContactToQueue"]
        assert route["path"][0]["detail"] == f'says "Welcome to {region}"'
        assert route["path"][1]["branch"] == f"Condition Equals {region}"
        assert (route["outcome"], route["queue"]) == ("queued", queue)


def test_ten_thousand_calls_split_by_the_configured_distribution(server, connect):
    world = replicated_world(connect, "sim-split")
    world.distribute(70, 30)
    report = simulate(server, world.e164, count=10_000, seed=20240607)
    observed = {row["region"]: row["calls"] for row in report["byRegion"]}
    expected = {EAST: 7_000, WEST: 3_000}
    chi_square = sum((observed[r] - expected[r]) ** 2 / expected[r] for r in expected)
    assert chi_square < CHI_SQUARE_1DF_P001, (observed, chi_square)
    assert report["connected"] == 10_000
    assert {r["region"]: r["configuredPercentage"] for r in report["byRegion"]} == {EAST: 70, WEST: 30}
    # The same seed replays the same calls; the queues reached follow the Region.
    assert simulate(server, world.e164, count=10_000, seed=20240607)["byRegion"] == report["byRegion"]
    assert {(r["region"], r["queue"], r["calls"]) for r in report["routes"]} == {
        (EAST, EAST_QUEUE, observed[EAST]), (WEST, WEST_QUEUE, observed[WEST])}


def test_unknown_numbers_fail_including_another_accounts(server, connect):
    world = replicated_world(connect, "sim-unknown")
    for e164, account in (("+12065550199", "111122223333"), (world.e164, OTHER_ACCOUNT)):
        route = _route(simulate(server, e164, account=account))
        assert not route["connected"]
        assert route["failure"]["code"] == "NUMBER_UNKNOWN"
        assert account in route["failure"]["message"]


def test_a_number_whose_claim_is_in_progress_or_failed_is_not_claimed(spawn):
    server = spawn(delay="0,phone_number=60")
    client = server.client(EAST)
    instance = make_instance(client, "sim-claims")
    # Six claims in flight against a target that holds five: the sixth fails when they settle.
    claimed = [claim(client, instance["Arn"]) for _ in range(6)]
    route = _route(simulate(server, claimed[0]["PhoneNumber"]))
    assert route["failure"]["code"] == "NUMBER_NOT_CLAIMED" and "IN_PROGRESS" in route["failure"]["message"]
    server.advance(61)
    statuses = {n["PhoneNumber"]: client.describe_phone_number(PhoneNumberId=n["PhoneNumberId"])
                ["ClaimedPhoneNumberSummary"]["PhoneNumberStatus"]["Status"] for n in claimed}
    (failed,) = [e164 for e164, status in statuses.items() if status == "FAILED"]
    route = _route(simulate(server, failed))
    assert route["failure"]["code"] == "NUMBER_NOT_CLAIMED" and "FAILED" in route["failure"]["message"]


def test_no_flow_associated_in_the_chosen_region(server, connect):
    world = replicated_world(connect, "sim-noflow", associate=False)
    world.distribute(0, 100)
    route = _route(simulate(server, world.e164))
    assert (route["region"], route["failure"]["code"]) == (WEST, "NO_FLOW")


def test_an_archived_flow_drops_calls(server, connect):
    world = replicated_world(connect, "sim-archived")
    world.east.update_contact_flow_metadata(InstanceId=world.instance_id, ContactFlowId=world.flow_id,
                                            ContactFlowState="ARCHIVED")
    route = _route(simulate(server, world.e164))
    assert (route["region"], route["failure"]["code"]) == (EAST, "FLOW_ARCHIVED")


def test_a_saved_but_unpublished_flow_drops_calls(server, connect):
    world = replicated_world(connect, "sim-saved")
    draft = world.east.create_contact_flow(InstanceId=world.instance_id, Name="Draft", Type="CONTACT_FLOW",
                                           Content=region_flow(), Status="SAVED")
    world.east.associate_phone_number_contact_flow(PhoneNumberId=world.number_id, InstanceId=world.instance_id,
                                                   ContactFlowId=draft["ContactFlowId"])
    route = _route(simulate(server, world.e164))
    assert (route["region"], route["failure"]["code"]) == (EAST, "FLOW_NOT_PUBLISHED")


def test_inbound_calls_disabled_on_the_instance(server, connect):
    client = connect(region=EAST)
    instance = client.create_instance(IdentityManagementType="CONNECT_MANAGED", InstanceAlias="sim-noinbound",
                                      InboundCallsEnabled=False, OutboundCallsEnabled=True)
    number = claim(client, instance["Arn"])
    flow = client.create_contact_flow(InstanceId=instance["Id"], Name="Main", Type="CONTACT_FLOW",
                                      Content=region_flow())
    client.associate_phone_number_contact_flow(PhoneNumberId=number["PhoneNumberId"], InstanceId=instance["Id"],
                                               ContactFlowId=flow["ContactFlowId"])
    route = _route(simulate(server, number["PhoneNumber"]))
    assert (route["region"], route["failure"]["code"]) == (EAST, "INBOUND_CALLS_DISABLED")


def test_a_region_marked_down_drops_its_share_until_traffic_is_shifted(server, connect):
    world = replicated_world(connect, "sim-down")
    world.distribute(50, 50)
    report = simulate(server, world.e164, count=200, seed=5, regionsDown=[WEST])
    outcomes = {o["outcome"]: o["calls"] for o in report["byOutcome"]}
    west = {r["region"]: r["calls"] for r in report["byRegion"]}[WEST]
    assert outcomes == {"connected:queued": 200 - west, "REGION_DOWN": west} and west > 0
    # The control-plane switch applies to every simulation until lifted; shifting traffic restores service.
    assert server.control("POST", "regions", {"down": [WEST]}) == {"down": [WEST]}
    assert simulate(server, world.e164, count=200, seed=5)["connected"] == 200 - west
    world.distribute(100, 0)
    assert simulate(server, world.e164, count=200, seed=5)["connected"] == 200
    assert server.control("POST", "regions", {"down": []}) == {"down": []}


def test_regions_marked_down_survive_a_restart(spawn, tmp_path):
    state = str(tmp_path / "state.sqlite3")
    server = spawn(state=state)
    server.control("POST", "regions", {"down": [WEST]})
    server.stop()
    assert spawn(state=state).control("GET", "regions") == {"down": [WEST]}


def test_unknown_flow_blocks_are_reported_not_crashed_on(server, connect):
    content = region_flow().replace('"Type": "MessageParticipant"', '"Type": "FancyFutureBlock"')
    world = replicated_world(connect, "sim-unsupported", content=content)
    route = _route(simulate(server, world.e164))
    assert route["connected"] and route["unsupported"] == ["FancyFutureBlock"]
    assert route["path"][0] == {"flow": "By Region", "identifier": "greet", "type": "FancyFutureBlock",
                                "detail": "not simulated", "branch": "NextAction"}


@pytest.mark.parametrize("document", [{"phoneNumber": "12065550100"}, {"phoneNumber": "+1206", "count": 0},
                                      {"phoneNumber": "+12065550100", "regionsDown": "us-west-2"}])
def test_bad_requests_are_refused_with_400(server, document):
    with pytest.raises(urllib.error.HTTPError) as raised:
        server.control("POST", "calls", document)
    raised.value.close()
    assert raised.value.code == 400


def test_the_call_command_prints_the_split_and_exits_1_when_calls_fail(server, connect):
    world = replicated_world(connect, "sim-cli")
    world.distribute(60, 40)
    command = [sys.executable, "-m", "connect_local", "call", world.e164.replace("+1", "+1 "), "--count", "500",
               "--seed", "9", "--endpoint", server.endpoint, "--account", "111122223333"]
    ok = subprocess.run(command, check=False, capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
    assert "500 calls to" in ok.stdout and "connected:queued" in ok.stdout and "60%" in ok.stdout
    down = subprocess.run([*command, "--region-down", WEST], check=False, capture_output=True, text=True,
                          timeout=60)
    assert down.returncode == 1 and "REGION_DOWN" in down.stdout
    unreachable = subprocess.run([sys.executable, "-m", "connect_local", "call", world.e164, "--endpoint",
                                  "http://127.0.0.1:9"], check=False, capture_output=True, text=True, timeout=60)
    assert unreachable.returncode == 2 and "cannot reach" in unreachable.stderr
