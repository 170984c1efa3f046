"""The default and sample flows every new instance contains (instances-and-replication.md §7).

Content is real Flow language built from small helpers. Values that differ per instance (the BasicQueue ARN, other
flows' ARNs, the Region and account) are written as `{{kind:name}}` placeholders; the instance service fills them
with `FlowTemplate.render` once it has minted the instance's ids. Unrendered content is still valid and walkable.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_PLACEHOLDER = re.compile(r"\{\{([^{}]+)\}\}")
# Stable identifiers: the same template yields byte-identical content (and FlowContentSha256) everywhere.
_NAMESPACE = uuid.UUID("6f1c2a1e-8c55-4f0b-9d57-2b7e3c0a9d41")

BASIC_QUEUE = "{{queue:BasicQueue}}"
REGION = "{{region}}"
ACCOUNT = "{{account}}"


def flow_ref(name: str) -> str:
    """Placeholder for the ARN of another default/sample flow of the same instance."""
    return "{{flow:" + name + "}}"


@dataclass(frozen=True)
class FlowTemplate:
    name: str
    flow_type: str
    description: str
    content: str

    @property
    def references(self) -> frozenset[str]:
        """Placeholder keys the content uses, e.g. {"queue:BasicQueue", "flow:Default customer queue"}."""
        return frozenset(_PLACEHOLDER.findall(self.content))

    def render(self, values: Mapping[str, str]) -> str:
        """Content with every placeholder replaced; KeyError names any key `values` lacks."""
        missing = sorted(self.references - values.keys())
        if missing:
            raise KeyError(f"no value for flow placeholders: {', '.join(missing)}")
        # Escape as JSON so a value can never break the string it lands in.
        return _PLACEHOLDER.sub(lambda m: json.dumps(values[m.group(1)])[1:-1], self.content)


class _Flow:
    """Builds one flow: actions get deterministic UUID identifiers derived from the flow name and a step key."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.actions: list[dict[str, Any]] = []

    def id(self, key: str) -> str:
        return str(uuid.uuid5(_NAMESPACE, f"{self.name}/{key}"))

    def add(
        self,
        key: str,
        action_type: str,
        parameters: dict[str, Any] | None = None,
        *,
        next_action: str | None = None,
        errors: Mapping[str, str] | None = None,
        conditions: list[tuple[str, str, str]] | None = None,
    ) -> None:
        """`errors` maps ErrorType -> step key; `conditions` are (operator, operand, step key)."""
        transitions: dict[str, Any] = {}
        if next_action is not None:
            transitions["NextAction"] = self.id(next_action)
        if errors:
            transitions["Errors"] = [{"NextAction": self.id(t), "ErrorType": e} for e, t in errors.items()]
        if conditions:
            transitions["Conditions"] = [
                {"NextAction": self.id(t), "Condition": {"Operator": op, "Operands": [operand]}}
                for op, operand, t in conditions
            ]
        self.actions.append(
            {
                "Parameters": parameters or {},
                "Identifier": self.id(key),
                "Type": action_type,
                "Transitions": transitions,
            }
        )

    def content(self) -> str:
        positions = {
            a["Identifier"]: {"position": {"x": 200 + 240 * i, "y": 40}} for i, a in enumerate(self.actions)
        }
        return json.dumps(
            {
                "Version": "2019-10-30",
                "StartAction": self.actions[0]["Identifier"],
                "Metadata": {"entryPointPosition": {"x": 40, "y": 40}, "ActionMetadata": positions},
                "Actions": self.actions,
            },
            separators=(",", ":"),
        )


# ---- small building blocks shared by several flows -------------------------------------------------------------


def _say(f: _Flow, key: str, text: str, then: str) -> None:
    f.add(key, "MessageParticipant", {"Text": text}, next_action=then, errors={"NoMatchingError": then})


def _disconnect(f: _Flow, key: str = "disconnect") -> None:
    f.add(key, "DisconnectParticipant")


def _end(f: _Flow, key: str = "end") -> None:
    f.add(key, "EndFlowExecution")


def _queue_basic_and_transfer(f: _Flow, start_key: str) -> None:
    """Set working queue BasicQueue, transfer, and say sorry + hang up on failure."""
    f.add(
        start_key,
        "UpdateContactTargetQueue",
        {"QueueId": BASIC_QUEUE},
        next_action="transfer",
        errors={"NoMatchingError": "failed"},
    )
    f.add(
        "transfer",
        "TransferContactToQueue",
        errors={"QueueAtCapacity": "at-capacity", "NoMatchingError": "failed"},
    )
    _say(f, "at-capacity", "We are experiencing high call volumes. Please call back later.", "disconnect")
    _say(f, "failed", "We are sorry, we could not connect your call. Goodbye.", "disconnect")
    _disconnect(f)


