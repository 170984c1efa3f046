"""Walk a flow the way the call simulator needs: which blocks a caller passes and where the call ends up.

Pure and total: any content (even invalid JSON) yields a WalkResult, never an exception. Answers the real service
would get from the world (hours of operation, Lambda results, keypad input, the random percentage) come from the
CallContext, so a walk is deterministic and tests can steer every branch.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from connect_local.domain.flow_language import parse_flow

Outcome = Literal[
    "queued",  # TransferContactToQueue / DequeueContactAndTransferToQueue / TransferContactToAgent succeeded
    "disconnected",  # DisconnectParticipant
    "ended",  # EndFlowExecution, or a branch with no next action
    "holding",  # MessageParticipantIteratively that nothing interrupts: the caller hears it until an agent answers
    "transferred",  # TransferToFlow: the walk continues in WalkResult.flow
    "unsupported_action",  # stopped at an action type the walker does not simulate and that has no NextAction
    "loop",  # max_steps reached
    "invalid",  # not walkable: bad JSON, unknown StartAction, or a transition to a missing action
]


@dataclass(frozen=True)
class CallContext:
    region: str  # becomes $.AwsRegion
    # Other system attributes by path without "$.", e.g. {"CustomerEndpoint.Address": "+1206...", "Channel": "VOICE"}
    system: Mapping[str, str] = field(default_factory=dict, hash=False)
    hours_open: bool = True  # answer for CheckHoursOfOperation
    lambda_succeeds: bool = True  # answer for InvokeLambdaFunction
    # Keypad entries for GetParticipantInput, consumed in order; when none are left the input times out.
    inputs: tuple[str, ...] = ()
    percentage: int = 50  # the 1-100 number DistributeByPercentage "draws"
    queue: str | None = None  # working queue the contact arrives with (e.g. set by a quick connect)
    max_steps: int = 100  # loop guard


@dataclass(frozen=True)
class Step:
    identifier: str
    action_type: str
    detail: str  # human-readable, e.g. 'says "Welcome"'
    # Transition taken, e.g. "NextAction", "Condition Equals us-west-2", "Error NoMatchingError"; None at the end.
    branch: str | None


@dataclass(frozen=True)
class WalkResult:
    steps: tuple[Step, ...]
    outcome: Outcome
    queue: str | None = None  # working queue when queued (or when the walk stopped)
    unsupported: tuple[str, ...] = ()  # action types met that the walker does not simulate
    flow: str | None = None  # ContactFlowId of a TransferToFlow
    # Contact attributes at the end of the walk (kept out of the hash: a dict is not hashable).
    attributes: Mapping[str, str] = field(default_factory=dict, hash=False)


# Actions that only change contact settings the simulator does not model: they always take NextAction.
PASS_THROUGH_ACTIONS = frozenset(
    {
        "UpdateFlowLoggingBehavior",
        "UpdateContactRecordingBehavior",
        "UpdateContactRecordingAndAnalyticsBehavior",
        "UpdateContactTextToSpeechVoice",
        "UpdateContactEventHooks",
        "UpdateContactCallbackNumber",
        "UpdateContactRoutingBehavior",
        "UpdateContactMediaStreamingBehavior",
        "UpdateContactMediaProcessing",
        "UpdateContactData",
        "UpdateFlowAttributes",
        "UpdatePreviousContactParticipantState",
        "CreateCallbackContact",
        "TagContact",
        "UnTagContact",
    }
)
SUPPORTED_ACTIONS = PASS_THROUGH_ACTIONS | frozenset(
    {
        "MessageParticipant",
        "MessageParticipantIteratively",
        "GetParticipantInput",
        "DisconnectParticipant",
        "EndFlowExecution",
        "TransferContactToQueue",
        "DequeueContactAndTransferToQueue",
        "TransferContactToAgent",
        "TransferToFlow",
        "UpdateContactTargetQueue",
        "UpdateContactAttributes",
        "Compare",
        "CheckHoursOfOperation",
        "DistributeByPercentage",
        "Loop",
        "InvokeLambdaFunction",
    }
)

_REFERENCE = re.compile(r"\$\.[A-Za-z0-9_]+(?:\.[A-Za-z0-9_\-]+)*")


@dataclass
class _State:
    ctx: CallContext
    attributes: dict[str, str] = field(default_factory=dict)
    queue: str | None = None
    stored_input: str | None = None
    inputs_used: int = 0
    loop_counts: dict[str, int] = field(default_factory=dict)

    def lookup(self, reference: str) -> str | None:
        """Value of a `$.` JSONPath reference; non-references are literals."""
        if not reference.startswith("$."):
            return reference
        path = reference[2:]
        if path == "AwsRegion":
            return self.ctx.region
        if path == "StoredCustomerInput":
            return self.stored_input
        if path.startswith("Attributes."):
            name = path[len("Attributes.") :]
            if name in self.attributes:
                return self.attributes[name]
        if path == "Queue.ARN" and self.queue is not None:
            return self.queue
        return self.ctx.system.get(path)

    def interpolate(self, text: str) -> str:
        """Text with known `$.` references filled in, as the caller would hear it."""
        return _REFERENCE.sub(lambda m: self.lookup(m.group(0)) or m.group(0), text)


# (detail, branch label, next identifier or None, terminal outcome or None)
_Move = tuple[str, str | None, str | None, Outcome | None]


def walk(content: str, ctx: CallContext) -> WalkResult:
    try:
        flow = parse_flow(content)
    except ValueError as exc:
        return WalkResult(steps=(Step("", "", str(exc), None),), outcome="invalid")
    actions = _index(flow.get("Actions"))
    state = _State(ctx, queue=ctx.queue)
    steps: list[Step] = []
    unsupported: list[str] = []
    current = flow.get("StartAction")

    def result(outcome: Outcome, flow_id: str | None = None) -> WalkResult:
        return WalkResult(
            tuple(steps), outcome, state.queue, tuple(unsupported), flow_id, dict(state.attributes)
        )

    while True:
        if not isinstance(current, str) or current not in actions:
            steps.append(Step(str(current), "", "no action with this identifier", None))
            return result("invalid")
        if len(steps) >= ctx.max_steps:
            return result("loop")
        action = actions[current]
        action_type = str(action.get("Type", ""))
        params = _obj(action.get("Parameters"))
        transitions = _obj(action.get("Transitions"))
        if action_type in SUPPORTED_ACTIONS:
            detail, branch, target, outcome = _step(action_type, current, params, transitions, state)
        else:
            if action_type not in unsupported:
                unsupported.append(action_type)
            target = _next(transitions)
            detail, branch = "not simulated", ("NextAction" if target else None)
            outcome = None if target else "unsupported_action"
        steps.append(Step(current, action_type, detail, branch))
        if outcome is not None:
            flow_id = _text(params.get("ContactFlowId")) if outcome == "transferred" else None
            return result(outcome, flow_id)
        if target is None:
            return result("ended")
        current = target


def _index(actions: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(actions, list):
        return {}
    index: dict[str, dict[str, Any]] = {}
    for action in actions:
        if isinstance(action, dict) and isinstance(action.get("Identifier"), str):
            index.setdefault(action["Identifier"], action)
    return index


def _step(kind: str, ident: str, params: dict[str, Any], t: dict[str, Any], state: _State) -> _Move:
    if kind in PASS_THROUGH_ACTIONS:
        return _go("sets " + _summary(params), t)
    if kind == "MessageParticipant":
        return _go(_message(params, state), t)
    if kind == "MessageParticipantIteratively":
        messages = _list(params.get("Messages"))
        said = "; ".join(_message(m, state) for m in messages if isinstance(m, dict)) or "plays nothing"
        interval = params.get("InterruptFrequencySeconds")
        move = _choose(f"{said}, interrupted after {interval}s", "MessagesInterrupted", t)
        if interval is not None and move[1] is not None and move[1].startswith("Condition"):
            return move
        # Without an interruption the prompts repeat until an agent answers (or the caller hangs up).
        return (f"{said}, repeating until an agent answers", None, None, "holding")
    if kind == "GetParticipantInput":
        return _get_input(params, t, state)
    if kind == "DisconnectParticipant":
        return ("hangs up", None, None, "disconnected")
    if kind == "EndFlowExecution":
        return ("ends the flow", None, None, "ended")
    if kind == "TransferToFlow":
        return (f"transfers to flow {_text(params.get('ContactFlowId'))}", None, None, "transferred")
    if kind in ("UpdateContactTargetQueue", "DequeueContactAndTransferToQueue"):
        queue = _text(params.get("QueueId") or params.get("AgentId"))
        if queue:
            state.queue = state.lookup(queue) or queue
        if kind == "UpdateContactTargetQueue":
            return _go(f"working queue {state.queue}", t)
        return (f"moves the contact to queue {state.queue}", None, None, "queued")
    if kind == "TransferContactToQueue":
        if state.queue is None:  # the real action fails without a working queue
            return _error("no working queue set", "NoMatchingError", t)
        return (f"queue {state.queue}", None, None, "queued")
    if kind == "TransferContactToAgent":
        return (f"transfers to the agent of queue {state.queue}", None, None, "queued")
    if kind == "UpdateContactAttributes":
        attributes = _obj(params.get("Attributes"))
        resolved = {str(k): state.lookup(_text(v)) or "" for k, v in attributes.items()}
        state.attributes.update(resolved)
        return _go("sets " + ", ".join(f"{k}={v}" for k, v in resolved.items()), t)
    if kind == "Compare":
        reference = _text(params.get("ComparisonValue"))
        value = state.lookup(reference)
        return _choose(f"compares {reference} = {value!r}", value, t)
    if kind == "CheckHoursOfOperation":
        result = "True" if state.ctx.hours_open else "False"
        return _choose("in hours" if state.ctx.hours_open else "out of hours", result, t)
    if kind == "DistributeByPercentage":
        return _choose(f"draws {state.ctx.percentage}", str(state.ctx.percentage), t)
    if kind == "Loop":
        return _loop(ident, params, t, state)
    # InvokeLambdaFunction
    arn = _text(params.get("LambdaFunctionARN"))
    if state.ctx.lambda_succeeds:
        return _go(f"invokes {arn}", t)
    return _error(f"invokes {arn}, which fails", "NoMatchingError", t)


def _get_input(params: dict[str, Any], t: dict[str, Any], state: _State) -> _Move:
    prompt = _message(params, state)
    if state.inputs_used >= len(state.ctx.inputs):
        entered = None
    else:
        entered = state.ctx.inputs[state.inputs_used]
        state.inputs_used += 1
    if _text(params.get("StoreInput")).lower() == "true":
        # Store customer input: a timeout is stored as "Timeout" and still takes the success branch.
        state.stored_input = "Timeout" if entered is None else entered
        return _go(f"{prompt}, stores {state.stored_input!r}", t)
    if entered is None:
        return _error(f"{prompt}, no input", "InputTimeLimitExceeded", t)
    return _choose(f"{prompt}, caller enters {entered!r}", entered, t)


def _loop(ident: str, params: dict[str, Any], t: dict[str, Any], state: _State) -> _Move:
    try:
        limit = int(_text(params.get("LoopCount")) or "0")
    except ValueError:
        limit = 0
    done = state.loop_counts.get(ident, 0)
    if done < limit:
        state.loop_counts[ident] = done + 1
        return _choose(f"loop {done + 1} of {limit}", "ContinueLooping", t)
    state.loop_counts[ident] = 0  # the real block resets after reporting DoneLooping
    return _choose(f"loop done after {limit}", "DoneLooping", t)


# ---- transitions ---------------------------------------------------------------------------------------------


def _target(entry: dict[str, Any]) -> str | None:
    """NextAction of a Transitions, Errors or Conditions entry; "" (a console export quirk) means none."""
    target = entry.get("NextAction")
    return target if isinstance(target, str) and target else None


_next = _target


def _go(detail: str, t: dict[str, Any]) -> _Move:
    target = _next(t)
    return (detail, "NextAction" if target else None, target, None)


def _error(detail: str, error_type: str, t: dict[str, Any]) -> _Move:
    """Take the named error branch, falling back to NoMatchingError as the service does."""
    errors = [e for e in _list(t.get("Errors")) if isinstance(e, dict)]
    for wanted in (error_type, "NoMatchingError"):
        for entry in errors:
            if entry.get("ErrorType") == wanted:
                return (detail, f"Error {wanted}", _target(entry), None)
    return (f"{detail} (no {error_type} branch)", None, None, None)


def _choose(detail: str, value: str | None, t: dict[str, Any]) -> _Move:
    """First Condition that holds for `value`, else the NoMatchingCondition error branch."""
    for entry in _list(t.get("Conditions")):
        condition = entry.get("Condition") if isinstance(entry, dict) else None
        if not isinstance(condition, dict):
            continue
        operator = _text(condition.get("Operator"))
        operands = condition.get("Operands")
        operand = operands[0] if isinstance(operands, list) and operands else None
        if isinstance(operand, str) and value is not None and _holds(operator, value, operand):
            return (detail, f"Condition {operator} {operand}", _target(entry), None)
    return _error(detail, "NoMatchingCondition", t)


def _holds(operator: str, value: str, operand: str) -> bool:
    if operator == "Equals":
        return value == operand
    if operator == "TextStartsWith":
        return value.startswith(operand)
    if operator == "TextEndsWith":
        return value.endswith(operand)
    if operator == "TextContains":
        return operand in value
    left, right = _number(value), _number(operand)
    if left is None or right is None:  # documented: non-numeric operands make number comparisons false
        return False
    # DistributeByPercentage's docs spell the operator "NumericLessThan"; accept both spellings.
    if operator in ("NumberGreaterThan", "NumericGreaterThan"):
        return left > right
    if operator in ("NumberGreaterOrEqualTo", "NumericGreaterOrEqualTo"):
        return left >= right
    if operator in ("NumberLessThan", "NumericLessThan"):
        return left < right
    if operator in ("NumberLessOrEqualTo", "NumericLessOrEqualTo"):
        return left <= right
    return False


def _number(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


# ---- details -------------------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _message(params: dict[str, Any], state: _State) -> str:
    if isinstance(params.get("Text"), str):
        return f'says "{state.interpolate(params["Text"])}"'
    if isinstance(params.get("SSML"), str):
        return f'says SSML "{params["SSML"]}"'
    if isinstance(params.get("PromptId"), str):
        return f"plays prompt {params['PromptId']}"
    return "plays nothing"


def _summary(params: dict[str, Any]) -> str:
    parts = [f"{k}={v}" if isinstance(v, str) else k for k, v in params.items()]
    text = ", ".join(parts) or "nothing"
    return text if len(text) <= 120 else text[:117] + "..."
