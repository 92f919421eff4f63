"""Commands, menus, moderator rights and private messages through the real SDK and the emulator."""

from __future__ import annotations

import pytest

from adapters.telegram.adapter import TelegramAdapter
from bot.app import every_command
from bot.model.actions import Direct, Message
from bot.model.errors import Undeliverable
from storage.rounds import latest_round
from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import Sent, TelegramEmulator
from tests.adapters.telegram.harness import StartTelegram, poll_on_telegram
from tests.conftest import handled_by_core

#: Every command this version answers, in menu order.
COMMANDS = every_command()

#: What a poll-only bot offers: neither the contests', idea boxes' nor pledges' commands.
ELSEWHERE = {"submit", "idea", "ideas", "contributors", "pledge", "withdraw", "report", "score"}
ELSEWHERE |= {"setstatus", "merge", "hide", "approve", "reject", "remove", "redraw"}
MEMBER_COMMANDS = [c.name for c in COMMANDS if not c.moderator and c.name not in ELSEWHERE]
ALL_COMMANDS = [c.name for c in COMMANDS if c.name not in ELSEWHERE]


def replies_to(emulator: TelegramEmulator, update: dict[str, object]) -> list[Sent]:
    message = update["message"]
    assert isinstance(message, dict)
    return [s for s in emulator.sent if s.reply_to == message["message_id"]]


async def test_command_menus_list_the_commands_of_the_kinds_running_in_french_and_english(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    await start_telegram(poll_on_telegram(emulator))

    for language in (None, "fr", "en"):
        assert emulator.menus[("default", language)] == MEMBER_COMMANDS
        assert emulator.menus[("all_chat_administrators", language)] == ALL_COMMANDS
    descriptions = {
        c["language_code"]: c["commands"][0]["description"]
        for c in (call.params for call in emulator.called("setMyCommands"))
        if c.get("language_code")
    }
    assert descriptions == {"fr": "cette aide", "en": "this help"}


async def test_moderator_command_from_a_non_admin_is_refused(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_telegram(poll_on_telegram(emulator))
    member = p.user(41)

    first = await emulator.say(member, "/close")
    second = await emulator.say(member, "/pause@ChorusTestBot")
    await emulator.wait_until(lambda: all(replies_to(emulator, u) for u in (first, second)))

    for update in (first, second):
        [answer] = replies_to(emulator, update)
        assert answer.text == "Only the campaign’s moderators can do that."
    round_ = await latest_round(run.runtime.db, "flavour")
    assert round_ is not None and round_.state == "open"
    assert len(emulator.called("getChatMember")) == 1  # the answer is cached


async def test_chat_administrator_may_close_the_round(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_telegram(poll_on_telegram(emulator))
    admin = p.user(42)
    emulator.set_status(p.GROUP_ID, 42, "administrator")

    handled = handled_by_core(run.app)
    await emulator.say(admin, "/close@ChorusTestBot")
    await handled.wait()  # the group is told by the results, not by a reply

    round_ = await latest_round(run.runtime.db, "flavour")
    assert round_ is not None and round_.state in ("closed", "announced")


async def test_command_for_another_bot_is_ignored(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    await start_telegram(poll_on_telegram(emulator))

    other = await emulator.say(p.user(43), "/help@SomeOtherBot")
    ours = await emulator.say(p.user(43), "/help")
    await emulator.wait_until(lambda: bool(replies_to(emulator, ours)))

    assert replies_to(emulator, other) == []
    [help_text] = replies_to(emulator, ours)
    assert "/campaigns" in (help_text.text or "")


async def test_direct_message_to_a_member_who_never_started_the_bot_is_undeliverable(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_telegram(poll_on_telegram(emulator))
    adapter = run.adapter
    assert isinstance(adapter, TelegramAdapter)
    emulator.started_private.add(51)

    message_id = await adapter.send(Direct("51", Message("You won!")))
    with pytest.raises(Undeliverable):
        await adapter.send(Direct("52", Message("You won!")))

    [sent] = emulator.in_chat(51)
    assert message_id == str(sent.message_id) and sent.text == "You won!"


async def test_help_in_a_poll_group_lists_what_a_member_can_use_there(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    await start_telegram(poll_on_telegram(emulator))

    asked = await emulator.say(p.user(43), "/help")
    await emulator.wait_until(lambda: bool(replies_to(emulator, asked)))

    [help_text] = replies_to(emulator, asked)
    listed = {line.split(" ")[0][1:] for line in (help_text.text or "").splitlines()}
    assert set(MEMBER_COMMANDS) <= listed  # the menu's commands, as Telegram's menu shows them
    assert not listed & ELSEWHERE