def _loop_prompts(f: _Flow, key: str, *texts: str) -> None:
    f.add(
        key,
        "MessageParticipantIteratively",
        {"Messages": [{"Text": t} for t in texts]},
        errors={"NoMatchingError": "end"},
    )


def _template(name: str, flow_type: str, description: str, flow: _Flow) -> FlowTemplate:
    return FlowTemplate(name, flow_type, description, flow.content())


# ---- the eight default flows ------------------------------------------------------------------------------------


def _default_agent_hold() -> FlowTemplate:
    f = _Flow("Default agent hold")
    _loop_prompts(f, "hold-loop", "This call is on hold.")
    _end(f)
    return _template(f.name, "AGENT_HOLD", "Audio played for the agent when on hold", f)


def _default_agent_transfer() -> FlowTemplate:
    f = _Flow("Default agent transfer")
    _say(f, "announce", "Please hold while we transfer your call.", "transfer")
    f.add("transfer", "TransferContactToAgent")
    return _template(f.name, "AGENT_TRANSFER", "Default flow to transfer to an agent", f)


def _default_agent_whisper() -> FlowTemplate:
    f = _Flow("Default agent whisper")
    f.add(
        "whisper",
        "MessageParticipant",
        {"Text": "$.Queue.Name"},
        next_action="end",
        errors={"NoMatchingError": "end"},
    )
    _end(f)
    return _template(f.name, "AGENT_WHISPER", "Default whisper played to the agent", f)


def _default_customer_hold() -> FlowTemplate:
    f = _Flow("Default customer hold")
    _loop_prompts(f, "hold-loop", "Thank you for holding. Your agent will be with you shortly.")
    _end(f)
    return _template(f.name, "CUSTOMER_HOLD", "Default audio played when the customer is on hold", f)


def _default_customer_queue() -> FlowTemplate:
    f = _Flow("Default customer queue")
    _loop_prompts(
        f,
        "queue-loop",
        "Thank you for calling. Your call is very important to us and will be answered in the order it was received.",
        "All of our agents are currently busy. Please stay on the line.",
    )
    _end(f)
    return _template(f.name, "CUSTOMER_QUEUE", "Default audio played when the customer is in queue", f)


def _default_customer_whisper() -> FlowTemplate:
    f = _Flow("Default customer whisper")
    _end(f)
    return _template(f.name, "CUSTOMER_WHISPER", "Default whisper played to the customer", f)


def _default_outbound() -> FlowTemplate:
    f = _Flow("Default outbound")
    _end(f)
    return _template(
        f.name, "OUTBOUND_WHISPER", "Default whisper played to the customer on outbound calls", f
    )


def _default_queue_transfer() -> FlowTemplate:
    f = _Flow("Default queue transfer")
    _say(f, "announce", "Please hold while we transfer your call.", "transfer")
    f.add(
        "transfer",
        "TransferContactToQueue",
        errors={"QueueAtCapacity": "at-capacity", "NoMatchingError": "failed"},
    )
    _say(f, "at-capacity", "The queue is full. Please call back later.", "disconnect")
    _say(f, "failed", "We could not transfer your call. Goodbye.", "disconnect")
    _disconnect(f)
    return _template(f.name, "QUEUE_TRANSFER", "Default flow to transfer to a queue", f)


# ---- the thirteen sample flows ----------------------------------------------------------------------------------


