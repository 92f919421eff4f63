"""What a vote costs in Slack calls, end to end (the real slack-bolt and slack-sdk against the
emulator, the real core, a real database): the member is looked up once (``users.info``), and
each press is confirmed privately on its own ``response_url`` rather than by a Web API call;
``chat.postEphemeral`` only once Slack no longer takes that ``response_url``."""

from __future__ import annotations

import asyncio

import pytest

from adapters.slack.members import MemberDirectory
from adapters.slack.translate import escape
from bot.engine.i18n import Catalogs
from tests.adapters.slack.conftest import CHANNEL, SlackRun, StartSlack
from tests.adapters.slack.payloads import block_actions
from tests.factories import poll_config

MEMBER = "U0FRENCH1"
FR = Catalogs().translator("fr")


async def start_poll(start_slack: StartSlack, mode: str) -> tuple[SlackRun, list[str], str]:
    run = await start_slack(poll_config(channels=(f"slack:{CHANNEL}",)), mode)
    run.emulator.add_user(MEMBER, locale="fr-FR")
    (opening,) = run.emulator.in_channel(CHANNEL)
    return run, [b["value"] for b in opening.buttons()], opening.ts


def lookups_of(run: SlackRun, user: str) -> int:
    return sum(1 for call in run.emulator.calls_of("users.info") if call.get("user") == user)


@pytest.mark.parametrize("mode", ["socket", "http"])
async def test_a_second_press_by_a_member_is_answered_privately_without_a_second_lookup(
    start_slack: StartSlack, mode: str
) -> None:
    run, values, ts = await start_poll(start_slack, mode)
    emulator = run.emulator

    await run.delivery.interaction(block_actions(MEMBER, CHANNEL, ts, values[0]))
    await run.adapter.drain()
    await run.delivery.interaction(block_actions(MEMBER, CHANNEL, ts, values[1]))
    await run.adapter.drain()

    assert lookups_of(run, MEMBER) == 1
    answers = [e for e in emulator.ephemerals if e["user"] == MEMBER]
    assert [(a["channel"], a["response_type"], a["via"]) for a in answers] == [
        (CHANNEL, "ephemeral", "response_url"),
        (CHANNEL, "ephemeral", "response_url"),
    ]
    assert answers[0]["key"] != answers[1]["key"]  # each press's own response_url
    assert [a["text"] for a in answers] == [  # still in the member's language
        escape(FR("poll.vote.recorded", option="Vanilla")),
        escape(FR("poll.vote.changed", option="Pistachio")),
    ]
    assert emulator.calls_of("chat.postEphemeral") == []
    assert len(emulator.in_channel(CHANNEL)) == 1  # the opening: nothing said in public


@pytest.mark.parametrize("mode", ["socket", "http"])
async def test_a_press_whose_response_url_slack_no_longer_takes_is_confirmed_by_post_ephemeral(
    start_slack: StartSlack, mode: str
) -> None:
    run, values, ts = await start_poll(start_slack, mode)
    emulator = run.emulator
    press = emulator.minted(block_actions(MEMBER, CHANNEL, ts, values[2]))
    emulator.expire_responses()  # as after 30 minutes, or five answers

    await run.delivery.interaction(press)
    await run.adapter.drain()

    [answer] = [e for e in emulator.ephemerals if e["user"] == MEMBER]
    assert "via" not in answer  # chat.postEphemeral, to this member in this channel
    assert answer["channel"] == CHANNEL
    assert answer["text"] == escape(FR("poll.vote.recorded", option="Lemon"))


async def test_the_member_directory_keeps_at_most_its_limit_and_forgets_after_its_ttl() -> None:
    now = [0.0]
    asked: list[str] = []

    async def lookup(user_id: str) -> dict[str, object]:
        asked.append(user_id)
        return {"id": user_id, "name": user_id.lower(), "locale": "fr-FR"}

    directory = MemberDirectory(lookup, ttl=600.0, clock=lambda: now[0], limit=2)
    for user in ("U1", "U2", "U1", "U3", "U3", "U2"):  # U3 pushes U1, the oldest, out
        assert (await directory.get(user)).locale == "fr-FR"
    assert asked == ["U1", "U2", "U3"]
    await directory.get("U1")
    assert asked == ["U1", "U2", "U3", "U1"]
    now[0] = 601.0
    await asyncio.gather(directory.get("U3"), directory.get("U3"))  # one request shared
    assert asked == ["U1", "U2", "U3", "U1", "U3"]
