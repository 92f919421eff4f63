"""Member text reaches the core without control, bidi-override and zero-width characters."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.model.events import (
    Attachment,
    Chat,
    CommandInvoked,
    MediaReceived,
    MessageReceived,
    ModalSubmitted,
)
from bot.model.member_text import clean, clean_name, shortened
from bot.model.members import Member

AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
CHAT = Chat("telegram", "-1001")


@pytest.mark.parametrize(
    "hidden",
    [
        "\x00",  # NUL
        "\x1b",  # ESC, which starts terminal escape sequences
        "\x08",  # backspace
        "\x7f",  # DEL
        "\x85",  # C1 next line
        "\x9b",  # C1 control sequence introducer
        "\u202a",
        "\u202b",
        "\u202c",
        "\u202d",
        "\u202e",  # right-to-left override
        "\u2066",
        "\u2067",
        "\u2068",
        "\u2069",  # pop directional isolate
        "\u200b",  # zero-width space
        "\u2060",  # word joiner
        "\ufeff",  # byte-order mark
        "\ud800",  # a lone surrogate
    ],
)
def test_invisible_characters_are_stripped(hidden: str) -> None:
    assert clean(f"Free{hidden} cones") == "Free cones"


def test_line_breaks_and_tabs_stay_in_text_spelt_one_way() -> None:
    assert clean("one\r\ntwo\rthree\u2028four\tfive") == "one\ntwo\nthree\nfour\tfive"


def test_joiners_that_build_emoji_and_words_stay() -> None:
    text = "Chef 👩\u200d🍳 and می\u200cخواهم, \u200fright-to-left mark"
    assert clean(text) == text


def test_a_name_is_one_line() -> None:
    assert clean_name(" Mal\u202eory\n\n  the\tAdmin\x00 ") == "Malory the Admin"


def test_events_carry_clean_member_text() -> None:
    user = Member("telegram", "42", "gpj\u202e.exe")
    photo = Attachment("file-1", "cat\u202egpj.exe")
    command = CommandInvoked(
        platform="telegram",
        delivery_id="d1",
        chat=CHAT,
        user=user,
        received_at=AT,
        name="idea",
        args=("Free\x00 cones\u202e", "line one\nline two"),
    )
    message = MessageReceived(
        platform="telegram", delivery_id="d2", chat=CHAT, user=user, received_at=AT, text="hi\x00"
    )
    media = MediaReceived(
        platform="telegram",
        delivery_id="d3",
        chat=CHAT,
        user=user,
        received_at=AT,
        attachment=photo,
        caption="\u2066sunset\u2069",
    )
    form = ModalSubmitted(
        platform="slack",
        delivery_id="d4",
        chat=CHAT,
        user=user,
        received_at=AT,
        form="idea",
        values=(("text", "\ufeffMint\x07"),),
    )

    assert user.name == "gpj.exe"
    assert command.args == ("Free cones", "line one\nline two")
    assert message.text == "hi"
    assert (media.caption, media.attachment.name) == ("sunset", "catgpj.exe")
    assert form.values == (("text", "Mint"),)


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Short enough", 20, "Short enough"),
        ("A cone for every child in town", 16, "A cone for…"),
        ("Unbreakablewordthatgoeson", 10, "Unbreakab…"),
        ("Glace, sorbet, granité", 15, "Glace, sorbet…"),
    ],
)
def test_a_long_text_is_shortened_after_a_whole_word(text: str, limit: int, expected: str) -> None:
    assert shortened(text, limit) == expected
    assert len(shortened(text, limit)) <= limit
