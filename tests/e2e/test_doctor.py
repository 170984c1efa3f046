"""The readiness report over stored state, each finding set up through the AWS API against a live server."""

from __future__ import annotations

import subprocess
import sys

from calls_world import EAST, WEST, claim, doctor, findings, region_flow, replicated_world
from conftest import make_instance


def _reasons(report):
    return {(f["code"], f["region"], f["reason"]) for f in report["findings"]}


def test_a_completed_seed_workflow_is_ready(server, connect):
    replicated_world(connect, "doc-ready")
    report = doctor(server)
    assert (report["ready"], report["errors"], report["findings"]) == (True, 0, [])
    assert report["checked"]["phoneNumbers"] == 1
    assert report["checked"]["trafficDistributionGroups"] == 2  # the default TDG and ours


def test_a_tdg_number_without_flows_drops_calls_now_and_after_failover(server, connect):
    world = replicated_world(connect, "doc-noflow", associate=False)
    report = doctor(server)
    assert not report["ready"]
    assert _reasons(report) == {("TRAFFIC_TO_BROKEN_REGION", EAST, "NO_FLOW"), ("NO_FLOW_IN_REGION", WEST, "NO_FLOW")}
    assert {f["trafficPercentage"] for f in report["findings"]} == {100, 0}
    assert all(f["subject"] == world.e164 and f["severity"] == "error" for f in report["findings"])
    world.east.associate_phone_number_contact_flow(PhoneNumberId=world.number_id, InstanceId=world.instance_id,
                                                   ContactFlowId=world.flow_id)
    assert doctor(server)["ready"]


def test_archived_and_unpublished_flows_are_found_in_both_regions(server, connect):
    world = replicated_world(connect, "doc-flows")
    world.distribute(70, 30)
    world.east.update_traffic_distribution(Id=world.tdg_id, AgentConfig={"Distributions": [
        {"Region": EAST, "Percentage": 70}, {"Region": WEST, "Percentage": 30}]})
    world.east.update_contact_flow_metadata(InstanceId=world.instance_id, ContactFlowId=world.flow_id,
                                            ContactFlowState="ARCHIVED")
    assert _reasons(doctor(server)) == {("TRAFFIC_TO_BROKEN_REGION", EAST, "FLOW_ARCHIVED"),
                                        ("TRAFFIC_TO_BROKEN_REGION", WEST, "FLOW_ARCHIVED")}
    world.distribute(100, 0)
    world.east.update_traffic_distribution(Id=world.tdg_id, AgentConfig={"Distributions": [
        {"Region": EAST, "Percentage": 100}, {"Region": WEST, "Percentage": 0}]})
    assert _reasons(doctor(server)) == {("TRAFFIC_TO_BROKEN_REGION", EAST, "FLOW_ARCHIVED"),
                                        ("FLOW_ARCHIVED", WEST, "FLOW_ARCHIVED")}
    draft = world.east.create_contact_flow(InstanceId=world.instance_id, Name="Draft", Type="CONTACT_FLOW",
                                           Content=region_flow(), Status="SAVED")
    world.east.associate_phone_number_contact_flow(PhoneNumberId=world.number_id, InstanceId=world.instance_id,
                                                   ContactFlowId=draft["ContactFlowId"])
    assert _reasons(doctor(server)) == {("TRAFFIC_TO_BROKEN_REGION", EAST, "FLOW_NOT_PUBLISHED"),
                                        ("FLOW_NOT_PUBLISHED", WEST, "FLOW_NOT_PUBLISHED")}


def test_an_instance_refusing_inbound_calls_is_found(server, connect):
    east = connect(region=EAST)
    instance = east.create_instance(IdentityManagementType="SAML", InstanceAlias="doc-noinbound",
                                    InboundCallsEnabled=False, OutboundCallsEnabled=True)
    east.replicate_instance(InstanceId=instance["Id"], ReplicaRegion=WEST, ReplicaAlias="doc-noinbound-west")
    tdg = east.create_traffic_distribution_group(Name="doc-noinbound-tdg", InstanceId=instance["Id"])
    number = claim(east, tdg["Arn"])
    flow = east.create_contact_flow(InstanceId=instance["Id"], Name="Main", Type="CONTACT_FLOW", Content=region_flow())
    east.associate_phone_number_contact_flow(PhoneNumberId=number["PhoneNumberId"], InstanceId=instance["Id"],
                                             ContactFlowId=flow["ContactFlowId"])
    assert _reasons(doctor(server)) == {("TRAFFIC_TO_BROKEN_REGION", EAST, "INBOUND_CALLS_DISABLED"),
                                        ("INBOUND_CALLS_DISABLED", WEST, "INBOUND_CALLS_DISABLED")}


