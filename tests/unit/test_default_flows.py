"""The default and sample flows a new instance starts with."""

from __future__ import annotations

import json

import pytest

from connect_local.domain import default_flows
from connect_local.domain.default_flows import DEFAULT_FLOWS, FlowTemplate, is_default_flow_name
from connect_local.domain.flow_language import validate
from connect_local.domain.flow_walk import SUPPORTED_ACTIONS, CallContext, walk

BASIC_QUEUE_ARN = "arn:aws:connect:us-west-2:111122223333:instance/inst-1/queue/q-basic"


def _values(template: FlowTemplate) -> dict[str, str]:
    values = {"queue:BasicQueue": BASIC_QUEUE_ARN, "region": "us-west-2", "account": "111122223333"}
    for key in template.references:
        if key.startswith("flow:"):
            values[key] = (
                f"arn:aws:connect:us-west-2:111122223333:instance/inst-1/contact-flow/{key[5:].replace(' ', '-')}"
            )
    return values


def _by_name(name: str) -> FlowTemplate:
    return next(t for t in DEFAULT_FLOWS if t.name == name)


def test_the_eight_default_flows_have_the_documented_names_and_types() -> None:
    defaults = {t.name: t.flow_type for t in DEFAULT_FLOWS if t.name.startswith("Default ")}
    assert defaults == {
        "Default agent hold": "AGENT_HOLD",
        "Default agent transfer": "AGENT_TRANSFER",
        "Default agent whisper": "AGENT_WHISPER",
        "Default customer hold": "CUSTOMER_HOLD",
        "Default customer queue": "CUSTOMER_QUEUE",
        "Default customer whisper": "CUSTOMER_WHISPER",
        "Default outbound": "OUTBOUND_WHISPER",
        "Default queue transfer": "QUEUE_TRANSFER",
    }


def test_the_thirteen_sample_flows_are_inbound_flows_except_the_queue_flow() -> None:
    samples = {t.name: t.flow_type for t in DEFAULT_FLOWS if t.name.startswith("Sample ")}
    assert samples == {
        "Sample inbound flow (first contact experience)": "CONTACT_FLOW",
        "Sample AB test": "CONTACT_FLOW",
        "Sample customer queue priority": "CONTACT_FLOW",
        "Sample disconnect flow": "CONTACT_FLOW",
        "Sample queue configurations flow": "CONTACT_FLOW",
        "Sample queue customer": "CONTACT_FLOW",
        "Sample queued callback": "CONTACT_FLOW",
        "Sample interruptible queue flow with callback": "CUSTOMER_QUEUE",
        "Sample Lambda integration": "CONTACT_FLOW",
        "Sample recording behavior": "CONTACT_FLOW",
        "Sample note for screenpop": "CONTACT_FLOW",
        "Sample secure input with agent": "CONTACT_FLOW",
        "Sample secure input with no agent": "CONTACT_FLOW",
    }
    assert len(DEFAULT_FLOWS) == 21


@pytest.mark.parametrize("template", DEFAULT_FLOWS, ids=lambda t: t.name)
def test_every_flow_passes_validation_before_and_after_rendering(template: FlowTemplate) -> None:
    assert template.description
    assert validate(template.content) == []
    rendered = template.render(_values(template))
    assert validate(rendered) == []
    assert "{{" not in rendered


@pytest.mark.parametrize("template", DEFAULT_FLOWS, ids=lambda t: t.name)
def test_every_flow_uses_only_actions_the_simulator_can_walk(template: FlowTemplate) -> None:
    types = {a["Type"] for a in json.loads(template.content)["Actions"]}
    assert types <= SUPPORTED_ACTIONS
    assert walk(template.content, CallContext(region="us-west-2")).unsupported == ()


def test_flow_references_resolve_to_flows_that_exist() -> None:
    names = {t.name for t in DEFAULT_FLOWS}
    for template in DEFAULT_FLOWS:
        for key in template.references:
            assert key in {"queue:BasicQueue", "region", "account"} or key.removeprefix("flow:") in names, key


def test_render_names_the_missing_placeholders() -> None:
    template = _by_name("Sample Lambda integration")
    with pytest.raises(KeyError, match="account, region"):
        template.render({"queue:BasicQueue": BASIC_QUEUE_ARN})


def test_render_keeps_the_json_intact_whatever_the_value() -> None:
    template = _by_name("Sample queue customer")
    odd = 'odd "queue" \\ name'
    rendered = template.render({"queue:BasicQueue": odd})
    assert validate(rendered) == []
    queue_ids = [a["Parameters"].get("QueueId") for a in json.loads(rendered)["Actions"]]
    assert odd in queue_ids


def test_sample_inbound_flow_greets_then_queues_in_basic_queue_when_open() -> None:
    template = _by_name("Sample inbound flow (first contact experience)")
    result = walk(template.render(_values(template)), CallContext(region="us-west-2", hours_open=True))
    assert result.outcome == "queued"
    assert result.queue == BASIC_QUEUE_ARN
    said = [s.detail for s in result.steps if s.action_type == "MessageParticipant"]
    assert said and said[0].startswith('says "Hello, thanks for calling')


def test_sample_inbound_flow_says_closed_and_hangs_up_out_of_hours() -> None:
    template = _by_name("Sample inbound flow (first contact experience)")
    result = walk(template.render(_values(template)), CallContext(region="us-west-2", hours_open=False))
    assert result.outcome == "disconnected"
    assert any("closed" in s.detail for s in result.steps)


def test_default_customer_queue_plays_its_message_until_an_agent_answers() -> None:
    result = walk(_by_name("Default customer queue").content, CallContext(region="us-east-1"))
    assert result.outcome == "holding"
    assert "Your call is very important to us" in result.steps[0].detail


def test_content_is_identical_every_time_it_is_built() -> None:
    # Deterministic identifiers keep FlowContentSha256 stable across instances and restarts.
    content = default_flows._sample_ab_test().content
    assert content == default_flows._sample_ab_test().content
    identifiers = [a["Identifier"] for a in json.loads(content)["Actions"]]
    assert len(set(identifiers)) == len(identifiers)


def test_only_the_eight_default_flows_count_as_default() -> None:
    assert is_default_flow_name("Default customer queue")
    assert not is_default_flow_name("Sample AB test")
    assert not is_default_flow_name("Default something else")