def _sample_inbound() -> FlowTemplate:
    f = _Flow("Sample inbound flow (first contact experience)")
    f.add("logging", "UpdateFlowLoggingBehavior", {"FlowLoggingBehavior": "Enabled"}, next_action="voice")
    f.add(
        "voice",
        "UpdateContactTextToSpeechVoice",
        {"TextToSpeechVoice": "Joanna"},
        next_action="greeting",
        errors={"NoMatchingError": "greeting"},
    )
    _say(f, "greeting", "Hello, thanks for calling. This is the sample inbound flow.", "working-queue")
    f.add(
        "working-queue",
        "UpdateContactTargetQueue",
        {"QueueId": BASIC_QUEUE},
        next_action="hours",
        errors={"NoMatchingError": "failed"},
    )
    f.add(
        "hours",
        "CheckHoursOfOperation",
        conditions=[("Equals", "True", "transfer"), ("Equals", "False", "closed")],
        errors={"NoMatchingError": "failed"},
    )
    f.add(
        "transfer",
        "TransferContactToQueue",
        errors={"QueueAtCapacity": "at-capacity", "NoMatchingError": "failed"},
    )
    _say(f, "closed", "We are currently closed. Please call back during business hours.", "disconnect")
    _say(f, "at-capacity", "We are experiencing high call volumes. Please call back later.", "disconnect")
    _say(f, "failed", "We are sorry, something went wrong. Goodbye.", "disconnect")
    _disconnect(f)
    return _template(
        f.name, "CONTACT_FLOW", "Greets the caller and places the call in BasicQueue when open", f
    )


def _sample_ab_test() -> FlowTemplate:
    f = _Flow("Sample AB test")
    f.add(
        "split",
        "DistributeByPercentage",
        conditions=[("NumberLessThan", "51", "group-a")],
        errors={"NoMatchingCondition": "group-b"},
    )
    f.add(
        "group-a",
        "UpdateContactAttributes",
        {"Attributes": {"ABTest": "A"}, "TargetContact": "Current"},
        next_action="say-a",
        errors={"NoMatchingError": "say-a"},
    )
    f.add(
        "group-b",
        "UpdateContactAttributes",
        {"Attributes": {"ABTest": "B"}, "TargetContact": "Current"},
        next_action="say-b",
        errors={"NoMatchingError": "say-b"},
    )
    _say(f, "say-a", "You are hearing experience A.", "queue")
    _say(f, "say-b", "You are hearing experience B.", "queue")
    _queue_basic_and_transfer(f, "queue")
    return _template(f.name, "CONTACT_FLOW", "Splits callers between two experiences by percentage", f)


def _sample_customer_queue_priority() -> FlowTemplate:
    f = _Flow("Sample customer queue priority")
    _say(f, "greeting", "Thank you for calling. Your call is being prioritized.", "priority")
    f.add(
        "priority",
        "UpdateContactRoutingBehavior",
        {"QueuePriority": "1"},
        next_action="queue",
        errors={"NoMatchingError": "queue"},
    )
    _queue_basic_and_transfer(f, "queue")
    return _template(f.name, "CONTACT_FLOW", "Raises the caller's priority in the queue", f)


def _sample_disconnect() -> FlowTemplate:
    f = _Flow("Sample disconnect flow")
    f.add(
        "mark",
        "UpdateContactAttributes",
        {"Attributes": {"DisconnectReason": "CustomerEnded"}, "TargetContact": "Current"},
        next_action="goodbye",
        errors={"NoMatchingError": "goodbye"},
    )
    _say(f, "goodbye", "Thank you for contacting us. Goodbye.", "disconnect")
    _disconnect(f)
    return _template(f.name, "CONTACT_FLOW", "Runs when a participant disconnects", f)


def _sample_queue_configurations() -> FlowTemplate:
    f = _Flow("Sample queue configurations flow")
    f.add(
        "working-queue",
        "UpdateContactTargetQueue",
        {"QueueId": BASIC_QUEUE},
        next_action="queue-flow",
        errors={"NoMatchingError": "failed"},
    )
    f.add(
        "queue-flow",
        "UpdateContactEventHooks",
        {"EventHooks": {"CustomerQueue": flow_ref("Sample interruptible queue flow with callback")}},
        next_action="status",
        errors={"NoMatchingError": "failed"},
    )
    f.add(
        "status",
        "CheckHoursOfOperation",
        conditions=[("Equals", "True", "transfer"), ("Equals", "False", "closed")],
        errors={"NoMatchingError": "failed"},
    )
    f.add(
        "transfer",
        "TransferContactToQueue",
        errors={"QueueAtCapacity": "failed", "NoMatchingError": "failed"},
    )
    _say(f, "closed", "We are closed right now. Please call back later.", "disconnect")
    _say(f, "failed", "We could not place your call in queue. Goodbye.", "disconnect")
    _disconnect(f)
    return _template(
        f.name, "CONTACT_FLOW", "Sets the working queue and customer queue flow before queueing", f
    )


def _sample_queue_customer() -> FlowTemplate:
    f = _Flow("Sample queue customer")
    _say(f, "greeting", "Please hold while we connect you to the next available agent.", "queue")
    _queue_basic_and_transfer(f, "queue")
    return _template(f.name, "CONTACT_FLOW", "Places the customer in BasicQueue", f)


