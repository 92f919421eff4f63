"""Messages travel through the outbox as plain dicts: the times they show come back intact,
and rows written before messages carried times still read."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.model.actions import Button, Message, Moment


def test_a_message_keeps_its_moments_through_the_outbox() -> None:
    closes = Moment(datetime(2026, 11, 9, 9, 0, tzinfo=UTC), "9 nov. 2026, 10:00")
    message = Message(f"Closes {closes.shown}.", (Button("Go", "act"),), moments=(closes,))

    again = Message.from_dict(message.to_dict())

    assert again == message
    assert again.moments[0].unix == 1794214800


def test_an_outbox_row_written_before_moments_still_reads() -> None:
    row = {"text": "Hello", "buttons": [], "image": None}

    assert Message.from_dict(row) == Message("Hello")
    assert "moments" not in Message("Hello").to_dict()
