"""A contest in the console adapter: ``/submit @photo.jpg title``, ``/approve``, vote buttons,
``/close`` — what a brand sees when it tries Chorus in a terminal."""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.console.adapter import ConsoleAdapter
from adapters.console.translate import Command, parse_line, to_event
from bot.app import App
from bot.model.clock import ManualClock
from bot.model.events import Chat, CommandInvoked
from bot.model.members import Member
from campaigns import parse_config
from tests.campaigns.contest.kit import photo
from tests.conftest import START

CONFIG = """
[bot]
locale = "en"
timezone = "Europe/Paris"
moderators = ["console:camille"]

[console]
user = "camille"

[[campaigns]]
id = "cones"
kind = "contest"
title = "Best cone photo"
channels = ["console:main"]
duration = "7d"

[campaigns.contest]
prizes = ["A cone a day"]
claim_instructions = "Come to the shop."
"""


def test_an_at_word_attaches_a_local_file() -> None:
    parsed = parse_line("/submit @~/photos/cone.jpg Sunny cone")
    assert isinstance(parsed, Command)

    event = to_event(
        parsed,
        user=Member("console", "ana", "Ana"),
        chat=Chat("console", "main"),
        delivery_id="1",
        at=START,
    )

    assert isinstance(event, CommandInvoked)
    assert event.args == ("Sunny", "cone")
    assert [(a.file_ref, a.name) for a in event.attachments] == [("~/photos/cone.jpg", "cone.jpg")]


class Terminal:
    def __init__(self, app: App, adapter: ConsoleAdapter, out: io.StringIO) -> None:
        self.app, self.adapter, self.out = app, adapter, out

    async def type(self, *lines: str) -> str:
        before = len(self.out.getvalue())
        for line in lines:
            await self.adapter.handle_line(line)
        return self.out.getvalue()[before:]

    def button(self, label: str) -> str:
        """The number shown beside the latest button ``label``."""
        return re.findall(rf"\[([0-9]+)\] {re.escape(label)}\n", self.out.getvalue())[-1]

    async def deliver(self, expected: str) -> None:
        assert self.app.scheduler is not None and self.app.postman is not None
        self.app.postman.delivered.clear()
        await self.app.scheduler.tick()
        await self.app.postman.deliver_due()
        while expected not in self.out.getvalue():
            await asyncio.wait_for(self.app.postman.delivered.wait(), 10)
            self.app.postman.delivered.clear()


@pytest.fixture
async def terminal(database_url: str) -> AsyncIterator[Terminal]:
    config = parse_config(CONFIG)
    out = io.StringIO()
    adapter = ConsoleAdapter("camille", lambda code: None, stdin=io.StringIO(""), stdout=out)
    clock = ManualClock(START)
    app = App(
        config,
        adapters={"console": adapter},
        clock=clock,
        sweep_seconds=3600,
        database_url=database_url,
    )
    await app.start()
    running = Terminal(app, adapter, out)
    try:
        await running.deliver("📸 The contest is open: Best cone photo")
        yield running
    finally:
        await app.stop()


async def test_contest_in_the_terminal(terminal: Terminal, tmp_path: Path) -> None:
    picture = tmp_path / "cone.jpg"
    picture.write_bytes(photo(3, exif=True))

    said = await terminal.type("/as ana", f"/submit @{picture} Sunny cone")
    assert "Your entry #1 to “Best cone photo” is waiting for a moderator" in said
    await terminal.deliver("New entry #1 for “Best cone photo”")

    said = await terminal.type("/as camille", "/approve 1")
    assert "Entry #1 approved by camille" in said
    await terminal.deliver("#1 “Sunny cone” — ana")
    await terminal.deliver("Your entry #1 to “Best cone photo” is approved")

    vote = terminal.button("👍 Vote")
    said = await terminal.type("/as bob", vote)
    assert "Your vote for entry #1 is recorded (1 of 1)." in said
    said = await terminal.type("/as ana", vote)
    assert "You cannot vote for your own entry." in said

    await terminal.type("/as camille", "/close cones")
    await terminal.deliver("Come to the shop.")
    out = terminal.out.getvalue()
    assert "🥇 #1 “Sunny cone” — ana — prize: A cone a day (1 vote)" in out
    assert "[image: Sunny cone]" in out
    assert "(private message to ana)\nCongratulations! You won prize #1" in out
