"""The console adapter end to end with the real core: typed lines in, printed chat out."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from adapters.console.adapter import ConsoleAdapter
from bot.app import App
from bot.model.clock import ManualClock
from bot.model.events import CommandInvoked, Event
from campaigns import parse_config
from tests.conftest import START

CONFIG = """
[bot]
locale = "en"
timezone = "Europe/Paris"
moderators = ["console:camille"]

[console]
user = "camille"

[[campaigns]]
id = "flavour"
kind = "poll"
title = "Next flavour"
channels = ["console:main"]
duration = "7d"

[campaigns.poll]
options = ["Vanilla", "Pistachio", "Lemon"]
"""


@dataclass
class Console:
    """A started app whose only adapter is a console writing to ``out``."""

    app: App
    adapter: ConsoleAdapter
    out: io.StringIO

    def printed(self) -> str:
        return self.out.getvalue()

    async def type(self, *lines: str) -> str:
        """Type ``lines`` one after the other; return what they printed."""
        before = len(self.printed())
        for line in lines:
            await self.adapter.handle_line(line)
        return self.printed()[before:]

    async def deliver(self, expected: str) -> None:
        """Run the scheduler's catch-up and the outbox until ``expected`` is printed.

        The app's own outbox task may claim a message before this call does; then wait for
        that task to report the delivery instead of racing it.
        """
        assert self.app.scheduler is not None and self.app.postman is not None
        self.app.postman.delivered.clear()
        await self.app.scheduler.tick()
        await self.app.postman.deliver_due()
        while expected not in self.printed():
            await asyncio.wait_for(self.app.postman.delivered.wait(), 10)
            self.app.postman.delivered.clear()


@pytest.fixture
async def console(database_url: str) -> AsyncIterator[Console]:
    config = parse_config(CONFIG)
    out = io.StringIO()
    adapter = ConsoleAdapter(
        config.console.user, lambda code: None, stdin=io.StringIO(""), stdout=out
    )
    app = App(
        config,
        adapters={"console": adapter},
        clock=ManualClock(START),
        sweep_seconds=3600,
        database_url=database_url,
    )
    await app.start()
    running = Console(app, adapter, out)
    try:
        await running.deliver("🗳️ Next flavour")
        yield running
    finally:
        await app.stop()


async def test_opening_message_is_printed_with_numbered_buttons(console: Console) -> None:
    text = console.printed()

    assert "── #1 #main\n🗳️ Next flavour" in text
    assert "  [1] Vanilla\n  [2] Pistachio\n  [3] Lemon" in text


async def test_a_round_from_votes_to_announced_results(console: Console) -> None:
    said = await console.type("1")
    assert "(to camille, private)" in said
    assert "✅ Your vote for “Vanilla” is recorded." in said

    assert "you are now bob" in await console.type("/as bob")
    said = await console.type("2")
    assert "(to bob, private)" in said
    assert "✅ Your vote for “Pistachio” is recorded." in said

    await console.type("/as chloe")
    said = await console.type("2")
    assert "✅ Your vote for “Pistachio” is recorded." in said

    said = await console.type("/results")
    assert "📊 Current standing — Next flavour" in said
    assert "3 voters" in said
    assert said.index("Pistachio: 2") < said.index("Vanilla: 1")

    said = await console.type("/as camille", "/close")
    # only camille is told: the channel sees the results, not a notice first
    assert "(to camille, private)\n“Next flavour”: the round is closed" in said

    await console.deliver("🏁 Results — Next flavour")
    results = console.printed().split("── #2 #main\n", 1)[1]
    assert results.startswith("🏁 Results — Next flavour")
    assert "Pistachio: 2" in results
    assert "Vanilla: 1" in results
    assert "3 voters" in results
    assert "🏆 The winner is “Pistachio”." in results

    said = await console.type("3")  # the closed poll's message was edited without buttons
    assert "! no button [3]" in said
    assert "Your vote" not in said


async def test_changing_a_vote_is_acknowledged(console: Console) -> None:
    await console.type("1")

    said = await console.type("2")

    assert "🔁 Your vote now goes to “Pistachio”." in said


async def test_non_moderator_close_is_refused_and_round_stays_open(console: Console) -> None:
    await console.type("/as bob")

    said = await console.type("/close")

    assert "Only the campaign’s moderators can do that." in said
    assert "✅ Your vote for “Lemon” is recorded." in await console.type("3")


async def test_lang_switches_the_replies_language(console: Console) -> None:
    assert "langue\u00a0: fr" in await console.type("/lang fr")

    said = await console.type("1")

    assert "✅ Votre vote pour «\u00a0Vanilla\u00a0» est enregistré." in said
    assert "Your vote" not in said


async def test_unknown_button_number_is_explained_locally(console: Console) -> None:
    said = await console.type("9")

    assert "! no button [9]: type the number shown in brackets beside a button" in said
    assert "Your vote" not in said


async def test_bad_as_name_prints_usage(console: Console) -> None:
    said = await console.type("/as bad-name!")

    assert "! usage:" in said
    assert console.adapter.user == "camille"


async def test_quit_requests_stop() -> None:
    stops: list[int] = []
    adapter = ConsoleAdapter("camille", stops.append, stdin=io.StringIO(""), stdout=io.StringIO())

    await adapter.handle_line("/quit")

    assert stops == [0]


# The reader task


async def _no_event(event: Event) -> None:
    raise AssertionError(f"no event expected, got {event}")


async def test_nothing_to_read_alone_says_to_run_it_in_a_terminal_and_fails(
    capsys: pytest.CaptureFixture[str],
) -> None:
    stops: list[int] = []
    adapter = ConsoleAdapter(
        "camille", stops.append, stdin=io.StringIO(""), stdout=io.StringIO(), alone=True
    )

    await adapter.start(_no_event)
    assert adapter._task is not None
    await asyncio.wait_for(adapter._task, 10)

    assert stops == [1]
    assert "docker run -it" in capsys.readouterr().err


async def test_nothing_to_read_beside_other_platforms_keeps_running(
    capsys: pytest.CaptureFixture[str],
) -> None:
    stops: list[int] = []
    adapter = ConsoleAdapter(
        "camille", stops.append, stdin=io.StringIO(""), stdout=io.StringIO(), alone=False
    )

    await adapter.start(_no_event)
    assert adapter._task is not None
    await asyncio.wait_for(adapter._task, 10)

    assert stops == []
    assert capsys.readouterr().err == ""


async def test_typed_lines_reach_the_core_before_eof_stops() -> None:
    stopped = asyncio.Event()
    seen: list[Event] = []
    adapter = ConsoleAdapter(
        "camille",
        lambda code: stopped.set(),
        stdin=io.StringIO("/as bob\n/help\n"),
        stdout=io.StringIO(),
    )

    async def sink(event: Event) -> None:
        seen.append(event)

    await adapter.start(sink)
    try:
        await asyncio.wait_for(stopped.wait(), 10)
    finally:
        await adapter.stop()

    assert len(seen) == 1
    event = seen[0]
    assert isinstance(event, CommandInvoked)
    assert (event.name, event.args, event.user.key, event.chat.key) == (
        "help",
        (),
        "console:bob",
        "console:main",
    )
