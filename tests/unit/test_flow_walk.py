"""Walking a flow for the call simulator: which branch a caller takes and where the call ends up."""

from __future__ import annotations

import json
from typing import Any

import pytest

from connect_local.domain.flow_walk import CallContext, walk

EAST_QUEUE = "arn:aws:connect:us-east-1:111122223333:instance/inst/queue/east"
WEST_QUEUE = "arn:aws:connect:us-west-2:111122223333:instance/inst/queue/west"


def _action(
    identifier: str,
    action_type: str,
    parameters: dict[str, Any] | None = None,
    *,
    next_action: str | None = None,
    errors: dict[str, str] | None = None,
    conditions: list[tuple[str, str, str]] | None = None,
) -> dict[str, Any]:
    transitions: dict[str, Any] = {}
    if next_action is not None:
        transitions["NextAction"] = next_action
    if errors:
        transitions["Errors"] = [{"NextAction": t, "ErrorType": e} for e, t in errors.items()]
    if conditions:
        transitions["Conditions"] = [
            {"NextAction": t, "Condition": {"Operator": op, "Operands": [operand]}}
            for op, operand, t in conditions
        ]
    return {
        "Identifier": identifier,
        "Type": action_type,
        "Parameters": parameters or {},
        "Transitions": transitions,
    }


def _flow(*actions: dict[str, Any]) -> str:
    return json.dumps(
        {"Version": "2019-10-30", "StartAction": actions[0]["Identifier"], "Actions": list(actions)}
    )


def _say(identifier: str, text: str, then: str) -> dict[str, Any]:
    return _action(identifier, "MessageParticipant", {"Text": text}, next_action=then)


def _hang_up() -> dict[str, Any]:
    return _action("bye", "DisconnectParticipant")


def _queue_by_region() -> str:
    """Mirrors the advice for replicated instances: branch on $.AwsRegion instead of hard-coding a Region."""
    return _flow(
        _action(
            "region",
            "Compare",
            {"ComparisonValue": "$.AwsRegion"},
            conditions=[("Equals", "us-east-1", "east"), ("Equals", "us-west-2", "west")],
            errors={"NoMatchingCondition": "bye"},
        ),
        _action("east", "UpdateContactTargetQueue", {"QueueId": EAST_QUEUE}, next_action="transfer"),
        _action("west", "UpdateContactTargetQueue", {"QueueId": WEST_QUEUE}, next_action="transfer"),
        _action("transfer", "TransferContactToQueue", errors={"NoMatchingError": "bye"}),
        _hang_up(),
    )


@pytest.mark.parametrize(("region", "queue"), [("us-east-1", EAST_QUEUE), ("us-west-2", WEST_QUEUE)])
def test_compare_on_aws_region_sends_each_region_to_its_own_queue(region: str, queue: str) -> None:
    result = walk(_queue_by_region(), CallContext(region=region))
    assert result.outcome == "queued"
    assert result.queue == queue
    assert result.steps[0].branch == f"Condition Equals {region}"


def test_compare_with_no_matching_condition_takes_the_no_matching_condition_branch() -> None:
    result = walk(_queue_by_region(), CallContext(region="eu-west-2"))
    assert result.outcome == "disconnected"
    assert result.steps[0].branch == "Error NoMatchingCondition"
    assert result.queue is None


@pytest.mark.parametrize(
    ("operator", "operand", "matches"),
    [
        ("TextStartsWith", "+1206", True),
        ("TextEndsWith", "0100", True),
        ("TextContains", "555", True),
        ("Equals", "+12065550100", True),
        ("Equals", "+12065550101", False),
        ("NumberGreaterThan", "20000000000", False),
    ],
)
def test_compare_reads_system_attributes_from_the_call(operator: str, operand: str, matches: bool) -> None:
    content = _flow(
        _action(
            "caller",
            "Compare",
            {"ComparisonValue": "$.CustomerEndpoint.Address"},
            conditions=[(operator, operand, "match")],
            errors={"NoMatchingCondition": "bye"},
        ),
        _say("match", "Hello Seattle", "bye"),
        _hang_up(),
    )
    result = walk(
        content, CallContext(region="us-east-1", system={"CustomerEndpoint.Address": "+12065550100"})
    )
    assert (result.steps[1].identifier == "match") is matches


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3", "few"), ("10", "some"), ("11", "many"), ("abc", "unknown")],
)
def test_number_conditions_are_evaluated_in_order(value: str, expected: str) -> None:
    content = _flow(
        _action("set", "UpdateContactAttributes", {"Attributes": {"Count": value}}, next_action="cmp"),
        _action(
            "cmp",
            "Compare",
            {"ComparisonValue": "$.Attributes.Count"},
            conditions=[
                ("NumberLessThan", "5", "few"),
                ("NumberLessOrEqualTo", "10", "some"),
                ("NumberGreaterOrEqualTo", "11", "many"),
            ],
            errors={"NoMatchingCondition": "unknown"},
        ),
        _say("few", "few", "bye"),
        _say("some", "some", "bye"),
        _say("many", "many", "bye"),
        _say("unknown", "unknown", "bye"),
        _hang_up(),
    )
    result = walk(content, CallContext(region="us-east-1"))
    assert result.steps[2].identifier == expected
    assert result.attributes == {"Count": value}