def _sample_queued_callback() -> FlowTemplate:
    f = _Flow("Sample queued callback")
    f.add(
        "offer",
        "GetParticipantInput",
        {
            "Text": "Press 1 to receive a callback, or 2 to stay on the line.",
            "StoreInput": "False",
            "InputTimeLimitSeconds": "5",
        },
        conditions=[("Equals", "1", "callback-number"), ("Equals", "2", "queue")],
        errors={
            "InputTimeLimitExceeded": "queue",
            "NoMatchingCondition": "queue",
            "NoMatchingError": "queue",
        },
    )
    f.add(
        "callback-number",
        "UpdateContactCallbackNumber",
        {"CallbackNumber": "$.CustomerEndpoint.Address"},
        next_action="callback",
        errors={"InvalidCallbackNumber": "queue", "CallbackNumberNotDialable": "queue"},
    )
    f.add(
        "callback",
        "CreateCallbackContact",
        {
            "QueueId": BASIC_QUEUE,
            "InitialCallDelaySeconds": "5",
            "MaximumConnectionAttempts": "2",
            "RetryDelaySeconds": "600",
        },
        next_action="confirm",
        errors={"NoMatchingError": "queue"},
    )
    _say(f, "confirm", "Thank you. We will call you back shortly. Goodbye.", "disconnect")
    _queue_basic_and_transfer(f, "queue")
    return _template(f.name, "CONTACT_FLOW", "Offers the caller a callback instead of waiting", f)


def _sample_interruptible_queue_with_callback() -> FlowTemplate:
    f = _Flow("Sample interruptible queue flow with callback")
    f.add(
        "queue-loop",
        "MessageParticipantIteratively",
        {
            "Messages": [{"Text": "Thank you for waiting. An agent will be with you soon."}],
            "InterruptFrequencySeconds": "60",
        },
        conditions=[("Equals", "MessagesInterrupted", "offer")],
        errors={"NoMatchingError": "end"},
    )
    f.add(
        "offer",
        "GetParticipantInput",
        {
            "Text": "Press 1 to receive a callback, or stay on the line.",
            "StoreInput": "False",
            "InputTimeLimitSeconds": "5",
        },
        conditions=[("Equals", "1", "callback")],
        errors={
            "InputTimeLimitExceeded": "queue-loop",
            "NoMatchingCondition": "queue-loop",
            "NoMatchingError": "queue-loop",
        },
    )
    f.add(
        "callback",
        "CreateCallbackContact",
        {"InitialCallDelaySeconds": "5", "MaximumConnectionAttempts": "2", "RetryDelaySeconds": "600"},
        next_action="confirm",
        errors={"NoMatchingError": "queue-loop"},
    )
    _say(f, "confirm", "We will call you back. Goodbye.", "disconnect")
    _disconnect(f)
    _end(f)
    return _template(f.name, "CUSTOMER_QUEUE", "Queue music that periodically offers a callback", f)


def _sample_lambda_integration() -> FlowTemplate:
    f = _Flow("Sample Lambda integration")
    f.add(
        "lookup",
        "InvokeLambdaFunction",
        {
            "LambdaFunctionARN": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:connect-sample-customer-lookup",
            "InvocationTimeLimitSeconds": "8",
            "ResponseValidation": {"ResponseType": "STRING_MAP"},
        },
        next_action="remember",
        errors={"NoMatchingError": "lookup-failed"},
    )
    f.add(
        "remember",
        "UpdateContactAttributes",
        {"Attributes": {"CustomerTier": "$.External.CustomerTier"}, "TargetContact": "Current"},
        next_action="tier",
        errors={"NoMatchingError": "queue"},
    )
    f.add(
        "tier",
        "Compare",
        {"ComparisonValue": "$.Attributes.CustomerTier"},
        conditions=[("Equals", "Gold", "gold")],
        errors={"NoMatchingCondition": "standard"},
    )
    _say(f, "gold", "Welcome back, valued customer.", "queue")
    _say(f, "standard", "Thank you for calling.", "queue")
    _say(f, "lookup-failed", "We could not look up your account, but an agent will help you.", "queue")
    _queue_basic_and_transfer(f, "queue")
    return _template(
        f.name, "CONTACT_FLOW", "Looks the caller up with a Lambda function and branches on the result", f
    )