def test_traffic_sent_to_a_region_marked_down(server, connect):
    world = replicated_world(connect, "doc-down")
    world.distribute(50, 50)
    world.east.update_traffic_distribution(Id=world.tdg_id, AgentConfig={"Distributions": [
        {"Region": EAST, "Percentage": 50}, {"Region": WEST, "Percentage": 50}]})
    server.control("POST", "regions", {"down": [WEST]})
    report = doctor(server)
    assert _reasons(report) == {("TRAFFIC_TO_BROKEN_REGION", WEST, "REGION_DOWN")}
    assert report["checked"]["regionsDown"] == [WEST]
    # The operator's failover: all traffic (and agents) to the surviving Region. Nothing drops any more.
    world.distribute(100, 0)
    world.east.update_traffic_distribution(Id=world.tdg_id, AgentConfig={"Distributions": [
        {"Region": EAST, "Percentage": 100}, {"Region": WEST, "Percentage": 0}]})
    assert doctor(server)["ready"]


def test_agents_that_do_not_follow_telephony(server, connect):
    world = replicated_world(connect, "doc-agents")
    world.distribute(50, 50)  # agents stay 100 / 0
    report = doctor(server)
    assert findings(report) == {("warning", "AGENTS_NOT_FOLLOWING_TELEPHONY", EAST),
                                ("error", "AGENTS_NOT_FOLLOWING_TELEPHONY", WEST)}
    assert not report["ready"]
    world.distribute(50, 50, config="AgentConfig")
    assert doctor(server)["ready"]


def test_numbers_stuck_in_progress_or_failed(spawn):
    server = spawn(delay="0,phone_number=60")
    client = server.client(EAST)
    instance = make_instance(client, "doc-claims")
    claimed = [claim(client, instance["Arn"]) for _ in range(6)]  # the target holds five
    assert findings(doctor(server)) == {("error", "NUMBER_IN_PROGRESS", EAST)}
    assert doctor(server)["errors"] == 6
    server.advance(61)
    report = doctor(server)
    failed = [f for f in report["findings"] if f["code"] == "NUMBER_FAILED"]
    assert len(failed) == 1 and failed[0]["subject"] in {n["PhoneNumber"] for n in claimed}
    # The five that were claimed have no flow yet: the doctor says so too.
    assert {f["code"] for f in report["findings"]} == {"NUMBER_FAILED", "TRAFFIC_TO_BROKEN_REGION"}


def test_a_tdg_that_is_not_active_is_a_warning_while_it_holds_no_numbers(spawn):
    server = spawn(delay="0,tdg=60")
    client = server.client(EAST)
    instance = make_instance(client, "doc-tdg")
    client.replicate_instance(InstanceId=instance["Id"], ReplicaRegion=WEST, ReplicaAlias="doc-tdg-west")
    client.create_traffic_distribution_group(Name="later", InstanceId=instance["Id"])
    report = doctor(server, account="111122223333")
    assert findings(report) == {("warning", "TDG_NOT_ACTIVE", None)}
    assert report["ready"]


def test_the_doctor_command_gates_a_pipeline(server, connect):
    world = replicated_world(connect, "doc-cli", associate=False)
    command = [sys.executable, "-m", "connect_local", "doctor", "--endpoint", server.endpoint,
               "--account", "111122223333"]
    failing = subprocess.run(command, check=False, capture_output=True, text=True, timeout=60)
    assert failing.returncode == 1, failing.stderr
    assert "NO_FLOW_IN_REGION" in failing.stdout and "NOT READY" in failing.stdout
    world.east.associate_phone_number_contact_flow(PhoneNumberId=world.number_id, InstanceId=world.instance_id,
                                                   ContactFlowId=world.flow_id)
    passing = subprocess.run(command, check=False, capture_output=True, text=True, timeout=60)
    assert passing.returncode == 0 and "READY" in passing.stdout
