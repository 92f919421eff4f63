"""The pure Slack translation, on Socket Mode envelopes recorded as Slack sends them
(``recorded/``: every field Slack adds, encoded text, a modal's ``file_input``)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from adapters.slack import translate
from bot.app import every_command
from bot.model.events import Attachment, ButtonPressed, Chat, CommandInvoked, MessageReceived
from bot.model.members import Member

RECORDED = Path(__file__).parent / "recorded"
AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
LEA = Member("slack", "U04LEAMOREAU", "Léa Moreau", "fr-FR")
TOM = Member("slack", "U04TOMB", "Tom", "en-GB")


def payload(name: str) -> dict[str, Any]:
    """The payload of a recorded envelope, as Bolt hands it to a listener."""
    envelope = json.loads((RECORDED / f"{name}.json").read_text(encoding="utf-8"))
    return envelope["payload"]  # type: ignore[no-any-return]


def test_slash_command_becomes_the_sub_command_with_decoded_text() -> None:
    form = payload("slash_command_vote")
    event = translate.command_event(form, LEA, AT, every_command())

    assert translate.command_user_id(form) == "U04LEAMOREAU"
    assert isinstance(event, CommandInvoked)
    assert (event.name, event.args) == ("vote", ("parfum-printemps", "Citron & basilic"))
    assert event.chat == Chat("slack", "C06FLAVOURS", private=False)
    assert event.delivery_id == translate.command_key(form)
    assert event.delivery_id.startswith("cmd:7412589630123.")


def test_button_press_becomes_the_press_on_its_message() -> None:
    body = payload("block_actions_option")
    event = translate.button_event(body, TOM, AT)

    assert translate.interaction_user_id(body) == "U04TOMB"
    assert isinstance(event, ButtonPressed)
    assert event.action == "v1.opt.2.Qw8p"
    assert (event.chat, event.message_id) == (
        Chat("slack", "C06FLAVOURS", private=False),
        "1793000000.001200",
    )
    assert event.delivery_id == "act:1793000000.001200:1793001234.567890:U04TOMB"


def test_submitted_form_becomes_submit_with_its_photo_and_title_as_typed() -> None:
    event = translate.form_event(payload("view_submission_submit"), LEA, AT, every_command())

    assert isinstance(event, CommandInvoked)
    assert (event.name, event.args) == ("submit", ("Cheval & coucher de soleil",))
    assert event.chat == Chat("slack", "C06CONTEST", private=False)
    assert event.attachments == (Attachment("F07HORSE001", "cheval.jpg", "image/jpeg", 482113),)
    assert event.delivery_id == "view:V07SUBMIT01"


def test_direct_message_becomes_a_private_message_with_decoded_text() -> None:
    body = payload("message_im_idea")
    event = translate.message_event(body, TOM, AT)

    assert translate.event_user_id(body) == "U04TOMB"
    assert isinstance(event, MessageReceived)
    assert event.text == "idea A honey & lavender sorbet <3"
    assert event.chat == Chat("slack", "D07TOMB0001", private=True)
    assert event.delivery_id == "evt:Ev07IDEA0001"


def test_an_edited_message_is_ignored() -> None:
    body = payload("message_changed")

    assert translate.event_user_id(body) is None
    assert translate.message_event(body, TOM, AT) is None


def test_recorded_deliveries_survive_the_journal_without_the_legacy_token() -> None:
    for name, kind in [("slash_command_vote", "command"), ("view_submission_submit", "form")]:
        body = payload(name)
        entry = translate.journal_entry(kind, body)

        assert "legacy-verification-token" not in entry
        assert translate.journaled(entry) == (kind, {k: v for k, v in body.items() if k != "token"})


def test_a_journaled_press_keeps_where_the_message_is_not_what_it_shows() -> None:
    body = payload("block_actions_option")
    entry = translate.journal_entry("action", body)

    kind, kept = translate.journaled(entry)
    assert kind == "action"
    assert kept["message"] == {"ts": body["message"]["ts"]}
    assert len(entry) < len(json.dumps(body))
    assert translate.button_event(kept, TOM, AT) == translate.button_event(body, TOM, AT)
    assert translate.thread_of(kept) == translate.thread_of(body)
