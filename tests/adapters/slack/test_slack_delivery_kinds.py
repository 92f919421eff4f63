"""Which Socket Mode envelopes reach Chorus, and as what (the socket path routes them itself,
without Bolt's listeners): its own slash command, any button, its own forms, messages and
mentions; anything else is only acknowledged."""

from __future__ import annotations

import pytest

from adapters.slack.translate import COMMAND, FORM, delivery_kind
from bot.model.events import Event
from tests.adapters.slack.conftest import make_adapter
from tests.adapters.slack.emulator import SlackEmulator


@pytest.mark.parametrize(
    ("envelope", "payload", "kind"),
    [
        ("slash_commands", {"command": COMMAND, "text": "results"}, "command"),
        ("slash_commands", {"command": "/giphy", "text": "cats"}, None),
        ("interactive", {"type": "block_actions", "actions": [{}]}, "action"),
        ("interactive", {"type": "view_submission", "view": {"callback_id": FORM}}, "form"),
        ("interactive", {"type": "view_submission", "view": {"callback_id": "other"}}, None),
        ("interactive", {"type": "view_closed", "view": {"callback_id": FORM}}, None),
        ("interactive", {"type": "shortcut"}, None),
        ("events_api", {"type": "event_callback", "event": {"type": "message"}}, "event"),
        ("events_api", {"type": "event_callback", "event": {"type": "app_mention"}}, "event"),
        ("events_api", {"type": "event_callback", "event": {"type": "reaction_added"}}, None),
        ("events_api", {"type": "event_callback"}, None),
        ("hello", {}, None),
    ],
)
def test_an_envelope_is_routed_by_what_it_brings(
    envelope: str, payload: dict[str, object], kind: str | None
) -> None:
    assert delivery_kind(envelope, payload) == kind


async def test_an_envelope_chorus_does_not_listen_to_is_acknowledged_and_left(
    emulator: SlackEmulator,
) -> None:
    events: list[Event] = []

    async def sink(event: Event) -> None:
        events.append(event)

    adapter = make_adapter(emulator, "socket")
    await adapter.start(sink)
    try:
        ack = await emulator.envelope("interactive", {"type": "shortcut", "callback_id": "x"})
        other = await emulator.envelope("slash_commands", {"command": "/giphy", "text": "cats"})
        await adapter.drain()
    finally:
        await adapter.stop()
    assert ack["envelope_id"] and other["envelope_id"]
    assert "payload" not in ack
    assert events == []