def test_contact_attributes_can_copy_system_values_for_a_later_compare() -> None:
    content = _flow(
        _action(
            "copy", "UpdateContactAttributes", {"Attributes": {"Home": "$.AwsRegion"}}, next_action="cmp"
        ),
        _action(
            "cmp",
            "Compare",
            {"ComparisonValue": "$.Attributes.Home"},
            conditions=[("Equals", "us-west-2", "west")],
            errors={"NoMatchingCondition": "bye"},
        ),
        _say("west", "West coast", "bye"),
        _hang_up(),
    )
    assert [s.identifier for s in walk(content, CallContext(region="us-west-2")).steps] == [
        "copy",
        "cmp",
        "west",
        "bye",
    ]


def _hours_flow() -> str:
    return _flow(
        _action(
            "hours",
            "CheckHoursOfOperation",
            conditions=[("Equals", "True", "open"), ("Equals", "False", "closed")],
            errors={"NoMatchingError": "bye"},
        ),
        _action("open", "UpdateContactTargetQueue", {"QueueId": EAST_QUEUE}, next_action="transfer"),
        _action("transfer", "TransferContactToQueue", errors={"NoMatchingError": "bye"}),
        _say("closed", "We are closed.", "bye"),
        _hang_up(),
    )


def test_open_hours_lead_to_the_queue() -> None:
    result = walk(_hours_flow(), CallContext(region="us-east-1", hours_open=True))
    assert (result.outcome, result.queue) == ("queued", EAST_QUEUE)
    assert result.steps[0].branch == "Condition Equals True"


def test_closed_hours_play_the_closed_message_and_hang_up() -> None:
    result = walk(_hours_flow(), CallContext(region="us-east-1", hours_open=False))
    assert result.outcome == "disconnected"
    assert result.steps[1].detail == 'says "We are closed."'


def _lambda_flow() -> str:
    return _flow(
        _action(
            "lookup",
            "InvokeLambdaFunction",
            {"LambdaFunctionARN": "arn:aws:lambda:us-east-1:111122223333:function:lookup"},
            next_action="ok",
            errors={"NoMatchingError": "sorry"},
        ),
        _say("ok", "Found you.", "bye"),
        _say("sorry", "Lookup failed.", "bye"),
        _hang_up(),
    )


def test_lambda_success_takes_next_action() -> None:
    result = walk(_lambda_flow(), CallContext(region="us-east-1", lambda_succeeds=True))
    assert [s.branch for s in result.steps[:1]] == ["NextAction"]
    assert result.steps[1].identifier == "ok"


def test_lambda_failure_takes_the_error_branch() -> None:
    result = walk(_lambda_flow(), CallContext(region="us-east-1", lambda_succeeds=False))
    assert result.steps[0].branch == "Error NoMatchingError"
    assert result.steps[1].identifier == "sorry"


def test_an_endless_loop_stops_at_max_steps() -> None:
    content = _flow(_say("a", "ping", "b"), _say("b", "pong", "a"))
    result = walk(content, CallContext(region="us-east-1", max_steps=7))
    assert result.outcome == "loop"
    assert len(result.steps) == 7


def test_loop_block_repeats_its_count_then_finishes() -> None:
    content = _flow(
        _action(
            "loop",
            "Loop",
            {"LoopCount": "2"},
            conditions=[("Equals", "ContinueLooping", "again"), ("Equals", "DoneLooping", "bye")],
        ),
        _say("again", "Please hold.", "loop"),
        _hang_up(),
    )
    result = walk(content, CallContext(region="us-east-1"))
    assert result.outcome == "disconnected"
    assert [s.identifier for s in result.steps].count("again") == 2


def test_unknown_action_with_next_action_is_reported_and_passed() -> None:
    content = _flow(
        _action("bot", "ConnectParticipantWithLexBot", {"Text": "How can I help?"}, next_action="bye"),
        _hang_up(),
    )
    result = walk(content, CallContext(region="us-east-1"))
    assert result.unsupported == ("ConnectParticipantWithLexBot",)
    assert result.outcome == "disconnected"


def test_unknown_action_without_next_action_stops_the_walk() -> None:
    content = _flow(
        _action("view", "ShowView", {"ViewResource": {"Id": "x"}}, errors={"NoMatchingError": "view"})
    )
    result = walk(content, CallContext(region="us-east-1"))
    assert result.outcome == "unsupported_action"
    assert result.unsupported == ("ShowView",)


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        "[1, 2]",
        json.dumps({"Version": "2019-10-30", "StartAction": "ghost", "Actions": []}),
        json.dumps(
            {
                "StartAction": "a",
                "Actions": [
                    {"Identifier": "a", "Type": "MessageParticipant", "Transitions": {"NextAction": "ghost"}}
                ],
            }
        ),
    ],
)
def test_content_that_cannot_be_walked_is_invalid_not_an_exception(content: str) -> None:
    assert walk(content, CallContext(region="us-east-1")).outcome == "invalid"


