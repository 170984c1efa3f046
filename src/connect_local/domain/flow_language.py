"""Structural validation of Amazon Connect Flow language content (what PUBLISHED flows must pass).

Only the structure is checked (flow-language.html, flow-language-actions.html): the real service also checks
per-action parameters and error branches, which the emulator deliberately does not imitate.
Each problem names the JSON path the way the real InvalidContactFlowException does: "<message>, Path: Actions[1]".
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

SUPPORTED_VERSION = "2019-10-30"
MAX_ACTIONS = 250
MAX_IDENTIFIER_LENGTH = 50
MAX_PROBLEMS = 50  # the InvalidContactFlowException shape allows 1-50 problems

FORBIDDEN_IDENTIFIER_CHARACTERS = frozenset("%:(\\/)=$,;[]{}")
# The service runs flows in JavaScript; these would collide with Object.prototype members.
FORBIDDEN_IDENTIFIERS = frozenset(
    {
        "__proto__",
        "constructor",
        "__defineGetter__",
        "__defineSetter__",
        "toString",
        "hasOwnProperty",
        "isPrototypeOf",
        "propertyIsEnumerable",
        "toLocaleString",
        "valueOf",
    }
)


def content_sha256(content: str) -> str:
    """FlowContentSha256: lower-case hex SHA-256 of the content as stored (UTF-8)."""
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def parse_flow(content: str) -> dict[str, Any]:
    """The flow as a JSON object; ValueError with a readable reason otherwise."""

    def reject_constant(name: str) -> Any:
        raise ValueError(f"{name} is not valid JSON")

    try:
        flow = json.loads(content, parse_constant=reject_constant)
    except RecursionError:
        raise ValueError("Flow content is nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"Flow content is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    if not isinstance(flow, dict):
        raise ValueError("Flow content must be a JSON object")  # noqa: TRY004 - bad content, not a bad argument
    return flow


def transition_targets(transitions: Any) -> Iterator[tuple[str, Any]]:
    """(path below Transitions, target) for every NextAction a Transitions object names."""
    if not isinstance(transitions, dict):
        return
    if "NextAction" in transitions:
        yield "NextAction", transitions["NextAction"]
    for key in ("Errors", "Conditions"):
        entries = transitions.get(key)
        if isinstance(entries, list):
            for i, entry in enumerate(entries):
                if isinstance(entry, dict) and "NextAction" in entry:
                    yield f"{key}[{i}].NextAction", entry["NextAction"]


def validate(content: str) -> list[str]:
    """Problems that keep `content` from being published; empty when it is structurally valid."""
    try:
        flow = parse_flow(content)
    except ValueError as exc:
        return [f"{exc}, Path: $"]
    problems = list(_problems(flow))
    return problems[:MAX_PROBLEMS]


def _at(message: str, path: str) -> str:
    return f"{message}, Path: {path}"


def _problems(flow: dict[str, Any]) -> Iterator[str]:
    version = flow.get("Version")
    if version is None:
        yield _at("Missing required property Version", "Version")
    elif version != SUPPORTED_VERSION:
        yield _at(
            f"Unsupported Version {version!r}; the only supported version is {SUPPORTED_VERSION}", "Version"
        )

    if "Metadata" in flow and not isinstance(flow["Metadata"], dict):
        yield _at("Metadata must be an object", "Metadata")

    actions = flow.get("Actions")
    if actions is None:
        yield _at("Missing required property Actions", "Actions")
        actions = []
    elif not isinstance(actions, list):
        yield _at("Actions must be a list", "Actions")
        actions = []
    elif len(actions) > MAX_ACTIONS:
        yield _at(f"A flow may define at most {MAX_ACTIONS} actions, found {len(actions)}", "Actions")

    identifiers: dict[str, int] = {}
    for i, action in enumerate(actions):
        yield from _action_problems(action, f"Actions[{i}]", identifiers, i)

    for i, action in enumerate(actions):
        if isinstance(action, dict):
            for sub, target in transition_targets(action.get("Transitions")):
                path = f"Actions[{i}].Transitions.{sub}"
                if target == "":
                    continue  # the console exports "NextAction": "" for a branch with no next block
                if not isinstance(target, str):
                    yield _at("NextAction must be a string", path)
                elif target not in identifiers:
                    yield _at(f"NextAction {target!r} does not match the Identifier of any action", path)

    start = flow.get("StartAction")
    if start is None:
        yield _at("Missing required property StartAction", "StartAction")
    elif not isinstance(start, str) or start not in identifiers:
        yield _at(f"StartAction {start!r} does not match the Identifier of any action", "StartAction")
    else:
        reached = _reachable(start, actions, identifiers)
        for identifier, i in identifiers.items():
            if identifier not in reached:
                yield _at(f"Action {identifier!r} is not reachable from StartAction", f"Actions[{i}]")


def _action_problems(action: Any, path: str, identifiers: dict[str, int], index: int) -> Iterator[str]:
    if not isinstance(action, dict):
        yield _at("Action must be an object", path)
        return
    identifier = action.get("Identifier")
    if identifier is None:
        yield _at("Missing required property Identifier", path)
    elif not isinstance(identifier, str):
        yield _at("Identifier must be a string", f"{path}.Identifier")
    else:
        yield from _identifier_problems(identifier, f"{path}.Identifier")
        if identifier in identifiers:
            yield _at(f"Identifier {identifier!r} is not unique in the flow", f"{path}.Identifier")
        else:
            identifiers[identifier] = index
    action_type = action.get("Type")
    if action_type is None:
        yield _at("Missing required property Type", path)
    elif not isinstance(action_type, str) or not action_type:
        yield _at("Type must be a non-empty string", f"{path}.Type")
    for member in ("Parameters", "Transitions"):
        if member not in action:
            yield _at(f"Missing required property {member}", path)
        elif not isinstance(action[member], dict):
            yield _at(f"{member} must be an object", f"{path}.{member}")
    yield from _transition_shape_problems(action.get("Transitions"), f"{path}.Transitions")


def _identifier_problems(identifier: str, path: str) -> Iterator[str]:
    if not identifier:
        yield _at("Identifier must not be empty", path)
    if len(identifier) > MAX_IDENTIFIER_LENGTH:
        yield _at(f"Identifier must be at most {MAX_IDENTIFIER_LENGTH} characters", path)
    bad = sorted(set(identifier) & FORBIDDEN_IDENTIFIER_CHARACTERS)
    if bad:
        yield _at(f"Identifier contains characters that are not allowed: {' '.join(bad)}", path)
    if identifier in FORBIDDEN_IDENTIFIERS:
        yield _at(f"Identifier {identifier!r} is a reserved name", path)


def _transition_shape_problems(transitions: Any, path: str) -> Iterator[str]:
    if not isinstance(transitions, dict):
        return
    errors = transitions.get("Errors")
    if errors is not None:
        if not isinstance(errors, list):
            yield _at("Errors must be a list", f"{path}.Errors")
        else:
            for i, entry in enumerate(errors):
                if not isinstance(entry, dict) or not isinstance(entry.get("ErrorType"), str):
                    yield _at("Each error must be an object with an ErrorType string", f"{path}.Errors[{i}]")
    conditions = transitions.get("Conditions")
    if conditions is not None:
        if not isinstance(conditions, list):
            yield _at("Conditions must be a list", f"{path}.Conditions")
        else:
            for i, entry in enumerate(conditions):
                condition = entry.get("Condition") if isinstance(entry, dict) else None
                if (
                    not isinstance(condition, dict)
                    or not isinstance(condition.get("Operator"), str)
                    or not isinstance(condition.get("Operands"), list)
                ):
                    yield _at(
                        "Each condition must have a Condition object with Operator and Operands",
                        f"{path}.Conditions[{i}]",
                    )


def _reachable(start: str, actions: list[Any], identifiers: dict[str, int]) -> set[str]:
    reached = {start}
    pending = [start]
    while pending:
        action = actions[identifiers[pending.pop()]]
        for _, target in transition_targets(action.get("Transitions")):
            if isinstance(target, str) and target in identifiers and target not in reached:
                reached.add(target)
                pending.append(target)
    return reached
