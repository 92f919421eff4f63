"""Votes sent to the bot in a direct message on Slack, end to end: only members of one of the
campaign's channels count, and only when the campaign accepts private votes."""

from __future__ import annotations

from adapters.slack.translate import escape
from bot.engine.i18n import Catalogs
from storage.poll.votes import ballots_of
from storage.rounds import latest_round
from tests.adapters.slack.conftest import CHANNEL, SlackRun, StartSlack
from tests.adapters.slack.payloads import slash_command
from tests.factories import poll_config

EN = Catalogs().translator("en")
FR = Catalogs().translator("fr")
TITLE = "Next flavour"
OUTSIDER = "U0000501"
MEMBER = "U0000502"
#: The channel's other members: more than one page of ``conversations.members``.
CROWD = [f"U1{n:06d}" for n in range(1500)]


async def start(start_slack: StartSlack, *, accept_private: bool) -> SlackRun:
    extra = "accept_private = true\n" if accept_private else ""
    run = await start_slack(poll_config(channels=(f"slack:{CHANNEL}",), extra=extra), "socket")
    run.emulator.add_user(OUTSIDER, locale="fr-FR")
    run.emulator.add_user(MEMBER, locale="en-US")
    run.emulator.channel_members[CHANNEL] = [*CROWD, MEMBER]
    return run


async def vote_in_dm(run: SlackRun, user: str, choice: str) -> str:
    """``user`` types ``/chorus vote <choice>`` in their DM with the bot; the bot's answer."""
    form = slash_command(run.emulator, user, f"D{user[1:]}", f"vote {choice}")
    await run.delivery.command(form)
    await run.adapter.drain()
    key = form["response_url"].rsplit("/", 1)[-1]
    [answer] = [r for r in run.emulator.responses if r["key"] == key]
    return str(answer["text"])


async def ballots(run: SlackRun) -> list[list[int]]:
    runtime = run.app.runtime
    assert runtime is not None
    round_ = await latest_round(runtime.db, "flavour")
    assert round_ is not None
    return [list(choices) for choices in await ballots_of(runtime.db, round_.id)]


async def test_private_vote_from_outsider_is_refused(start_slack: StartSlack) -> None:
    run = await start(start_slack, accept_private=True)

    refused = await vote_in_dm(run, OUTSIDER, "Pistachio")
    counted = await vote_in_dm(run, MEMBER, "Pistachio")
    again = await vote_in_dm(run, MEMBER, "Lemon")

    assert refused == escape(FR("error.not_a_member", campaign=TITLE))
    assert counted == escape(EN("poll.vote.recorded", option="Pistachio"))
    assert again == escape(EN("poll.vote.changed", option="Lemon"))
    assert await ballots(run) == [[2]]
    listed = run.emulator.calls_of("conversations.members")
    assert [call["channel"] for call in listed] == [CHANNEL, CHANNEL], "two pages, listed once"


async def test_private_vote_is_refused_unless_the_poll_accepts_them(
    start_slack: StartSlack,
) -> None:
    run = await start(start_slack, accept_private=False)

    refused = await vote_in_dm(run, MEMBER, "Pistachio")

    assert refused == escape(EN("error.private_not_accepted", campaign=TITLE))
    assert await ballots(run) == []
    assert run.emulator.calls_of("conversations.members") == []
