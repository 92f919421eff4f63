"""The pure Telegram translation, on updates recorded as the Bot API delivers them
(``recorded/``: real field sets, names with accents, a photo in three sizes)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from telegram import Update

from adapters.telegram.translate import to_event
from bot.model.events import (
    Attachment,
    ButtonPressed,
    Chat,
    CommandInvoked,
    Event,
    MessageReceived,
)
from bot.model.members import Member

RECORDED = Path(__file__).parent / "recorded"
BOT_USERNAME = "ChorusTestBot"
AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
GROUP = Chat("telegram", "-1001987654321", private=False)
LEA = Member("telegram", "5120388471", "Léa Moreau", "fr")
TOM = Member("telegram", "6034471290", "Tom", "en")


def recorded(name: str) -> dict[str, Any]:
    return json.loads((RECORDED / f"{name}.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def translated(name: str) -> Event | None:
    return to_event(Update.de_json(recorded(name), None), bot_username=BOT_USERNAME, at=AT)


def test_group_command_addressed_to_us_becomes_the_command_with_its_words() -> None:
    event = translated("group_vote_command")

    assert isinstance(event, CommandInvoked)
    assert (event.name, event.args) == ("vote", ("parfum-printemps", "2"))
    assert (event.chat, event.user) == (GROUP, LEA)
    assert event.delivery_id == "817240311"
    assert event.received_at == datetime.fromtimestamp(1793001234, UTC)


def test_button_press_on_our_message_becomes_the_press_with_its_signed_action() -> None:
    event = translated("option_button_press")

    assert isinstance(event, ButtonPressed)
    assert event.action == "v1.opt.2.Qw8p"
    assert (event.chat, event.user, event.message_id) == (GROUP, TOM, "4101")
    assert event.delivery_id == "817240312"
    assert event.received_at == AT  # a callback query carries no date


def test_photo_with_a_submit_caption_becomes_submit_with_the_largest_size() -> None:
    event = translated("photo_submit_caption")

    assert isinstance(event, CommandInvoked)
    assert (event.name, event.args) == ("submit", ("Cheval", "au", "coucher", "🌅"))
    assert event.attachments == (
        Attachment("AgACAgQAAxkBAAIQMmVz-large", "AQADslg.jpg", "image/jpeg", 148203),
    )


def test_private_text_becomes_a_message_in_the_members_private_chat() -> None:
    event = translated("private_idea_text")

    assert isinstance(event, MessageReceived)
    assert event.text == "A honey and lavender sorbet"
    assert event.chat == Chat("telegram", "6034471290", private=True)
    assert event.user == TOM


def test_service_message_of_a_member_joining_is_ignored() -> None:
    assert translated("member_joined") is None
