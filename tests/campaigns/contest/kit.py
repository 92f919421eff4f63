"""Builders for contest tests: a two-platform contest config, photos, members and their
commands, and an app wired to one in-memory adapter per platform."""

from __future__ import annotations

import io
import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from PIL import Image, ImageDraw

from adapters.memory import MemoryAdapter
from bot.app import App
from bot.config.model import Config
from bot.engine.runtime import Runtime
from bot.model.actions import Direct, Post
from bot.model.clock import ManualClock
from bot.model.events import Attachment, ButtonPressed, Chat, CommandInvoked
from bot.model.members import Member
from campaigns import parse_config

TELEGRAM = "telegram:-1001234"
DISCORD = "discord:222222222222222222"
MODERATORS = "telegram:-1009999"
TELEGRAM_MOD = "777"
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
_deliveries = itertools.count(1)

CONTEST = """
[bot]
locale = "en"
timezone = "Europe/Paris"
moderators = ["telegram:{mod}"]

[[campaigns]]
id = "summer"
kind = "contest"
title = "Funniest summer photo"
channels = ["{telegram}", "{discord}"]
duration = "7d"
{phases}

[campaigns.contest]
{settings}
"""


def contest_config(settings: str = "", *, phases: str = "", locale: str = "en") -> Config:
    """A contest ``summer`` on Telegram and Discord, opening on start, reviewed in
    ``MODERATORS`` (``settings`` adds lines to ``[campaigns.contest]``)."""
    lines = f'moderators_channel = "{MODERATORS}"\n' + settings
    text = CONTEST.format(
        mod=TELEGRAM_MOD, telegram=TELEGRAM, discord=DISCORD, phases=phases, settings=lines
    ).replace('locale = "en"', f'locale = "{locale}"', 1)
    return parse_config(text)


def photo(
    seed: int, *, size: tuple[int, int] = (64, 48), kind: str = "JPEG", exif: bool = False
) -> bytes:
    """A small picture that differs for each ``seed`` (optionally with GPS metadata)."""
    image = Image.new("RGB", size, ((seed * 37) % 256, (seed * 91) % 256, (seed * 53) % 256))
    ImageDraw.Draw(image).rectangle((seed % 20, 2, seed % 20 + 10, 12), fill=(255, 255, 255))
    out = io.BytesIO()
    options: dict[str, object] = {}
    if exif:
        tags = Image.Exif()
        tags[0x010F] = "PhoneMaker"  # camera make
        tags[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0)}  # GPS position
        options["exif"] = tags.tobytes()
    image.save(out, kind, **options)
    return out.getvalue()


def person(platform: str, user_id: str, name: str = "", locale: str | None = None) -> Member:
    return Member(platform, user_id, name or user_id.capitalize(), locale)


def chat_of(channel: str, *, private: bool = False) -> Chat:
    platform, ident = channel.split(":", 1)
    return Chat(platform, ident, private)


def channel_of(user: Member) -> str:
    return TELEGRAM if user.platform == "telegram" else DISCORD


def submit(
    user: Member,
    *args: str,
    file_ref: str | None = None,
    size: int | None = None,
    mime: str | None = "image/jpeg",
    channel: str | None = None,
    delivery_id: str | None = None,
    private: bool = False,
) -> CommandInvoked:
    """``/submit args…`` from ``user`` in their platform's campaign channel (or ``channel``)."""
    attachments = () if file_ref is None else (Attachment(file_ref, "photo.jpg", mime, size),)
    return CommandInvoked(
        platform=user.platform,
        delivery_id=delivery_id or f"c-{next(_deliveries)}",
        chat=chat_of(channel or channel_of(user), private=private),
        user=user,
        received_at=START,
        name="submit",
        args=args,
        attachments=attachments,
    )


def typed(user: Member, name: str, *args: str, channel: str | None = None) -> CommandInvoked:
    """Any other command from ``user``."""
    return CommandInvoked(
        platform=user.platform,
        delivery_id=f"c-{next(_deliveries)}",
        chat=chat_of(channel or channel_of(user)),
        user=user,
        received_at=START,
        name=name,
        args=args,
    )


def press(
    user: Member, action: str, *, channel: str | None = None, delivery_id: str | None = None
) -> ButtonPressed:
    return ButtonPressed(
        platform=user.platform,
        delivery_id=delivery_id or f"b-{next(_deliveries)}",
        chat=chat_of(channel or channel_of(user)),
        user=user,
        received_at=START,
        action=action,
    )


@dataclass
class Community:
    """A started app with one in-memory adapter per platform and a manual clock."""

    app: App
    runtime: Runtime
    clock: ManualClock
    adapters: dict[str, MemoryAdapter] = field(default_factory=dict)

    async def push(self, event: CommandInvoked | ButtonPressed) -> None:
        """Deliver an event as its platform would, then post what the outbox holds."""
        await self.adapters[event.platform].push(event)
        await self.deliver()

    async def deliver(self) -> None:
        assert self.app.postman is not None
        await self.app.postman.deliver_due()

    async def tick(self) -> None:
        assert self.app.scheduler is not None
        await self.app.scheduler.tick()
        await self.deliver()

    def upload(self, user: Member, ref: str, data: bytes) -> str:
        """Make ``data`` downloadable on ``user``'s platform; return its file reference."""
        self.adapters[user.platform].files[ref] = data
        return ref

    def answers(self, user: Member) -> list[str]:
        return self.adapters[user.platform].replies_to(user.id)

    def last_answer(self, user: Member) -> str:
        answers = self.answers(user)
        assert answers, f"{user.key} got no answer"
        return answers[-1]

    def directs(self, user: Member) -> list[str]:
        return self.adapters[user.platform].directs_to(user.id)

    def posts(self, channel: str, kind: str = "") -> list[Post]:
        platform, ident = channel.split(":", 1)
        return [
            p for p in self.adapters[platform].posts if p.channel == ident and f":{kind}" in p.key
        ]

    def direct_actions(self, user: Member) -> list[Direct]:
        return [d for d in self.adapters[user.platform].directs if d.user_id == user.id]


StartCommunity = Callable[..., Awaitable[Community]]
