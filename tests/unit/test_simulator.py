"""The call simulator's pure parts, over records written in the families' stored form (their contracts)."""

from __future__ import annotations

import json

from helpers import ACCOUNT, World

from connect_local import ids
from connect_local.domain import associations, flows, instances, phone_numbers, tdgs
from connect_local.domain.records import Record
from connect_local.simulator import calls, doctor, report

E164 = "+12065550100"
INSTANCE = "11111111-1111-4111-8111-111111111111"


def _instance(region: str = "us-east-1") -> Record:
    return Record(instances.KIND, ACCOUNT, region, INSTANCE, {
        "Id": INSTANCE, "Arn": ids.instance_arn(region, ACCOUNT, INSTANCE), "InstanceStatus": "ACTIVE",
        "InboundCallsEnabled": True})


def _number(target_arn: str, status: str = "CLAIMED") -> Record:
    arn = ids.phone_number_arn("us-east-1", ACCOUNT, "n1")
    return Record(phone_numbers.KIND, ACCOUNT, "us-east-1", "n1", {
        "PhoneNumberId": "n1", "PhoneNumberArn": arn, "PhoneNumber": E164, "TargetArn": target_arn,
        "PhoneNumberStatus": {"Status": status}}, parent=target_arn, unique=E164)


def _flow(content: str) -> Record:
    return Record(flows.KIND, ACCOUNT, "us-east-1", "f1", {
        "Id": "f1", "Arn": ids.flow_arn("us-east-1", ACCOUNT, INSTANCE, "f1"), "Name": "Split", "Type": "CONTACT_FLOW",
        "State": flows.ACTIVE, "Status": flows.PUBLISHED, "Content": content}, parent=INSTANCE)


def _association() -> Record:
    return Record(associations.KIND, ACCOUNT, "us-east-1", "n1", {
        "PhoneNumberId": "n1", "InstanceId": INSTANCE, "ContactFlowId": "f1"}, parent="n1")


def _split_flow() -> str:
    """DistributeByPercentage: draws 1-30 go to "a", the rest to "b" (the percentage block's own semantics)."""
    end = {"Type": "EndFlowExecution", "Parameters": {}, "Transitions": {}}
    return json.dumps({"Version": "2019-10-30", "StartAction": "split", "Actions": [
        {"Identifier": "split", "Type": "DistributeByPercentage", "Parameters": {}, "Transitions": {
            "NextAction": "b",
            "Conditions": [{"NextAction": "a", "Condition": {"Operator": "NumberLessThan", "Operands": ["31"]}}],
            "Errors": [{"NextAction": "b", "ErrorType": "NoMatchingCondition"}]}},
        {"Identifier": "a", **end}, {"Identifier": "b", **end}]})


def test_the_flow_percentage_draw_is_random_per_call_and_seeded():
    world = World()
    with world.call() as call:
        for record in (_instance(), _number(ids.instance_arn("us-east-1", ACCOUNT, INSTANCE)),
                       _flow(_split_flow()), _association()):
            call.uow.insert(record)
        first = calls.simulate(call, E164, count=2_000, seed=3)
        again = calls.simulate(call, E164, count=2_000, seed=3)
    assert first == again
    last_blocks = {route["path"][-1]["identifier"]: route["calls"] for route in first["routes"]}
    assert set(last_blocks) == {"a", "b"} and sum(last_blocks.values()) == 2_000
    assert 0.25 < last_blocks["a"] / 2_000 < 0.35  # configured 30 %


def test_a_number_on_a_group_that_is_no_longer_active_cannot_be_routed():
    # The AWS API refuses to delete a group that holds numbers, so this state is only reachable in the store.
    world = World()
    tdg_arn = ids.tdg_arn("us-east-1", ACCOUNT, "g1")
    with world.call() as call:
        call.uow.insert(Record(tdgs.KIND, ACCOUNT, "us-east-1", "g1", {
            "Id": "g1", "Arn": tdg_arn, "Name": "g", "Status": tdgs.DELETION_FAILED, "IsDefault": False,
            "InstanceArn": ids.instance_arn("us-east-1", ACCOUNT, INSTANCE), "ReplicaRegion": "us-west-2",
            "TelephonyConfig": {"Distributions": [{"Region": "us-east-1", "Percentage": 100},
                                                  {"Region": "us-west-2", "Percentage": 0}]}}))
        call.uow.insert(_number(tdg_arn))
        result = calls.simulate(call, E164)
        readiness = doctor.examine(call)
    assert result["routes"][0]["failure"]["code"] == "TDG_NOT_ACTIVE"
    assert [(f["code"], f["severity"]) for f in readiness["findings"]] == [("TDG_NOT_ACTIVE", "error")]


def test_tables_align_columns_and_numbers_to_the_right():
    text = report.table(["Region", "Calls"], [["us-east-1", 7], ["us-west-2", 1234]], right=[1])
    assert text.splitlines() == ["Region     Calls", "---------  -----", "us-east-1      7", "us-west-2   1234"]


def test_a_doctor_report_says_ready_or_lists_findings():
    clean = {"account": ACCOUNT, "ready": True, "errors": 0, "warnings": 0, "findings": [],
             "checked": {"phoneNumbers": 1, "trafficDistributionGroups": 1, "regionsDown": []}}
    assert report.doctor_text(clean).endswith("READY: no number would drop calls in any Region.")
    finding = {"severity": "error", "code": "NO_FLOW_IN_REGION", "subject": E164, "region": "us-west-2",
               "trafficPercentage": 0, "message": "failover would drop calls", "resource": "", "reason": "NO_FLOW"}
    broken = {**clean, "ready": False, "errors": 1, "findings": [finding]}
    text = report.doctor_text(broken)
    assert "NO_FLOW_IN_REGION" in text and "us-west-2" in text and text.endswith("NOT READY: 1 error(s), 0 warning(s).")
