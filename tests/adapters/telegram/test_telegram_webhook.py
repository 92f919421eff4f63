"""Webhook mode: Telegram POSTs updates to Chorus's listener, which checks the secret header."""

from __future__ import annotations

from storage.poll.votes import ballots_of
from storage.rounds import latest_round
from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import TelegramEmulator
from tests.adapters.telegram.harness import (
    SECRET,
    StartTelegram,
    TelegramRun,
    free_port,
    poll_on_telegram,
)


async def start_webhook(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> tuple[TelegramRun, str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    config = poll_on_telegram(
        emulator, mode="webhook", webhook_url=url, listen_host="127.0.0.1", listen_port=port
    )
    return await start_telegram(config), url


async def ballot_count(run: TelegramRun) -> int:
    round_ = await latest_round(run.runtime.db, "flavour")
    assert round_ is not None
    return len(await ballots_of(run.runtime.db, round_.id))


async def test_webhook_is_set_with_the_secret_and_no_polling(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    _, url = await start_webhook(emulator, start_telegram)

    assert emulator.webhook["url"] == url
    assert emulator.webhook["secret_token"] == SECRET
    assert emulator.called("getUpdates") == []


async def test_request_without_the_secret_gets_401_and_changes_nothing(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run, url = await start_webhook(emulator, start_telegram)
    [opening] = emulator.in_chat(p.GROUP_ID)
    press = emulator.press_update(p.user(61), opening, opening.buttons[0][1])

    assert await emulator.post_webhook(url, press, secret=None) == 401
    assert await emulator.post_webhook(url, press, secret="guessed") == 401

    assert emulator.answers == []
    assert await ballot_count(run) == 0


async def test_redelivered_update_counts_once(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run, url = await start_webhook(emulator, start_telegram)
    [opening] = emulator.in_chat(p.GROUP_ID)
    press = emulator.press_update(p.user(62), opening, opening.buttons[2][1])

    # answered only once handled: the answer is already there when the POST returns
    assert await emulator.post_webhook(url, press, secret=SECRET) == 200
    assert [a.get("text") for a in emulator.answers] == ["✅ Your vote for “Lemon” is recorded."]
    assert await emulator.post_webhook(url, press, secret=SECRET) == 200

    assert [a.get("text") for a in emulator.answers][1] is None  # spinner stopped, no text
    assert await ballot_count(run) == 1


async def test_body_that_is_not_an_update_is_refused(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run, url = await start_webhook(emulator, start_telegram)

    assert await emulator.post_webhook(url, {"hello": "world"}, secret=SECRET) == 400
    assert await ballot_count(run) == 0
