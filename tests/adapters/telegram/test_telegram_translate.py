"""The pure Telegram conversions, on Bot API payloads built like Telegram's."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from telegram import InlineKeyboardMarkup, Update

from adapters.telegram.translate import (
    ANSWER_LIMIT,
    CAPTION_LIMIT,
    answer_call,
    photo_caption,
    text_call,
    to_event,
)
from bot.model.actions import Button, Image, Message
from bot.model.events import (
    Attachment,
    ButtonPressed,
    Chat,
    CommandInvoked,
    MediaReceived,
    MessageReceived,
)
from bot.model.members import Member
from tests.adapters.telegram import payloads as p

AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
ALICE = p.user(7, "Alice", language_code="fr")


def event_of(update: dict[str, Any]) -> object:
    return to_event(Update.de_json(update, None), bot_username=p.BOT_USERNAME, at=AT)


def said(text: str, chat: dict[str, Any] | None = None, **extra: Any) -> object:
    body = p.message(10, chat or p.group(), sender=ALICE, text=text, **extra)
    return event_of(p.message_update(500, body))


def test_command_becomes_command_invoked_with_words_as_args() -> None:
    event = said("/idea Un sorbet au yuzu")

    assert isinstance(event, CommandInvoked)
    assert (event.name, event.args) == ("idea", ("Un", "sorbet", "au", "yuzu"))
    assert event.delivery_id == "500"
    assert event.user == Member("telegram", "7", "Alice", "fr")
    assert event.chat == Chat("telegram", str(p.GROUP_ID), private=False)


def test_command_addressed_to_us_by_name_is_ours_whatever_the_case() -> None:
    event = said("/Vote@chorustestbot 2")

    assert isinstance(event, CommandInvoked) and (event.name, event.args) == ("vote", ("2",))


def test_command_addressed_to_another_bot_is_ignored() -> None:
    assert said("/vote@OtherBot 2") is None


def test_slash_without_command_entity_is_plain_text() -> None:
    body = p.message(10, p.group(), sender=ALICE, text="/not a command")
    del body["entities"]
    event = event_of(p.message_update(501, body))

    assert isinstance(event, MessageReceived) and event.text == "/not a command"


def test_private_chat_is_marked_private() -> None:
    event = said("/campaigns", chat=p.private_chat(ALICE))

    assert isinstance(event, CommandInvoked) and event.chat.private


def test_photo_with_submit_caption_carries_the_largest_size() -> None:
    body = p.message(
        11,
        p.group(),
        sender=ALICE,
        caption="/submit concours Mon cornet",
        photo=p.photo_sizes("ph1", 250_000),
    )
    event = event_of(p.message_update(502, body))

    assert isinstance(event, CommandInvoked)
    assert (event.name, event.args) == ("submit", ("concours", "Mon", "cornet"))
    assert event.attachments == (Attachment("ph1", "u-ph1.jpg", "image/jpeg", 250_000),)


def test_document_with_submit_caption_keeps_its_name_and_type() -> None:
    body = p.message(
        12,
        p.group(),
        sender=ALICE,
        caption="/submit",
        document=p.document("doc1", "rules.pdf", "application/pdf", 90_000),
    )
    event = event_of(p.message_update(503, body))

    assert isinstance(event, CommandInvoked) and event.name == "submit"
    assert event.attachments == (Attachment("doc1", "rules.pdf", "application/pdf", 90_000),)


def test_submit_in_reply_to_a_photo_takes_that_photo() -> None:
    photo = p.message(13, p.group(), sender=ALICE, photo=p.photo_sizes("ph2", 1_000))
    event = said("/submit", reply_to_message=photo)

    assert isinstance(event, CommandInvoked)
    assert [a.file_ref for a in event.attachments] == ["ph2"]


def test_own_photo_replied_to_is_first_hand() -> None:
    photo = p.message(13, p.group(), sender=ALICE, photo=p.photo_sizes("ph2", 1_000))
    event = said("/submit", reply_to_message=photo)

    assert isinstance(event, CommandInvoked)
    assert [a.forwarded for a in event.attachments] == [False]


def test_forwarded_photo_or_another_members_photo_is_marked_forwarded() -> None:
    bob = p.user(8, "Bob")
    forwarded = p.message(
        15,
        p.group(),
        sender=ALICE,
        caption="/submit",
        photo=p.photo_sizes("ph4", 9),
        forward_origin=p.forwarded_from(bob),
    )
    bobs = p.message(16, p.group(), sender=bob, photo=p.photo_sizes("ph5", 9))
    forwarded_then_replied = {**bobs, "from": ALICE, "forward_origin": p.forwarded_from(bob)}

    events = [
        event_of(p.message_update(505, forwarded)),
        said("/submit", reply_to_message=bobs),
        said("/submit", reply_to_message=forwarded_then_replied),
    ]

    for event in events:
        assert isinstance(event, CommandInvoked)
        assert [a.forwarded for a in event.attachments] == [True]


def test_photo_without_command_is_media_received() -> None:
    body = p.message(
        14, p.group(), sender=ALICE, caption="Regardez !", photo=p.photo_sizes("ph3", 9)
    )
    event = event_of(p.message_update(504, body))

    assert isinstance(event, MediaReceived)
    assert event.attachment.file_ref == "ph3" and event.caption == "Regardez !"


def test_button_press_carries_the_callback_data_verbatim() -> None:
    on = p.message(15, p.group(), text="Vote!")
    event = event_of(p.callback_update(505, "q9", ALICE, on, "pv:1:0:abcdefgh"))

    assert isinstance(event, ButtonPressed)
    assert (event.action, event.message_id, event.delivery_id) == ("pv:1:0:abcdefgh", "15", "505")
    assert event.received_at == AT
    assert event.user.locale == "fr"


def test_buttons_become_one_row_each_with_the_action_as_callback_data() -> None:
    call = text_call("-100", Message("Pick", (Button("A", "pv:1:0:x"), Button("B", "pv:1:1:y"))))

    markup = call["reply_markup"]
    assert isinstance(markup, InlineKeyboardMarkup)
    rows = [[(b.text, b.callback_data) for b in row] for row in markup.inline_keyboard]
    assert rows == [[("A", "pv:1:0:x")], [("B", "pv:1:1:y")]]
    assert text_call("-100", Message("No buttons"))["reply_markup"] is None


def test_member_markup_is_sent_as_plain_text_without_a_parse_mode() -> None:
    lure = "[Claim your prize](https://evil.example) <a href='https://evil.example'>x</a> *b*"

    call = text_call("-100", Message(lure))

    assert call["text"] == lure
    assert "parse_mode" not in call and "entities" not in call


def test_long_answer_to_a_press_is_clipped_into_an_alert() -> None:
    call = answer_call("q1", Message("x" * 500))

    assert len(call["text"]) == ANSWER_LIMIT and call["text"].endswith("…")
    assert call["show_alert"] is True
    assert answer_call("q2", Message("✅ Recorded."))["show_alert"] is False


def test_text_too_long_for_a_caption_leaves_the_alt_text_under_the_photo() -> None:
    image = Image("chart.png", "Bar chart of the votes")

    assert photo_caption(Message("Results", image=image)) == "Results"
    assert photo_caption(Message("r" * (CAPTION_LIMIT + 1), image=image)) == image.alt


def test_a_message_sent_as_the_group_comes_from_the_group_marked_anonymous() -> None:
    anonymous_bot = {"id": 1087968824, "is_bot": True, "first_name": "Group"}
    body = p.message(11, p.group(), sender=anonymous_bot, text="/pause", sender_chat=p.group())
    event = event_of(p.message_update(501, body))

    assert isinstance(event, CommandInvoked)
    assert event.user.anonymous and event.user.id == str(p.GROUP_ID)
    assert event.user.name == "Crèmerie fans"


def test_a_member_writing_as_themselves_is_not_anonymous() -> None:
    event = said("/vote 1")

    assert isinstance(event, CommandInvoked) and not event.user.anonymous
