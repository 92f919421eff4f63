"""Privacy of a person with linked accounts, end to end on Telegram and Discord in one app:
``/mydata`` on one account returns the data of both, ``/mydata erase`` on the other erases
both, in one transaction: cut short, it erases nothing and may be asked again. The retention
purge takes the links of the accounts it purges with them."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.identity.tables import PERSON, PERSON_LINK
from storage.poll.votes import ballots_of
from storage.privacy import erasure
from storage.rounds import latest_round
from storage.tables import PARTICIPANT
from tests.adapters.discord import payloads as dp
from tests.adapters.discord.helpers import buttons_of, text_of
from tests.adapters.discord.test_one_voice_across_platforms import POLL
from tests.adapters.discord.two_platforms import BothRun, StartBoth
from tests.adapters.telegram import payloads as tp
from tests.traces import traces_in_database

ZOE_ON_TELEGRAM = tp.user(987654321, "Zoequennell")
ZOE_DISCORD_ID = "3" + f"{5550123987:017d}"
ZOE_ON_DISCORD = dp.member(ZOE_DISCORD_ID, "Zoediscordia")
HER = ("987654321", "Zoequennell", ZOE_DISCORD_ID, "Zoediscordia")


async def test_mydata_returns_both_accounts_and_erase_removes_both(
    start_both: StartBoth,
) -> None:
    run = await start_both(POLL)
    await run.link(ZOE_ON_TELEGRAM, ZOE_ON_DISCORD)
    await run.press_on_discord(ZOE_ON_DISCORD, "Lemon")

    assert "on its way to you in a private message" in await run.say(ZOE_ON_TELEGRAM, "/mydata")
    await run.tick()
    [sent] = [s for s in run.telegram.sent if s.chat_id == 987654321 and s.document]
    assert sent.document is not None
    data = json.loads(sent.document.data.decode("utf-8"))
    assert data["member"]["user_id"] == "987654321"
    [other] = data["linked_accounts"]
    assert other["member"]["user_id"] == ZOE_DISCORD_ID
    assert [b["choices"] for b in data["ballots"] + other["ballots"]] == [["Lemon"]]

    assert (await erase_on_discord(run)).startswith("Done: your data is erased")
    await run.tick()

    db = run.runtime.db
    assert await traces_in_database(db, HER) == []
    round_ = await latest_round(db, "flavour")
    assert round_ is not None
    assert await ballots_of(db, round_.id) == []


async def erase_on_discord(run: BothRun) -> str:
    """Zoé asks ``/mydata erase`` on Discord and confirms; Chorus's last answer."""
    asked = await run.discord.interact(
        dp.interaction(
            2,
            dp.command_data("mydata", [{"type": 3, "name": "request", "value": "erase"}]),
            ZOE_ON_DISCORD,
        )
    )
    confirm = await asked.answer()
    [(_, custom_id)] = buttons_of(confirm)
    pressed = await run.discord.interact(
        run.discord.press_payload(ZOE_ON_DISCORD, str(confirm["id"]), custom_id)
    )
    return text_of(await pressed.answer())


async def test_an_erasure_cut_short_erases_no_account_and_can_be_asked_again(
    start_both: StartBoth, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = await start_both(POLL)
    await run.link(ZOE_ON_TELEGRAM, ZOE_ON_DISCORD)
    await run.press_on_discord(ZOE_ON_DISCORD, "Lemon")
    db = run.runtime.db
    held = await traces_in_database(db, HER)
    real = erasure._forget_participant
    forgotten: list[int] = []

    async def cut_at_the_second_account(conn: AsyncConnection, participant: int, alias: str) -> Any:
        forgotten.append(participant)
        if len(forgotten) == 2:
            raise ConnectionError("the database went away")
        await real(conn, participant, alias)

    monkeypatch.setattr(erasure, "_forget_participant", cut_at_the_second_account)
    assert not (await erase_on_discord(run)).startswith("Done")

    assert len(forgotten) == 2  # the first account was erased in the transaction, then undone
    assert await traces_in_database(db, HER) == held
    round_ = await latest_round(db, "flavour")
    assert round_ is not None
    assert await ballots_of(db, round_.id) == [(2,)]

    monkeypatch.setattr(erasure, "_forget_participant", real)
    assert (await erase_on_discord(run)).startswith("Done: your data is erased")
    assert await traces_in_database(db, HER) == []
    assert await ballots_of(db, round_.id) == []


async def test_the_retention_purge_drops_the_links_of_the_accounts_it_purges(
    start_both: StartBoth,
) -> None:
    run = await start_both(POLL.replace('duration = "7d"', 'duration = "7d"\nretain_days = 30'))
    await run.link(ZOE_ON_TELEGRAM, ZOE_ON_DISCORD)
    await run.press_on_discord(ZOE_ON_DISCORD, "Lemon")  # the person's ballot, under Telegram's
    run.clock.advance(timedelta(days=7, minutes=1))
    await run.tick()  # closed and announced
    run.clock.advance(timedelta(days=30, minutes=1))
    await run.tick()

    db = run.runtime.db
    async with db.reading() as conn:
        links = (await conn.execute(select(func.count()).select_from(PERSON_LINK))).scalar_one()
        persons = (await conn.execute(select(func.count()).select_from(PERSON))).scalar_one()
        members = (await conn.execute(select(PARTICIPANT.c.platform))).scalars().all()
    assert (links, persons) == (0, 0)
    assert "telegram" not in members  # her Telegram account, purged, is not kept by its link
    assert "This account is not linked to any other." in await run.command(ZOE_ON_DISCORD, "link")
