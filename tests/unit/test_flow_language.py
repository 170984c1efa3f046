"""Structural validation of published flow content, and the content checksum."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from typing import Any

import pytest

from connect_local.domain.flow_language import content_sha256, validate

# The example from the Flow language reference (flow-language-example.html), comments removed.
DOCS_EXAMPLE: dict[str, Any] = {
    "Version": "2019-10-30",
    "StartAction": "12345678-1234-1234-1234-123456789012",
    "Metadata": {
        "EntryPointPosition": {"X": 88, "Y": 100},
        "ActionMetadata": {
            "12345678-1234-1234-1234-123456789012": {"Position": {"X": 270, "Y": 98}},
            "abcdef-abcd-abcd-abcd-abcdefghijkl": {"Position": {"X": 545, "Y": 92}},
        },
    },
    "Actions": [
        {
            "Identifier": "12345678-1234-1234-1234-123456789012",
            "Type": "MessageParticipant",
            "Transitions": {
                "NextAction": "abcdef-abcd-abcd-abcd-abcdefghijkl",
                "Errors": [],
                "Conditions": [],
            },
            "Parameters": {"Text": "Thanks for calling the sample flow!"},
        },
        {
            "Identifier": "abcdef-abcd-abcd-abcd-abcdefghijkl",
            "Type": "DisconnectParticipant",
            "Transitions": {},
            "Parameters": {},
        },
    ],
}


def _example() -> dict[str, Any]:
    return copy.deepcopy(DOCS_EXAMPLE)


def _problems_for(change: Callable[[dict[str, Any]], None]) -> list[str]:
    flow = _example()
    change(flow)
    return validate(json.dumps(flow))


def test_the_docs_example_flow_is_valid() -> None:
    assert validate(json.dumps(DOCS_EXAMPLE)) == []


def test_console_style_transfer_with_empty_next_action_and_error_branches_is_valid() -> None:
    # Shape from the "Transfer to queue" block docs: NextAction "" plus QueueAtCapacity / NoMatchingError.
    flow = {
        "Version": "2019-10-30",
        "StartAction": "set-queue",
        "Actions": [
            {
                "Identifier": "set-queue",
                "Type": "UpdateContactTargetQueue",
                "Parameters": {"QueueId": "arn:aws:connect:us-east-1:111122223333:instance/i/queue/q"},
                "Transitions": {
                    "NextAction": "to-queue",
                    "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}],
                },
            },
            {
                "Identifier": "to-queue",
                "Type": "TransferContactToQueue",
                "Parameters": {},
                "Transitions": {
                    "NextAction": "",
                    "Errors": [
                        {"NextAction": "bye", "ErrorType": "QueueAtCapacity"},
                        {"NextAction": "bye", "ErrorType": "NoMatchingError"},
                    ],
                },
            },
            {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}},
        ],
    }
    assert validate(json.dumps(flow)) == []


def test_identifiers_may_be_friendly_unicode_with_spaces_up_to_fifty_characters() -> None:
    name = "Begrüßung für Anrufer " + "x" * 28
    assert len(name) == 50

    def rename(flow: dict[str, Any]) -> None:
        flow["StartAction"] = name
        flow["Actions"][0]["Identifier"] = name

    assert _problems_for(rename) == []


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "must be a JSON object"),
        ('{"Version": NaN}', "NaN"),
        ("[" * 100000 + "]" * 100000, "nested too deeply"),
    ],
)
def test_unparseable_content_is_one_problem_at_the_root(content: str, expected: str) -> None:
    problems = validate(content)
    assert len(problems) == 1
    assert expected in problems[0]
    assert problems[0].endswith("Path: $")


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(flow: dict[str, Any]) -> None:
        target: Any = flow
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _delete(path: list[Any]) -> Callable[[dict[str, Any]], None]:
    def change(flow: dict[str, Any]) -> None:
        target: Any = flow
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (_set(["Version"], "2020-01-01"), "Path: Version"),
        (_delete(["Version"]), "Path: Version"),
        (_set(["StartAction"], "nope"), "Path: StartAction"),
        (_delete(["StartAction"]), "Path: StartAction"),
        (_set(["Actions"], {"a": 1}), "Path: Actions"),
        (_delete(["Actions"]), "Path: Actions"),
        (_set(["Metadata"], "positions"), "Path: Metadata"),
        (_set(["Actions", 1], "DisconnectParticipant"), "Path: Actions[1]"),
        (_delete(["Actions", 1, "Identifier"]), "Path: Actions[1]"),
        (_set(["Actions", 1, "Identifier"], 7), "Path: Actions[1].Identifier"),
        (_set(["Actions", 1, "Identifier"], "x" * 51), "Path: Actions[1].Identifier"),
        (_set(["Actions", 1, "Identifier"], ""), "Path: Actions[1].Identifier"),
        (_delete(["Actions", 1, "Type"]), "Path: Actions[1]"),
        (_set(["Actions", 1, "Type"], ""), "Path: Actions[1].Type"),
        (_delete(["Actions", 1, "Parameters"]), "Path: Actions[1]"),
        (_set(["Actions", 1, "Parameters"], []), "Path: Actions[1].Parameters"),
        (_delete(["Actions", 1, "Transitions"]), "Path: Actions[1]"),
        (_set(["Actions", 1, "Transitions"], "end"), "Path: Actions[1].Transitions"),
        (
            _set(["Actions", 0, "Transitions", "NextAction"], "ghost"),
            "Path: Actions[0].Transitions.NextAction",
        ),
        (_set(["Actions", 0, "Transitions", "NextAction"], 3), "Path: Actions[0].Transitions.NextAction"),
        (
            _set(
                ["Actions", 0, "Transitions", "Errors"],
                [{"ErrorType": "NoMatchingError", "NextAction": "ghost"}],
            ),
            "Path: Actions[0].Transitions.Errors[0].NextAction",
        ),
        (
            _set(["Actions", 0, "Transitions", "Errors"], [{"NextAction": "ghost"}]),
            "Path: Actions[0].Transitions.Errors[0]",
        ),
        (_set(["Actions", 0, "Transitions", "Errors"], {}), "Path: Actions[0].Transitions.Errors"),
        (
            _set(
                ["Actions", 0, "Transitions", "Conditions"],
                [{"NextAction": "ghost", "Condition": {"Operator": "Equals", "Operands": ["1"]}}],
            ),
            "Path: Actions[0].Transitions.Conditions[0].NextAction",
        ),
        (
            _set(["Actions", 0, "Transitions", "Conditions"], [{"NextAction": "ghost"}]),
            "Path: Actions[0].Transitions.Conditions[0]",
        ),
    ],
)
def test_each_structural_fault_is_reported_at_its_path(
    change: Callable[[dict[str, Any]], None], path: str
) -> None:
    problems = _problems_for(change)
    assert any(p.endswith(path) for p in problems), problems


def test_duplicate_identifier_is_reported_on_the_second_action() -> None:
    def duplicate(flow: dict[str, Any]) -> None:
        flow["Actions"].append(copy.deepcopy(flow["Actions"][1]))

    problems = _problems_for(duplicate)
    assert problems == [
        "Identifier 'abcdef-abcd-abcd-abcd-abcdefghijkl' is not unique in the flow, Path: Actions[2].Identifier"
    ]


@pytest.mark.parametrize("char", list("%:(\\/)=$,;[]{}"))
def test_identifier_characters_the_service_forbids_are_rejected(char: str) -> None:
    problems = _problems_for(_set(["Actions", 1, "Identifier"], f"hang{char}up"))
    assert any("not allowed" in p and p.endswith("Path: Actions[1].Identifier") for p in problems), problems


@pytest.mark.parametrize("name", ["__proto__", "constructor", "toString", "valueOf", "hasOwnProperty"])
def test_javascript_prototype_names_are_rejected_as_identifiers(name: str) -> None:
    def rename(flow: dict[str, Any]) -> None:
        flow["Actions"][1]["Identifier"] = name
        flow["Actions"][0]["Transitions"]["NextAction"] = name

    assert _problems_for(rename) == [f"Identifier {name!r} is a reserved name, Path: Actions[1].Identifier"]


def test_an_action_nothing_leads_to_is_reported_as_unreachable() -> None:
    def orphan(flow: dict[str, Any]) -> None:
        flow["Actions"].append(
            {"Identifier": "orphan", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}
        )

    assert _problems_for(orphan) == ["Action 'orphan' is not reachable from StartAction, Path: Actions[2]"]


def test_more_than_250_actions_are_rejected_but_250_are_fine() -> None:
    def chain(n: int) -> str:
        actions = [
            {
                "Identifier": f"a{i}",
                "Type": "MessageParticipant",
                "Parameters": {"Text": "hi"},
                "Transitions": {"NextAction": f"a{i + 1}"} if i + 1 < n else {},
            }
            for i in range(n)
        ]
        return json.dumps({"Version": "2019-10-30", "StartAction": "a0", "Actions": actions})

    assert validate(chain(250)) == []
    assert validate(chain(251)) == ["A flow may define at most 250 actions, found 251, Path: Actions"]


def test_problem_list_is_capped_at_fifty_like_the_error_shape() -> None:
    def many_orphans(flow: dict[str, Any]) -> None:
        flow["Actions"] += [
            {"Identifier": f"o{i}", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}
            for i in range(60)
        ]

    assert len(_problems_for(many_orphans)) == 50


def test_content_sha256_is_lower_case_hex_of_the_utf8_content() -> None:
    content = json.dumps(DOCS_EXAMPLE, ensure_ascii=False) + "é"
    digest = content_sha256(content)
    assert digest == hashlib.sha256(content.encode("utf-8")).hexdigest()
    assert len(digest) == 64 and digest == digest.lower()
    assert content_sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
