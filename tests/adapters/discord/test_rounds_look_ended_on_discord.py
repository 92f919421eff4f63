"""A round that ends looks ended on Discord: the real discord.py against the emulator. The
opening loses its buttons at close and cancel and says so; a deadline change shows at once;
a pledge refused after an early close says why."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.engine.i18n import Catalogs
from campaigns import parse_config
from tests.adapters.discord import payloads as p
from tests.adapters.discord.conftest import DiscordRun, StartDiscord, discord_config
from tests.adapters.discord.emulator import DiscordEmulator
from tests.adapters.discord.helpers import buttons_of, member_json, text_of
from tests.conftest import START
from tests.factories import pledge_text

EN = Catalogs().translator("en")
MANAGER = member_json(2, permissions=p.MEMBER_PERMISSIONS | p.MANAGE_GUILD)


async def control(
    run: DiscordRun, emulator: DiscordEmulator, verb: str, **options: str
) -> dict[str, Any]:
    """``/chorus verb`` by a server manager; the answer, once the outbox has run."""
    listed = [{"type": 3, "name": name, "value": value} for name, value in options.items()]
    record = await emulator.interact(
        p.interaction(2, p.command_data("chorus", listed, sub=verb), MANAGER)
    )
    answer: dict[str, Any] = await record.answer()
    await run.tick()
    return answer


def plain(text: str) -> str:
    """Discord shows our texts with markup characters escaped; compare them without."""
    return text.replace("\\", "")


async def test_closed_poll_loses_its_buttons_on_discord(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    run = await start_discord(discord_config(emulator))
    [opening] = emulator.channel_posts
    assert buttons_of(opening)

    await control(run, emulator, "close")

    assert opening["components"] == []
    text = plain(text_of(opening))
    assert EN("round.ended.closed") in text
    assert EN("round.ended.results_below", command="/results flavour") in text
    assert "Results" in text_of(emulator.channel_posts[-1])


async def test_cancel_tells_the_channel_its_reason_on_discord(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    run = await start_discord(discord_config(emulator))
    [opening] = emulator.channel_posts

    await control(run, emulator, "cancel", reason="prize withdrawn")

    assert opening["components"] == []
    assert EN("round.ended.cancelled", reason="prize withdrawn") in plain(text_of(opening))
    notice = EN("round.cancelled.notice", title="Next flavour", reason="prize withdrawn")
    assert [plain(text_of(m)) for m in emulator.channel_posts[1:]] == [notice]


async def test_extend_updates_the_deadline_line_at_once_on_discord(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    run = await start_discord(discord_config(emulator))
    [opening] = emulator.channel_posts

    await control(run, emulator, "extend", duration="2d")

    later = int((START + timedelta(days=9)).timestamp())
    stamp = f"<t:{later}:f> (<t:{later}:R>)"
    assert EN("poll.opening.closes", when=stamp) in plain(text_of(opening))
    assert len(buttons_of(opening)) == 3


async def test_pledge_refused_after_an_early_close_says_the_round_was_closed_on_discord(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    base = discord_config(emulator)
    text = pledge_text(channels=(f"discord:{p.CHANNEL_ID}",))
    section = f"""
[discord]
guild_ids = ["{p.GUILD_ID}"]
api_base_url = "{base.discord.api_base_url}"
gateway_url = "{base.discord.gateway_url}"
"""
    run = await start_discord(parse_config(text + section))
    [opening] = emulator.channel_posts
    tier = buttons_of(opening)[0][1]

    await control(run, emulator, "close")
    press = emulator.press_payload(member_json(7), opening["id"], tier)
    record = await emulator.interact(press)
    answer = await record.answer()

    assert opening["components"] == []
    assert plain(text_of(answer)) == EN("pledge.closed_early")


async def test_extend_by_an_absurd_duration_is_refused_clearly_on_discord(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    run = await start_discord(discord_config(emulator))

    answer = await control(run, emulator, "extend", duration="99999999d")

    assert "at most 3650 days from now" in plain(text_of(answer))
    assert "went wrong" not in text_of(answer)
