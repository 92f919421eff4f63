"""A poll run end to end in Slack, in Socket Mode and in HTTP mode: the real slack-bolt and
slack-sdk against the emulator, the real core, a real database."""

from __future__ import annotations

import asyncio

import pytest

from adapters.slack.translate import escape
from bot.engine.i18n import Catalogs
from campaigns.poll.tally import count
from storage.poll.votes import ballots_of
from storage.rounds import latest_round
from tests.adapters.slack.conftest import ADMIN, CHANNEL, SlackRun, StartSlack
from tests.adapters.slack.payloads import block_actions, slash_command
from tests.adapters.slack.texts import shown
from tests.factories import poll_config

OPTIONS = ["Vanilla", "Pistachio", "Lemon"]
MEMBERS = [f"U{n:07d}" for n in range(1, 51)]
CHANGERS = MEMBERS[:10]  # vote, then change their vote
TWICE = MEMBERS[10:20]  # press the same option again
RETRIED = MEMBERS[20:25]  # one press delivered twice by Slack
FRENCH = "U0000030"
FORGER = "U0000099"
EN = Catalogs().translator("en")
FR = Catalogs().translator("fr")


def first_choice(n: int) -> int:
    return n % 3


async def start_poll(start_slack: StartSlack, mode: str) -> SlackRun:
    run = await start_slack(poll_config(channels=(f"slack:{CHANNEL}",)), mode)
    for member in [*MEMBERS, FORGER]:
        run.emulator.add_user(member, locale="fr-FR" if member == FRENCH else "en-US")
    return run


def key(form: dict[str, str]) -> str:
    return form["response_url"].rsplit("/", 1)[-1]


def replies_to(run: SlackRun, user: str) -> list[str]:
    return [str(e["text"]) for e in run.emulator.ephemerals if e["user"] == user]


@pytest.mark.parametrize("mode", ["socket", "http"])
async def test_fifty_members_vote_and_results_are_posted_once(
    start_slack: StartSlack, mode: str
) -> None:
    run = await start_poll(start_slack, mode)
    emulator, delivery = run.emulator, run.delivery
    (opening,) = emulator.in_channel(CHANNEL)
    buttons = opening.buttons()
    assert [b["text"]["text"] for b in buttons] == OPTIONS
    assert all(b["action_id"] == b["value"] for b in buttons)
    values = [b["value"] for b in buttons]
    emulator.rate_limit("users.info", times=2)  # Slack says "slow down" twice

    firsts = {
        m: block_actions(m, CHANNEL, opening.ts, values[first_choice(n)])
        for n, m in enumerate(MEMBERS, start=1)
    }
    statuses = await asyncio.gather(*(delivery.interaction(p) for p in firsts.values()))
    assert set(statuses) == {200}
    await run.adapter.drain()

    final = {m: first_choice(n) for n, m in enumerate(MEMBERS, start=1)}
    second_wave = []
    for member in CHANGERS:
        final[member] = (final[member] + 1) % 3
        second_wave.append(
            delivery.interaction(block_actions(member, CHANNEL, opening.ts, values[final[member]]))
        )
    for member in TWICE:
        second_wave.append(
            delivery.interaction(block_actions(member, CHANNEL, opening.ts, values[final[member]]))
        )
    for member in RETRIED:
        second_wave.append(delivery.interaction(firsts[member], retry=1))
    forged = values[0][:-1] + ("A" if values[0][-1] != "A" else "B")
    second_wave.append(delivery.interaction(block_actions(FORGER, CHANNEL, opening.ts, forged)))
    assert set(await asyncio.gather(*second_wave)) == {200}
    await run.adapter.drain()

    round_ = await latest_round(run.app.runtime.db, "flavour")  # type: ignore[union-attr]
    assert round_ is not None
    ballots = await ballots_of(run.app.runtime.db, round_.id)  # type: ignore[union-attr]
    expected = count(OPTIONS, [[choice] for choice in final.values()])
    assert count(OPTIONS, ballots).ranked() == expected.ranked()
    assert expected.voters == 50

    assert len(emulator.calls_of("users.info!429")) == 2
    assert len(emulator.ephemerals) == 50 + len(CHANGERS) + len(TWICE) + 1
    # each press answered on its own response_url: no Web API call, no rate-limit tier
    assert {e["via"] for e in emulator.ephemerals} == {"response_url"}
    assert emulator.calls_of("chat.postEphemeral") == []
    assert replies_to(run, FORGER) == [EN("error.stale_button")]
    for member in RETRIED:
        assert len(replies_to(run, member)) == 1
    assert replies_to(run, FRENCH) == [
        escape(FR("poll.vote.recorded", option=OPTIONS[final[FRENCH]]))
    ]

    await delivery.command(slash_command(emulator, MEMBERS[1], CHANNEL, "close"))
    await run.adapter.drain()
    assert emulator.responses[-1]["text"] == escape(EN("error.not_moderator"))
    assert emulator.responses[-1]["response_type"] == "ephemeral"

    emulator.rate_limit("files.getUploadURLExternal")
    await delivery.command(slash_command(emulator, ADMIN, CHANNEL, "close enough votes"))
    await run.adapter.drain()
    assert emulator.responses[-1]["response_type"] == "ephemeral"  # the channel sees the results
    await run.tick()
    await run.tick()

    charts = [m for m in emulator.in_channel(CHANNEL) if m.files]
    assert len(charts) == 1, "results and chart are posted once"
    (results,) = charts
    assert results.files[0]["filename"].endswith(".png")
    assert results.files[0]["length"] > 1000
    for option in expected.ranked():
        line = EN(
            "poll.results.line",
            option=option.label,
            votes=EN.number(option.votes),
            share=EN.percent(option.share),
        )
        assert escape(line) in results.text
    assert escape(EN("poll.results.voters", count=EN.number(50))) in results.text


@pytest.mark.parametrize("mode", ["socket", "http"])
async def test_member_commands_answer_through_response_url(
    start_slack: StartSlack, mode: str
) -> None:
    run = await start_poll(start_slack, mode)
    results = slash_command(run.emulator, MEMBERS[0], CHANNEL, "results")
    unknown = slash_command(run.emulator, FRENCH, CHANNEL, "nonsense")
    await run.delivery.command(results)
    await run.delivery.command(unknown)
    await run.adapter.drain()
    answers = {r["key"]: r["text"] for r in run.emulator.responses}
    assert escape(EN("poll.live.title", title="Next flavour")) in answers[key(results)]
    assert answers[key(unknown)] == shown(FR("error.unknown_command", command="nonsense"))


@pytest.mark.parametrize("mode", ["socket", "http"])
async def test_retried_command_has_one_effect(start_slack: StartSlack, mode: str) -> None:
    run = await start_poll(start_slack, mode)
    form = slash_command(run.emulator, ADMIN, CHANNEL, "close")
    await asyncio.gather(run.delivery.command(form), run.delivery.command(dict(form)))
    await run.adapter.drain()
    assert len(run.emulator.responses) == 1
