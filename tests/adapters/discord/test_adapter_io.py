"""The adapter alone against the emulator: /submit with a file, downloads, shards, invite URL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from adapters.discord.adapter import DiscordAdapter
from adapters.discord.invite import PERMISSIONS
from bot.cli import app as cli
from bot.config.platforms import DiscordSettings
from bot.model.actions import File, Image, Message, Post, Reply
from bot.model.errors import TooLarge, Undeliverable
from bot.model.events import Attachment, CommandInvoked, Event
from bot.model.unreachable import PlatformUnreachable, host_of
from tests.adapters.discord import payloads as p
from tests.adapters.discord.conftest import discord_adapter
from tests.adapters.discord.emulator import DiscordEmulator
from tests.adapters.discord.helpers import is_ephemeral, member_json, text_of

MEMBER = member_json(1)


def settings(emulator: DiscordEmulator, **extra: object) -> DiscordSettings:
    return DiscordSettings(api_base_url=emulator.api_url, gateway_url=emulator.gateway_url, **extra)  # type: ignore[arg-type]


@pytest.fixture
async def adapter(emulator: DiscordEmulator) -> AsyncIterator[DiscordAdapter]:
    """An adapter whose core records events and answers each with its command name."""
    started = discord_adapter(settings(emulator), emulator)
    started.events = []  # type: ignore[attr-defined]

    async def sink(event: Event) -> None:
        started.events.append(event)  # type: ignore[attr-defined]
        await started.send(Reply(event, Message(f"got {getattr(event, 'name', '?')}")))

    await started.start(sink)
    yield started
    await started.stop()


async def test_submit_carries_the_photo_as_an_attachment(
    emulator: DiscordEmulator, adapter: DiscordAdapter
) -> None:
    url = emulator.add_file("cat.jpg", b"\xff\xd8\xff" + b"j" * 2000)
    photo = p.attachment("1234", "cat.jpg", 2003, url, "image/jpeg")
    options = [
        {"type": 11, "name": "photo", "value": "1234"},
        {"type": 3, "name": "title", "value": "Sleepy cat"},
        {"type": 3, "name": "campaign", "value": "photos"},
    ]
    data = p.command_data("submit", options, resolved={"attachments": {"1234": photo}})
    record = await emulator.interact(p.interaction(2, data, member_json(1), locale="fr"))
    assert text_of(await record.answer()) == "got submit"
    [event] = adapter.events  # type: ignore[attr-defined]
    assert isinstance(event, CommandInvoked)
    assert event.args == ("photos", "Sleepy cat")
    assert event.attachments == (Attachment(url, "cat.jpg", "image/jpeg", 2003),)
    assert event.user.locale == "fr"
    assert event.delivery_id == record.id
    assert "global" in emulator.synced  # no guild_ids: global commands
    assert (
        await adapter.download(event.attachments[0], limit=10_000) == b"\xff\xd8\xff" + b"j" * 2000
    )


async def test_download_refuses_a_file_over_the_limit_claimed_or_real(
    emulator: DiscordEmulator, adapter: DiscordAdapter
) -> None:
    url = emulator.add_file("big.png", b"x" * 50_000)
    with pytest.raises(TooLarge):
        await adapter.download(Attachment(url, "big.png", "image/png", 50_000), limit=10_000)
    with pytest.raises(TooLarge):  # the platform's size claim lies: the bytes are counted
        await adapter.download(Attachment(url, "big.png", "image/png", 100), limit=10_000)


async def test_two_processes_split_the_shards(emulator: DiscordEmulator) -> None:
    first = discord_adapter(settings(emulator, shard_count=2, shard_ids=[0]), emulator)
    second = discord_adapter(settings(emulator, shard_count=2, shard_ids=[1]), emulator)

    async def sink(event: Event) -> None:
        return None

    await first.start(sink)
    await second.start(sink)
    await first.stop()
    await second.stop()
    assert sorted(tuple(i["shard"]) for i in emulator.identifies) == [(0, 2), (1, 2)]
    assert ("GET", "/gateway/bot") not in emulator.requests


async def test_invite_url_has_exactly_the_scopes_and_permissions_used(
    emulator: DiscordEmulator, monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    result = CliRunner().invoke(cli, ["discord", "invite-url", "--application-id", "42" * 9])
    assert result.exit_code == 0, result.output
    url = result.output.strip()
    assert "client_id=424242424242424242" in url
    assert "scope=bot+applications.commands" in url
    assert f"permissions={PERMISSIONS.value}" in url
    assert PERMISSIONS.value == (1 << 10) | (1 << 11) | (1 << 14) | (1 << 15)

    config = tmp_path / "config.toml"  # type: ignore[operator]
    config.write_text(f'[discord]\napi_base_url = "{emulator.api_url}"\n')
    monkeypatch.setenv("CHORUS_DISCORD_TOKEN", emulator.token)
    result = await asyncio.to_thread(
        CliRunner().invoke, cli, ["discord", "invite-url", "-c", str(config)]
    )
    assert result.exit_code == 0, result.output
    assert f"client_id={p.APPLICATION_ID}" in result.output


async def test_a_wrong_token_stops_start_up_with_a_clear_error(emulator: DiscordEmulator) -> None:
    wrong = DiscordAdapter(settings(emulator), "not-the-token", guild_ready_timeout=0.05)

    async def sink(event: Event) -> None:
        return None

    with pytest.raises(PlatformUnreachable) as refused:
        await wrong.start(sink)
    assert (refused.value.platform, refused.value.reason) == ("discord", "token")
    assert refused.value.host == host_of(str(wrong.settings.api_base_url))
    assert not emulator.identifies


def test_build_needs_the_token_from_the_environment(
    emulator: DiscordEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    from adapters.discord.adapter import TOKEN_ENV, build
    from adapters.registry import FACTORIES
    from bot.model.errors import ConfigError
    from tests.adapters.discord.conftest import discord_config

    assert FACTORIES["discord"] == "adapters.discord.adapter"
    config = discord_config(emulator)
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    with pytest.raises(ConfigError, match=TOKEN_ENV):
        build(config)
    monkeypatch.setenv(TOKEN_ENV, emulator.token)
    assert build(config).settings == config.discord


async def test_posts_in_a_burst_wait_for_the_channel_bucket_instead_of_hitting_429s(
    emulator: DiscordEmulator,
) -> None:
    emulator.bucket_size, emulator.bucket_window = 2, 0.3
    started = discord_adapter(settings(emulator), emulator)

    async def sink(event: Event) -> None:
        return None

    await started.start(sink)
    try:
        ids = await asyncio.gather(
            *(started.send(Post(p.CHANNEL_ID, Message(f"news {n}"))) for n in range(7))
        )
    finally:
        await started.stop()
    assert len(set(ids)) == 7
    assert sorted(text_of(m) for m in emulator.channel_posts) == [f"news {n}" for n in range(7)]
    assert emulator.invalid_429s == 0


async def test_stopping_lets_an_interaction_in_flight_be_answered(
    emulator: DiscordEmulator,
) -> None:
    started = discord_adapter(settings(emulator), emulator)
    arrived, release = asyncio.Event(), asyncio.Event()

    async def slow_sink(event: Event) -> None:
        arrived.set()
        await release.wait()
        await started.send(Reply(event, Message("done")))

    await started.start(slow_sink)
    record = await emulator.interact(p.interaction(2, p.command_data("help"), member_json(1)))
    await arrived.wait()
    stopping = asyncio.create_task(started.stop())
    release.set()
    await stopping
    assert text_of(await record.answer()) == "done"


def test_the_emulator_refuses_command_definitions_discord_would_refuse() -> None:
    from tests.adapters.discord.http import command_problems

    good = {"name": "vote", "type": 1, "description": "vote", "options": []}
    assert command_problems(good) == []
    assert command_problems({**good, "name": "Vote"})
    assert command_problems({**good, "description": "x" * 101})
    assert command_problems({**good, "name_localizations": {"fr": "voter maintenant"}})
    optional_first = [
        {"type": 3, "name": "campaign", "description": "c", "required": False},
        {"type": 3, "name": "choice", "description": "c", "required": True},
    ]
    assert command_problems({**good, "options": optional_first})


def uploaded(emulator: DiscordEmulator, message: dict[str, object]) -> dict[str, bytes]:
    """The files attached to ``message``, by file name, as the emulator received them."""
    attachments: list[dict[str, str]] = message["attachments"]  # type: ignore[assignment]
    return {a["filename"]: emulator.uploads[a["url"].rsplit("/", 1)[1]] for a in attachments}


async def test_documents_are_attached_to_replies_follow_ups_and_posts(
    emulator: DiscordEmulator, tmp_path: Path
) -> None:
    export = tmp_path / "export.csv"
    export.write_text("member,choice\nm1,Mint\n", encoding="utf-8")
    chart = tmp_path / "chart.png"
    chart.write_bytes(b"\x89PNG fake")
    document = File(str(export), "flavour-records.csv", "text/csv")
    started = discord_adapter(settings(emulator), emulator)

    async def sink(event: Event) -> None:
        await started.send(Reply(event, Message("yours", file=document), private=True))
        await started.send(Reply(event, Message("again", file=document), private=True))

    await started.start(sink)
    try:
        record = await emulator.interact(p.interaction(2, p.command_data("mydata", []), MEMBER))
        await record.until(lambda r: len(r.answers()) == 2)
        message = Message("Results", image=Image(str(chart), "Bar chart"), file=document)
        post_id = await started.send(Post(p.CHANNEL_ID, message))
        gone = File(str(tmp_path / "purged.csv"), "old.csv", "text/csv")
        with pytest.raises(Undeliverable):
            await started.send(Post(p.CHANNEL_ID, Message("late", file=gone)))
    finally:
        await started.stop()

    first, followup = record.answers()
    csv = b"member,choice\nm1,Mint\n"
    assert is_ephemeral(first) and uploaded(emulator, first) == {"flavour-records.csv": csv}
    assert is_ephemeral(followup) and uploaded(emulator, followup) == {"flavour-records.csv": csv}
    assert post_id is not None
    post = emulator.messages[post_id]
    assert uploaded(emulator, post) == {"image.png": b"\x89PNG fake", "flavour-records.csv": csv}
    assert post["embeds"][0]["image"]["url"] == "attachment://image.png"
    assert [m["content"] for m in emulator.channel_posts if m.get("content")] == []  # not "late"