def _sample_recording_behavior() -> FlowTemplate:
    f = _Flow("Sample recording behavior")
    f.add(
        "record",
        "UpdateContactRecordingBehavior",
        {"RecordingBehavior": {"RecordedParticipants": ["Agent", "Customer"]}},
        next_action="notice",
    )
    _say(f, "notice", "This call may be recorded for quality purposes.", "queue")
    _queue_basic_and_transfer(f, "queue")
    return _template(f.name, "CONTACT_FLOW", "Turns on call recording for agent and customer", f)


def _sample_note_for_screenpop() -> FlowTemplate:
    f = _Flow("Sample note for screenpop")
    f.add(
        "note",
        "UpdateContactAttributes",
        {
            "Attributes": {"ScreenPopNote": "Caller reached the sample screenpop flow"},
            "TargetContact": "Current",
        },
        next_action="queue",
        errors={"NoMatchingError": "queue"},
    )
    _queue_basic_and_transfer(f, "queue")
    return _template(f.name, "CONTACT_FLOW", "Sets an attribute the agent application shows as a note", f)


def _sample_secure_input_with_agent() -> FlowTemplate:
    f = _Flow("Sample secure input with agent")
    f.add(
        "hold-agent",
        "UpdatePreviousContactParticipantState",
        {"PreviousContactParticipantState": "AgentOnHold"},
        next_action="collect",
        errors={"NoMatchingError": "collect"},
    )
    f.add(
        "collect",
        "GetParticipantInput",
        {
            "Text": "Please enter your card number followed by the pound key.",
            "StoreInput": "True",
            "InputTimeLimitSeconds": "10",
        },
        next_action="store",
        errors={"NoMatchingError": "resume"},
    )
    f.add(
        "store",
        "UpdateContactAttributes",
        {"Attributes": {"CardNumber": "$.StoredCustomerInput"}, "TargetContact": "Current"},
        next_action="resume",
        errors={"NoMatchingError": "resume"},
    )
    f.add(
        "resume",
        "UpdatePreviousContactParticipantState",
        {"PreviousContactParticipantState": "OffHold"},
        next_action="end",
        errors={"NoMatchingError": "end"},
    )
    _end(f)
    return _template(f.name, "CONTACT_FLOW", "Collects sensitive input while the agent is on hold", f)


def _sample_secure_input_with_no_agent() -> FlowTemplate:
    f = _Flow("Sample secure input with no agent")
    f.add(
        "collect",
        "GetParticipantInput",
        {
            "Text": "Please enter your card number followed by the pound key.",
            "StoreInput": "True",
            "InputTimeLimitSeconds": "10",
        },
        next_action="charge",
        errors={"NoMatchingError": "failed"},
    )
    f.add(
        "charge",
        "InvokeLambdaFunction",
        {
            "LambdaFunctionARN": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:connect-sample-payment",
            "InvocationTimeLimitSeconds": "8",
            "LambdaInvocationAttributes": {"CardNumber": "$.StoredCustomerInput"},
        },
        next_action="done",
        errors={"NoMatchingError": "failed"},
    )
    _say(f, "done", "Thank you, your payment was received. Goodbye.", "disconnect")
    _say(f, "failed", "We could not process your payment. Goodbye.", "disconnect")
    _disconnect(f)
    return _template(f.name, "CONTACT_FLOW", "Collects sensitive input and processes it without an agent", f)


DEFAULT_FLOWS: tuple[FlowTemplate, ...] = (
    _default_agent_hold(),
    _default_agent_transfer(),
    _default_agent_whisper(),
    _default_customer_hold(),
    _default_customer_queue(),
    _default_customer_whisper(),
    _default_outbound(),
    _default_queue_transfer(),
    _sample_inbound(),
    _sample_ab_test(),
    _sample_customer_queue_priority(),
    _sample_disconnect(),
    _sample_queue_configurations(),
    _sample_queue_customer(),
    _sample_queued_callback(),
    _sample_interruptible_queue_with_callback(),
    _sample_lambda_integration(),
    _sample_recording_behavior(),
    _sample_note_for_screenpop(),
    _sample_secure_input_with_agent(),
    _sample_secure_input_with_no_agent(),
)


def is_default_flow_name(name: str) -> bool:
    """The eight "Default …" flows (the emulator refuses to delete them, contact-flows spec §5)."""
    return any(t.name == name and t.name.startswith("Default ") for t in DEFAULT_FLOWS)
