"""Private messages Discord refuses (50007, direct messages closed), through the real
discord.py and the emulator: the member is told in the channel they asked from, the message
waits, and arrives once they opened their direct messages and use a command again."""

from __future__ import annotations

from bot.engine.i18n import Catalogs
from tests.adapters.discord import payloads as p
from tests.adapters.discord.conftest import StartDiscord, discord_config
from tests.adapters.discord.emulator import DiscordEmulator
from tests.adapters.discord.helpers import is_ephemeral, member_json, text_of

EN = Catalogs().translator("en")
MEMBER = member_json(1)
MEMBER_ID = "3" + f"{1:017d}"
NAME = "Member1"


async def command(emulator: DiscordEmulator, name: str) -> dict[str, object]:
    record = await emulator.interact(p.interaction(2, p.command_data(name, []), MEMBER))
    return await record.answer()  # type: ignore[no-any-return]


def dms(emulator: DiscordEmulator) -> list[dict[str, object]]:
    return [m for m in emulator.channel_posts if emulator.dm_channels.get(m["channel_id"])]


async def test_mydata_for_a_member_with_closed_dms_waits_until_they_open_them(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    run = await start_discord(discord_config(emulator))
    emulator.closed_dms.add(MEMBER_ID)

    answer = await command(emulator, "mydata")
    assert is_ephemeral(answer) and text_of(answer) == EN("privacy.sent")
    await run.tick()

    notice = EN("reach.notice.discord", member=NAME)
    told = [m for m in emulator.channel_posts if text_of(m) == notice]
    assert [m["channel_id"] for m in told] == [p.CHANNEL_ID]
    assert dms(emulator) == []

    await run.tick()  # nothing retried while the way stays closed
    assert dms(emulator) == [] and len(emulator.channel_posts) == len(told) + 1

    emulator.closed_dms.discard(MEMBER_ID)  # the member allows direct messages again
    await command(emulator, "help")
    await run.tick()

    [dm] = dms(emulator)
    assert emulator.dm_channels[str(dm["channel_id"])] == MEMBER_ID
    assert [a["filename"] for a in dm["attachments"]] == ["my-chorus-data.json"]  # type: ignore[index, union-attr]
