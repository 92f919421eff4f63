"""Delivery on Discord: resume replays, deferred answers, rate limits, DMs, live edits."""

from __future__ import annotations

import asyncio

import pytest

from adapters.discord.adapter import DiscordAdapter
from bot.model.actions import Direct, Edit, Message
from bot.model.errors import Undeliverable
from storage.db import Database
from storage.delivery.journal import pending_on, write_journal
from storage.poll.votes import ballots_of
from tests.adapters.discord import payloads as p
from tests.adapters.discord.conftest import StartDiscord, discord_config
from tests.adapters.discord.emulator import DiscordEmulator
from tests.adapters.discord.helpers import buttons_of, is_ephemeral, member_json, text_of
from tests.conftest import hold_core


async def test_events_missed_during_a_blip_are_replayed_on_resume_and_counted_once(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    run = await start_discord(discord_config(emulator))
    [opening] = emulator.channel_posts
    [vanilla, *_] = [custom_id for _, custom_id in buttons_of(opening)]
    await emulator.drop()
    missed = await emulator.interact(emulator.press_payload(member_json(1), opening["id"], vanilla))
    await asyncio.wait_for(emulator.connected.wait(), 10)
    assert "recorded" in text_of(await missed.answer())
    assert emulator.resumes, "the client resumed its session instead of identifying again"
    assert len(emulator.identifies) == 1

    # the same interaction delivered once more (a second replay): no second vote, no answer
    await emulator.replay(missed)
    await missed.until(lambda _: emulator.refused_callbacks == 1)
    check = await emulator.interact(emulator.press_payload(member_json(2), opening["id"], vanilla))
    await check.answer()
    round_id = int(vanilla.split(":")[1])
    assert sorted(await ballots_of(run.runtime.db, round_id)) == [(0,), (0,)]
    assert len(missed.answers()) == 1


async def test_a_slow_answer_is_deferred_then_follows_up_privately(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    config = discord_config(emulator, extra="")
    config = config.model_copy(
        update={"discord": config.discord.model_copy(update={"defer_after": 0.001})}
    )
    run = await start_discord(config)
    held = hold_core(run.app)
    [opening] = emulator.channel_posts
    [_, pistachio, _] = [custom_id for _, custom_id in buttons_of(opening)]
    record = await emulator.interact(
        emulator.press_payload(member_json(1), opening["id"], pistachio)
    )
    await asyncio.wait_for(record.acked.wait(), 10)
    assert record.callback_type == 5  # deferred, "thinking…"
    # Discord now takes it as received: it is journaled until handled
    assert [d.delivery_id for d in await pending_on(run.runtime.db, "discord")] == [record.id]
    held.release.set()
    answer = await record.answer()
    assert "Pistachio" in text_of(answer)
    assert is_ephemeral(answer)
    await run.adapter.stop()  # lets what is in flight finish
    assert await pending_on(run.runtime.db, "discord") == []


async def test_replayed_interaction_whose_vote_landed_is_not_counted_twice(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    config = discord_config(emulator, extra="")
    config = config.model_copy(
        update={"discord": config.discord.model_copy(update={"defer_after": 0.001})}
    )
    run = await start_discord(config)
    held = hold_core(run.app)
    [opening] = emulator.channel_posts
    [vanilla, *_] = [custom_id for _, custom_id in buttons_of(opening)]
    record = await emulator.interact(emulator.press_payload(member_json(1), opening["id"], vanilla))
    await asyncio.wait_for(record.acked.wait(), 10)
    [entry] = await pending_on(run.runtime.db, "discord")
    held.release.set()
    assert "recorded" in text_of(await record.answer())
    await run.app.stop()

    # what a crash after the vote and before the journal entry's removal leaves behind
    db = Database.connect(run.runtime.db.engine.url.render_as_string(hide_password=False))
    try:
        await write_journal(db, [entry], [])
        again = await start_discord(config, clock=run.clock)
        await again.app.stop()  # the replay runs during the start and is finished by the stop

        assert await pending_on(db, "discord") == []  # replayed and finished
        round_id = int(vanilla.split(":")[1])
        assert await ballots_of(db, round_id) == [(0,)]
    finally:
        await db.close()
    [answer] = record.answers()  # no second answer, and the first one is left in place
    assert "recorded" in text_of(answer) and not record.deleted_original


async def test_a_public_answer_after_a_defer_goes_to_the_channel(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    config = discord_config(emulator, extra="")
    config = config.model_copy(
        update={"discord": config.discord.model_copy(update={"defer_after": 0.001})}
    )
    run = await start_discord(config)
    held = hold_core(run.app)
    # a public answer after an ephemeral defer goes to the channel; "thinking…" is removed
    manager = member_json(2, permissions=p.MEMBER_PERMISSIONS | p.MANAGE_GUILD)
    pause = await emulator.interact(
        p.interaction(2, p.command_data("chorus", sub="pause"), manager)
    )
    await asyncio.wait_for(pause.acked.wait(), 10)
    held.release.set()
    await pause.until(lambda record: record.deleted_original)
    assert any("the round is paused" in text_of(m) for m in emulator.channel_posts)


async def test_a_rate_limited_post_is_retried_after_retry_after(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    emulator.limit(f"POST /channels/{p.CHANNEL_ID}/messages", times=2)
    await start_discord(discord_config(emulator))
    assert emulator.injected_429s == 2
    assert len(emulator.channel_posts) == 1
    assert emulator.invalid_429s == 0


async def test_live_standing_edits_the_opening_message_and_keeps_its_buttons(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    run = await start_discord(discord_config(emulator))
    [opening] = emulator.channel_posts
    [vanilla, *_] = [custom_id for _, custom_id in buttons_of(opening)]
    record = await emulator.interact(emulator.press_payload(member_json(1), opening["id"], vanilla))
    await record.answer()
    assert run.runtime.live is not None
    await run.runtime.live.flush()
    edited = emulator.messages[opening["id"]]
    assert edited["edited_timestamp"] is not None
    assert "Vanilla: 1 (" in text_of(edited)
    assert [c for _, c in buttons_of(edited)] == [c for _, c in buttons_of(opening)]


async def test_edits_in_a_burst_end_on_the_latest_content_with_fewer_requests(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    run = await start_discord(discord_config(emulator))
    [opening] = emulator.channel_posts
    before = len(emulator.edits)
    await asyncio.gather(
        *(
            run.adapter.send(Edit(p.CHANNEL_ID, opening["id"], Message(f"standing {n}")))
            for n in range(8)
        )
    )
    assert text_of(emulator.messages[opening["id"]]) == "standing 7"
    assert len(emulator.edits) - before < 8
    assert emulator.invalid_429s == 0


async def test_direct_message_and_a_member_who_refuses_them(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    run = await start_discord(discord_config(emulator))
    sent = await run.adapter.send(Direct("300000000000000001", Message("Your idea is approved")))
    assert sent is not None
    dm = emulator.messages[sent]
    assert emulator.dm_channels[dm["channel_id"]] == "300000000000000001"
    assert text_of(dm) == "Your idea is approved"
    emulator.closed_dms.add("300000000000000002")
    with pytest.raises(Undeliverable, match="50007"):
        await run.adapter.send(Direct("300000000000000002", Message("hello")))


async def test_buttons_sent_leave_no_view_behind_in_discord_py(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    """Presses reach the one dynamic button class, whatever message they are on: discord.py
    keeps no view per message sent (that store would grow with every opening and hand each
    press to a second, idle callback)."""
    run = await start_discord(discord_config(emulator))
    [opening] = emulator.channel_posts
    [vanilla, *_] = [custom_id for _, custom_id in buttons_of(opening)]
    press = await emulator.interact(emulator.press_payload(member_json(1), opening["id"], vanilla))
    assert "recorded" in text_of(await press.answer())
    adapter = run.runtime.adapters["discord"]
    assert isinstance(adapter, DiscordAdapter) and adapter.client is not None
    assert adapter.client.persistent_views == []