def test_transfer_without_a_working_queue_takes_the_error_branch() -> None:
    content = _flow(
        _action("transfer", "TransferContactToQueue", errors={"NoMatchingError": "bye"}), _hang_up()
    )
    result = walk(content, CallContext(region="us-east-1"))
    assert result.outcome == "disconnected"
    assert result.steps[0].branch == "Error NoMatchingError"
    # A contact that arrives with a working queue (e.g. from a quick connect) is queued.
    assert walk(content, CallContext(region="us-east-1", queue=EAST_QUEUE)).outcome == "queued"


def _menu() -> str:
    return _flow(
        _action(
            "menu",
            "GetParticipantInput",
            {"Text": "Press 1 for sales.", "StoreInput": "False", "InputTimeLimitSeconds": "5"},
            conditions=[("Equals", "1", "sales")],
            errors={
                "InputTimeLimitExceeded": "timeout",
                "NoMatchingCondition": "bye",
                "NoMatchingError": "bye",
            },
        ),
        _say("sales", "Sales.", "bye"),
        _say("timeout", "We did not hear you.", "bye"),
        _hang_up(),
    )


@pytest.mark.parametrize(
    ("inputs", "branch", "next_id"),
    [
        (("1",), "Condition Equals 1", "sales"),
        (("9",), "Error NoMatchingCondition", "bye"),
        ((), "Error InputTimeLimitExceeded", "timeout"),
    ],
)
def test_keypad_input_chooses_the_menu_branch(inputs: tuple[str, ...], branch: str, next_id: str) -> None:
    result = walk(_menu(), CallContext(region="us-east-1", inputs=inputs))
    assert result.steps[0].branch == branch
    assert result.steps[1].identifier == next_id


def test_stored_input_is_available_as_stored_customer_input() -> None:
    content = _flow(
        _action(
            "collect",
            "GetParticipantInput",
            {"Text": "Enter your PIN.", "StoreInput": "True"},
            next_action="keep",
        ),
        _action(
            "keep",
            "UpdateContactAttributes",
            {"Attributes": {"Pin": "$.StoredCustomerInput"}},
            next_action="bye",
        ),
        _hang_up(),
    )
    assert walk(content, CallContext(region="us-east-1", inputs=("4321",))).attributes == {"Pin": "4321"}
    assert walk(content, CallContext(region="us-east-1")).attributes == {"Pin": "Timeout"}


@pytest.mark.parametrize(("percentage", "group"), [(30, "a"), (80, "b")])
def test_distribute_by_percentage_uses_the_drawn_number(percentage: int, group: str) -> None:
    content = _flow(
        _action(
            "split",
            "DistributeByPercentage",
            conditions=[("NumberLessThan", "51", "a")],
            errors={"NoMatchingCondition": "b"},
        ),
        _say("a", "A", "bye"),
        _say("b", "B", "bye"),
        _hang_up(),
    )
    assert walk(content, CallContext(region="us-east-1", percentage=percentage)).steps[1].identifier == group


def test_transfer_to_flow_names_the_next_flow() -> None:
    target = "arn:aws:connect:us-east-1:111122223333:instance/inst/contact-flow/next"
    content = _flow(
        _action("jump", "TransferToFlow", {"ContactFlowId": target}, errors={"NoMatchingError": "jump"})
    )
    result = walk(content, CallContext(region="us-east-1"))
    assert (result.outcome, result.flow) == ("transferred", target)


def test_settings_actions_pass_straight_to_next_action() -> None:
    content = _flow(
        _action("log", "UpdateFlowLoggingBehavior", {"FlowLoggingBehavior": "Enabled"}, next_action="rec"),
        _action(
            "rec",
            "UpdateContactRecordingBehavior",
            {"RecordingBehavior": {"RecordedParticipants": ["Agent", "Customer"]}},
            next_action="bye",
        ),
        _hang_up(),
    )
    result = walk(content, CallContext(region="us-east-1"))
    assert [s.branch for s in result.steps] == ["NextAction", "NextAction", None]
    assert result.steps[0].detail == "sets FlowLoggingBehavior=Enabled"


def test_messages_fill_in_known_references() -> None:
    content = _flow(_say("hi", "You are calling $.SystemEndpoint.Address in $.AwsRegion", "bye"), _hang_up())
    result = walk(content, CallContext(region="us-west-2", system={"SystemEndpoint.Address": "+18005550100"}))
    assert result.steps[0].detail == 'says "You are calling +18005550100 in us-west-2"'
