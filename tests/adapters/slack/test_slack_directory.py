"""The workspace's directory read at start (``users.list``, with languages): a member who was
in the workspace before Chorus started votes and is answered in their language with no
``users.info`` of their own; a member who joined since is still looked up, until the directory
is read again (every half ``member_ttl``, before what it taught expires); a directory Slack will not
give (rate limited past slack-sdk's retries) changes nothing but a warning."""

from __future__ import annotations

import logging

import pytest

from adapters.slack.translate import escape
from bot.engine.i18n import Catalogs
from bot.model.events import Event
from tests.adapters.slack.conftest import CHANNEL, SlackRun, StartSlack, make_adapter
from tests.adapters.slack.emulator import SlackEmulator
from tests.adapters.slack.payloads import block_actions
from tests.factories import poll_config

FR = Catalogs().translator("fr")
EN = Catalogs().translator("en")
EARLY = [f"U0EARLY{n:02d}" for n in range(250)]  # more than one page of 200
NEWCOMER = "U0NEWBIE1"


def lookups(emulator: SlackEmulator) -> list[str]:
    return [str(call.get("user")) for call in emulator.calls_of("users.info")]


async def vote(run: SlackRun, member: str) -> str:
    [opening] = run.emulator.in_channel(CHANNEL)
    press = block_actions(member, CHANNEL, opening.ts, opening.buttons()[0]["value"])
    await run.delivery.interaction(press)
    await run.adapter.drain()
    [answer] = [e for e in run.emulator.ephemerals if e["user"] == member]
    return str(answer["text"])


@pytest.mark.parametrize("mode", ["socket", "http"])
async def test_members_known_before_start_are_answered_without_a_lookup(
    emulator: SlackEmulator, start_slack: StartSlack, mode: str
) -> None:
    for member in EARLY:
        emulator.add_user(member, locale="fr-FR")
    run = await start_slack(poll_config(channels=(f"slack:{CHANNEL}",)), mode)
    await run.adapter.directory_read()
    emulator.add_user(NEWCOMER, locale="en-GB")

    assert await vote(run, EARLY[0]) == escape(FR("poll.vote.recorded", option="Vanilla"))
    assert await vote(run, EARLY[-1]) == escape(FR("poll.vote.recorded", option="Vanilla"))
    assert await vote(run, NEWCOMER) == escape(EN("poll.vote.recorded", option="Vanilla"))

    assert lookups(emulator) == [NEWCOMER]
    pages = emulator.calls_of("users.list")
    assert len(pages) == 2
    assert all(str(page["include_locale"]).lower() in ("true", "1") for page in pages)


async def test_a_directory_slack_refuses_leaves_members_looked_up_one_by_one(
    emulator: SlackEmulator, start_slack: StartSlack, caplog: pytest.LogCaptureFixture
) -> None:
    emulator.add_user(EARLY[0], locale="fr-FR")
    emulator.rate_limit("users.list", times=4)  # past slack-sdk's own three retries
    with caplog.at_level(logging.WARNING, logger="adapters.slack.adapter"):
        run = await start_slack(poll_config(channels=(f"slack:{CHANNEL}",)), "socket")
        await run.adapter.directory_read()

    assert await vote(run, EARLY[0]) == escape(FR("poll.vote.recorded", option="Vanilla"))
    assert lookups(emulator) == [EARLY[0]]
    assert any("users.list" in r.getMessage() for r in caplog.records)


async def test_the_directory_is_read_again_before_what_it_taught_expires(
    emulator: SlackEmulator,
) -> None:
    async def sink(event: Event) -> None:
        events.append(event)

    events: list[Event] = []
    adapter = make_adapter(emulator, "socket", member_ttl=1.0)
    await adapter.start(sink)
    try:
        await adapter.directory_read()
        emulator.add_user(NEWCOMER, locale="fr-FR")  # joins the workspace after the first read
        # the second read has taught the newcomer once the third one starts
        await emulator.until(lambda: len(emulator.calls_of("users.list")) >= 3, within=10)
        member = await adapter.member(NEWCOMER)
    finally:
        await adapter.stop()
    assert member.locale == "fr-FR"
    assert lookups(emulator) == []
