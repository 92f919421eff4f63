"""Files (exports, ``/mydata``) sent as Telegram documents, through the real python-telegram-bot
and the emulator's multipart ``sendDocument``."""

from __future__ import annotations

import json
from pathlib import Path

from bot.model.actions import Button, File, Message, Post
from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import TelegramEmulator
from tests.adapters.telegram.harness import StartTelegram, answer_to, poll_on_telegram


async def test_mydata_in_a_private_chat_arrives_as_a_json_document(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_telegram(poll_on_telegram(emulator))
    member = p.user(44)
    emulator.started_private.add(44)
    await answer_to(emulator, await emulator.say(member, "/vote 3"))

    asked = await emulator.say(member, "/mydata", chat=p.private_chat(member))
    reply = await answer_to(emulator, asked)
    await run.tick()

    assert reply.chat_id == 44
    assert reply.text == "Your data is on its way to you in a private message."
    [sent] = [s for s in emulator.sent if s.chat_id == 44 and s.method == "sendDocument"]
    assert sent.document is not None
    assert sent.text == "📎 Everything Chorus holds about you, as JSON."
    assert (sent.document.name, sent.document.mime_type) == (
        "my-chorus-data.json",
        "application/json",
    )
    data = json.loads(sent.document.data.decode("utf-8"))
    assert data["member"]["user_id"] == "44"
    assert [b["choices"] for b in data["ballots"]] == [["Lemon"]]


async def test_a_long_text_follows_the_document_with_the_buttons(
    emulator: TelegramEmulator, start_telegram: StartTelegram, tmp_path: Path
) -> None:
    run = await start_telegram(poll_on_telegram(emulator))
    path = tmp_path / "rows.csv"
    path.write_bytes(b"a,b\n1,2\n")
    text = "x" * 1500  # over Telegram's 1024-character caption limit
    message = Message(text, (Button("Again", "act"),), file=File(str(path), "rows.csv", "text/csv"))

    posted = await run.adapter.send(Post(str(p.GROUP_ID), message))

    document, follow = emulator.in_chat(p.GROUP_ID)[-2:]
    assert document.document is not None and document.document.data == b"a,b\n1,2\n"
    assert document.text is None and document.buttons == []
    assert (follow.method, follow.text, follow.buttons) == ("sendMessage", text, [("Again", "act")])
    assert posted == str(follow.message_id)


async def test_a_short_text_is_the_caption_with_the_buttons_under_it(
    emulator: TelegramEmulator, start_telegram: StartTelegram, tmp_path: Path
) -> None:
    run = await start_telegram(poll_on_telegram(emulator))
    path = tmp_path / "rows.json"
    path.write_text("[]", encoding="utf-8")
    message = Message(
        "Export", (Button("Again", "act"),), file=File(str(path), "rows.json", "application/json")
    )

    posted = await run.adapter.send(Post(str(p.GROUP_ID), message))

    [sent] = [s for s in emulator.in_chat(p.GROUP_ID) if s.method == "sendDocument"]
    assert (sent.text, sent.buttons, posted) == ("Export", [("Again", "act")], str(sent.message_id))
