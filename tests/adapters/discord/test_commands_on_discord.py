"""Discord's application commands fit the server and old clients: only the commands of the
kinds that run are listed, fixed sets are choices, and what a stale client sends (an unknown
or missing option, an autocomplete request, a form Chorus no longer has) gets a clear answer
rather than a traceback. The real discord.py against the emulator."""

from __future__ import annotations

from typing import Any

from bot.config.model import Config
from bot.engine.i18n import Catalogs
from bot.model.states import IdeaStatus
from tests.adapters.discord import payloads as p
from tests.adapters.discord.conftest import StartDiscord, discord_config
from tests.adapters.discord.emulator import DiscordEmulator
from tests.adapters.discord.helpers import buttons_of, is_ephemeral, member_json, text_of
from tests.factories import ideas_config
from tests.log_guard import CapturedLogs

Json = dict[str, Any]
EN = Catalogs().translator("en")
FR = Catalogs().translator("fr")
MANAGER = member_json(2, permissions=p.MEMBER_PERMISSIONS | p.MANAGE_GUILD)


def plain(text: str) -> str:
    """Discord shows our texts with markup characters escaped; compare them without."""
    return text.replace("\\", "")


async def test_a_poll_only_server_lists_no_submit_pledge_or_score(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    await start_discord(discord_config(emulator))

    commands = {c["name"]: c for c in emulator.synced[p.GUILD_ID]}
    assert {"help", "campaigns", "results", "vote", "mydata"} <= set(commands)
    assert not {"submit", "pledge", "withdraw", "score", "idea", "ideas"} & set(commands)
    moderator = {o["name"] for o in commands["chorus"]["options"]}
    assert {"close", "extend", "status", "ban"} <= moderator
    assert not {"approve", "reject", "redraw", "setstatus", "merge"} & moderator


def idea_box(emulator: DiscordEmulator) -> Config:
    """The factories' idea box, in the emulator's channel only."""
    config = ideas_config()
    box = config.campaigns[0].model_copy(update={"channels": [f"discord:{p.CHANNEL_ID}"]})
    return config.model_copy(
        update={"campaigns": [box], "discord": discord_config(emulator).discord}
    )


async def command(
    emulator: DiscordEmulator,
    name: str,
    member: Json,
    *,
    sub: str | None = None,
    locale: str = "en-US",
    **values: str,
) -> Json:
    """``/name`` (``/name sub`` for the moderators' group) with these text options; its
    answer."""
    options = [{"type": 3, "name": key, "value": value} for key, value in values.items()]
    record = await emulator.interact(
        p.interaction(2, p.command_data(name, options, sub=sub), member, locale=locale)
    )
    answer: Json = await record.answer()
    return answer


async def test_idea_statuses_and_erase_are_offered_as_choices_on_discord(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    await start_discord(idea_box(emulator))

    commands = {c["name"]: c for c in emulator.synced[p.GUILD_ID]}
    [request] = commands["mydata"]["options"]
    assert [c["value"] for c in request["choices"]] == ["erase"]
    assert request["choices"][0]["name_localizations"]["fr"] == FR("request.erase")
    [setstatus] = [o for o in commands["chorus"]["options"] if o["name"] == "setstatus"]
    [status] = [o for o in setstatus["options"] if o["name"] == "new_status"]
    assert [c["value"] for c in status["choices"]] == list(IdeaStatus)
    names = {c["value"]: c["name_localizations"]["fr"] for c in status["choices"]}
    assert names["in_progress"] == FR("ideas.status.in_progress")


async def test_a_status_and_erase_picked_from_the_choices_are_understood_on_discord(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    run = await start_discord(idea_box(emulator))
    await command(emulator, "idea", member_json(1), text="A mint flavour")
    await run.tick()

    done = await command(
        emulator, "chorus", MANAGER, sub="setstatus", idea="1", new_status="in_progress"
    )
    erase = await command(emulator, "mydata", member_json(1), request="erase")

    assert text_of(done) == EN(
        "ideas.setstatus.done", number=1, status=EN("ideas.status.in_progress")
    )
    assert text_of(erase) == EN("privacy.erase.confirm")
    assert buttons_of(erase)


async def test_a_stale_clients_unknown_option_gets_a_clear_answer_on_discord(
    emulator: DiscordEmulator, start_discord: StartDiscord, logs: CapturedLogs
) -> None:
    await start_discord(discord_config(emulator))

    answer = await command(emulator, "results", member_json(1), round="2")
    french = await command(emulator, "campaigns", member_json(1), locale="fr", sort="new")

    assert text_of(answer) == plain(EN("discord.stale_command"))
    assert is_ephemeral(answer)
    assert "Ctrl" in text_of(french) and "Rechargez" in text_of(french)
    assert "Traceback" not in logs.text()


async def test_a_stale_clients_missing_option_gets_a_clear_answer_on_discord(
    emulator: DiscordEmulator, start_discord: StartDiscord, logs: CapturedLogs
) -> None:
    await start_discord(discord_config(emulator))

    answer = await command(emulator, "chorus", MANAGER, sub="extend", campaign="flavour")

    assert text_of(answer) == plain(EN("discord.stale_command"))
    assert "Traceback" not in logs.text()


async def test_an_autocomplete_request_gets_no_suggestion_and_no_traceback_on_discord(
    emulator: DiscordEmulator, start_discord: StartDiscord, logs: CapturedLogs
) -> None:
    await start_discord(discord_config(emulator))
    typing = [{"type": 3, "name": "choice", "value": "Pis", "focused": True}]

    record = await emulator.interact(
        p.interaction(4, p.command_data("vote", typing), member_json(1))
    )
    await record.until(lambda r: r.callback_type is not None)

    assert record.callback_type == 8
    assert record.callback_data == {"choices": []}
    assert "Traceback" not in logs.text()


async def test_an_expired_form_gets_this_form_is_no_longer_valid_on_discord(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    await start_discord(discord_config(emulator))
    form = {"custom_id": "chorus:submit:summer", "components": []}

    english = await emulator.interact(p.interaction(5, form, member_json(1)))
    french = await emulator.interact(p.interaction(5, form, member_json(2), locale="fr"))

    assert text_of(await english.answer()) == plain(EN("form.expired"))
    assert is_ephemeral(await english.answer())
    assert text_of(await french.answer()) == plain(FR("form.expired"))
