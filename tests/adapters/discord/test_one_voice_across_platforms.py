"""One person, one voice across platforms, end to end: Ana is on Telegram and, as Bob, on
Discord; both real SDKs talk to their emulators in one app. Once she links her accounts with
``/link``, both share one ballot; codes are single use and expire after 10 minutes; unlinking
mid-round frees no second vote in that round."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from storage.poll.votes import ballots_of
from storage.rounds import latest_round
from tests.adapters.discord.helpers import buttons_of, member_json, text_of
from tests.adapters.discord.two_platforms import BothRun, StartBoth, in_group
from tests.adapters.telegram import payloads as tp
from tests.adapters.telegram.emulator import Sent
from tests.factories import POLL_TOML

ANA = tp.user(71, "Ana")  # on Telegram
TOM = tp.user(72, "Tom")
BOB = member_json(1)  # Ana on Discord
CARL = member_json(2)
POLL = POLL_TOML.replace("{{", "{{{{").format(
    locale="en",
    title="Next flavour",
    max_choices=1,
    anonymous="true",
    results="live",
    channels='["{group}", "discord:{channel}"]',
)
CODE = re.compile(r"/link ([A-Z0-9]{8})")


def user_id(member: dict[str, Any]) -> str:
    return str(member["user"]["id"])


async def code_for(run: BothRun, member: dict[str, Any]) -> str:
    """``member`` asks for a code in the Telegram group; the code they receive privately."""
    run.telegram.started_private.add(int(member["id"]))
    answer = await run.say(member, "/link")
    assert "sent you a one-time code privately" in answer
    await run.tick()
    [dm] = [t for t in run.telegram_dms(int(member["id"])) if CODE.search(t)][-1:]
    match = CODE.search(dm)
    assert match is not None
    return match.group(1)


async def vote_on_telegram(run: BothRun, member: dict[str, Any], label: str) -> str:
    [opening] = [s for s in in_group(run.telegram) if s.buttons]
    [data] = [d for text, d in opening.buttons if text == label]
    return await _press(run, member, opening, data)


async def _press(run: BothRun, member: dict[str, Any], on: Sent, data: str) -> str:
    update = await run.telegram.press(member, on, data)
    query = update["callback_query"]["id"]
    await run.telegram.wait_until(
        lambda: any(a["callback_query_id"] == query for a in run.telegram.answers)
    )
    [answer] = [a for a in run.telegram.answers if a["callback_query_id"] == query]
    return str(answer.get("text", ""))


async def vote_on_discord(run: BothRun, member: dict[str, Any], label: str) -> str:
    [opening] = [m for m in run.discord.channel_posts if buttons_of(m)]
    [custom_id] = [cid for text, cid in buttons_of(opening) if text == label]
    record = await run.discord.interact(
        run.discord.press_payload(member, str(opening["id"]), custom_id)
    )
    return text_of(await record.answer())


async def ballots(run: BothRun) -> list[tuple[int, ...]]:
    round_ = await latest_round(run.runtime.db, "flavour")
    assert round_ is not None
    return await ballots_of(run.runtime.db, round_.id)


async def test_linked_accounts_vote_once_across_telegram_and_discord(
    start_both: StartBoth,
) -> None:
    run = await start_both(POLL)
    code = await code_for(run, ANA)

    linked = await run.command(BOB, "link", code=code)
    assert "Linked: your telegram account (Ana) and this one are now one person" in linked
    await run.tick()
    assert any("Linked: your discord account" in t for t in run.telegram_dms(71))

    assert "is recorded" in await vote_on_telegram(run, ANA, "Vanilla")
    moved = await vote_on_discord(run, BOB, "Pistachio")
    assert "Your vote now goes to “Pistachio”" in moved
    assert "Your linked accounts share this ballot" in moved
    assert await ballots(run) == [(1,)]


async def test_a_code_works_once_and_expires_after_ten_minutes(start_both: StartBoth) -> None:
    run = await start_both(POLL)
    code = await code_for(run, ANA)
    assert "Linked" in await run.command(BOB, "link", code=code)

    again = await run.command(CARL, "link", code=code)
    assert "This code was already used" in again

    late = await code_for(run, TOM)
    run.clock.advance(timedelta(minutes=10, seconds=1))
    expired = await run.command(CARL, "link", code=late)
    assert "This code has expired" in expired
    assert "This account is not linked to any other." in await run.say(TOM, "/link")


async def test_unlinking_mid_round_gives_no_second_vote_in_that_round(
    start_both: StartBoth,
) -> None:
    run = await start_both(POLL)
    code = await code_for(run, ANA)
    await run.command(BOB, "link", code=code)
    await vote_on_discord(run, BOB, "Lemon")

    unlinked = await run.command(BOB, "unlink", platform="telegram")
    assert "Your telegram account (Ana) is unlinked" in unlinked
    toast = await vote_on_telegram(run, ANA, "Vanilla")
    assert toast == "🔁 Your vote now goes to “Vanilla”."
    # the whole answer, too long for a toast, is written to her privately
    assert "Your linked accounts share this ballot" in run.telegram_dms(71)[-1]

    assert await ballots(run) == [(0,)]  # still one ballot: the latest choice
