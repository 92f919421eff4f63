"""Files members send (getFile, size and type checks) and what Chorus posts and edits."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.telegram.adapter import TelegramAdapter
from bot.model.actions import Button, Edit, Image, Message, Post
from bot.model.errors import BadInput, TooLarge
from bot.model.events import Attachment
from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import StoredFile, TelegramEmulator
from tests.adapters.telegram.harness import StartTelegram, poll_on_telegram

MB = 1_000_000
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 2_000
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


@pytest.fixture
async def adapter(emulator: TelegramEmulator, start_telegram: StartTelegram) -> TelegramAdapter:
    run = await start_telegram(poll_on_telegram(emulator, max_upload_mb=10))
    assert isinstance(run.adapter, TelegramAdapter)
    return run.adapter


def store(emulator: TelegramEmulator, file_id: str, data: bytes, size: int | None = None) -> None:
    emulator.files[file_id] = StoredFile(data, len(data) if size is None else size, f"p/{file_id}")


async def test_photo_is_downloaded_through_the_file_url(
    emulator: TelegramEmulator, adapter: TelegramAdapter
) -> None:
    store(emulator, "ph1", JPEG)

    data = await adapter.download(Attachment("ph1", "a.jpg", "image/jpeg", len(JPEG)), 5 * MB)

    assert data == JPEG
    assert [c.params["file_id"] for c in emulator.called("getFile")] == ["ph1"]


async def test_file_claimed_too_large_is_refused_before_asking_telegram(
    emulator: TelegramEmulator, adapter: TelegramAdapter
) -> None:
    with pytest.raises(TooLarge) as refused:
        await adapter.download(Attachment("big", "big.jpg", "image/jpeg", 30 * MB), 50 * MB)

    assert refused.value.limit == 10 * MB  # [telegram] max_upload_mb wins over a larger limit
    assert emulator.called("getFile") == []


async def test_file_telegram_will_not_serve_is_too_large(
    emulator: TelegramEmulator, adapter: TelegramAdapter
) -> None:
    store(emulator, "huge", b"", size=30 * MB)

    with pytest.raises(TooLarge):
        await adapter.download(Attachment("huge", "h.jpg", "image/jpeg", None), 50 * MB)


async def test_bytes_beyond_the_limit_are_refused_whatever_the_size_claimed(
    emulator: TelegramEmulator, adapter: TelegramAdapter
) -> None:
    store(emulator, "liar", b"\xff" * (2 * MB), size=1_000)

    with pytest.raises(TooLarge):
        await adapter.download(Attachment("liar", "l.jpg", "image/jpeg", 1_000), MB)


async def test_a_pdf_is_not_a_picture(emulator: TelegramEmulator, adapter: TelegramAdapter) -> None:
    with pytest.raises(BadInput) as refused:
        await adapter.download(Attachment("doc", "rules.pdf", "application/pdf", 9_000), MB)

    assert refused.value.key == "media.not_image"
    assert emulator.called("getFile") == []


async def test_post_with_buttons_then_edit_changes_text_and_keyboard(
    emulator: TelegramEmulator, adapter: TelegramAdapter
) -> None:
    chat = str(p.GROUP_ID)
    message_id = await adapter.send(Post(chat, Message("Live: 0 votes", (Button("A", "x:1:m"),))))
    assert message_id is not None

    edited = Message("Live: 3 votes", (Button("A", "x:1:m"),))
    await adapter.send(Edit(chat, message_id, edited))
    await adapter.send(Edit(chat, message_id, edited))  # "not modified" is not an error

    [sent] = [s for s in emulator.in_chat(p.GROUP_ID) if str(s.message_id) == message_id]
    assert sent.text == "Live: 3 votes" and sent.buttons == [("A", "x:1:m")] and sent.edits == 1


async def test_image_posts_as_a_photo_with_its_caption_and_edits_the_caption(
    emulator: TelegramEmulator, adapter: TelegramAdapter, tmp_path: Path
) -> None:
    chart = tmp_path / "chart.png"
    chart.write_bytes(PNG)
    image = Image(str(chart), "Votes per option")
    chat = str(p.GROUP_ID)

    message_id = await adapter.send(Post(chat, Message("Results", image=image)))
    assert message_id is not None
    await adapter.send(Edit(chat, message_id, Message("Results (final)", image=image)))

    sent = emulator.in_chat(p.GROUP_ID)[-1]
    assert sent.method == "sendPhoto" and sent.photo == PNG
    assert sent.text == "Results (final)"
    assert [c.method for c in emulator.calls][-1] == "editMessageCaption"


async def test_an_edit_reaches_a_message_whatever_it_shows(
    emulator: TelegramEmulator, adapter: TelegramAdapter, tmp_path: Path
) -> None:
    chart = tmp_path / "chart.png"
    chart.write_bytes(PNG)
    image = Image(str(chart), "Entry photo")
    chat = str(p.GROUP_ID)
    text_id = await adapter.send(Post(chat, Message("Why reject?", (Button("Rules", "x:1"),))))
    photo_id = await adapter.send(Post(chat, Message("Entry #1", (Button("Vote", "x:2"),), image)))
    assert text_id is not None and photo_id is not None

    await adapter.send(Edit(chat, text_id, Message("Rejected", image=image)))  # text kept
    await adapter.send(Edit(chat, photo_id, Message("Entry #1, approved")))  # photo kept

    by_id = {str(s.message_id): s for s in emulator.in_chat(p.GROUP_ID)}
    assert (by_id[text_id].text, by_id[text_id].buttons) == ("Rejected", [])
    assert (by_id[photo_id].text, by_id[photo_id].buttons) == ("Entry #1, approved", [])
    assert by_id[photo_id].photo == PNG


async def test_text_too_long_for_a_caption_follows_the_photo(
    emulator: TelegramEmulator, adapter: TelegramAdapter, tmp_path: Path
) -> None:
    chart = tmp_path / "chart.png"
    chart.write_bytes(PNG)
    long_text = "line\n" * 300

    message_id = await adapter.send(
        Post(str(p.GROUP_ID), Message(long_text, image=Image(str(chart), "Votes per option")))
    )

    photo, text = emulator.in_chat(p.GROUP_ID)[-2:]
    assert photo.method == "sendPhoto" and photo.text == "Votes per option"
    assert text.method == "sendMessage" and text.text == long_text
    assert message_id == str(text.message_id)
