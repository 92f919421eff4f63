"""Moderator verbs and privacy requests through the real Slack adapter on the emulator."""

from __future__ import annotations

import pytest

from adapters.slack.translate import escape
from bot.engine.i18n import Catalogs
from storage.poll.votes import ballots_of
from storage.rounds import audit_log, latest_round
from tests.adapters.slack.conftest import ADMIN, CHANNEL, SlackRun, StartSlack
from tests.adapters.slack.payloads import block_actions, slash_command
from tests.factories import poll_config

MEMBER = "U0000001"
EN = Catalogs().translator("en")


async def start_poll(start_slack: StartSlack, mode: str) -> SlackRun:
    run = await start_slack(poll_config(channels=(f"slack:{CHANNEL}",)), mode)
    run.emulator.add_user(MEMBER, locale="en-US")
    return run


def replies_to(run: SlackRun, user: str) -> list[str]:
    return [str(e["text"]) for e in run.emulator.ephemerals if e["user"] == user]


async def chorus(run: SlackRun, user: str, text: str) -> str:
    """``/chorus text`` typed by ``user``; the answer Slack showed them."""
    await run.delivery.command(slash_command(run.emulator, user, CHANNEL, text))
    await run.adapter.drain()
    return str(run.emulator.responses[-1]["text"])


@pytest.mark.parametrize(
    "verb", ["status", f"ban slack:{MEMBER} spam", f"unban slack:{MEMBER}", "announce hello"]
)
async def test_a_member_is_refused_moderator_verbs_on_slack(
    start_slack: StartSlack, verb: str
) -> None:
    run = await start_poll(start_slack, "socket")

    answer = await chorus(run, MEMBER, verb)

    assert answer == escape(EN("error.not_moderator"))
    assert [e.action for e in await audit_log(run.app.runtime.db, "flavour")] == ["open"]  # type: ignore[union-attr]


async def test_a_workspace_admin_bans_announces_and_reads_the_status_on_slack(
    start_slack: StartSlack,
) -> None:
    run = await start_poll(start_slack, "http")

    banned = await chorus(run, ADMIN, f"ban <@{MEMBER}|ana> flavour spam links")
    refused = await chorus(run, MEMBER, "vote 1")
    announced = await chorus(run, ADMIN, "announce Tasting on Friday!")
    status = await chorus(run, ADMIN, "status")
    await run.tick()

    assert banned == escape(EN("moderation.ban.done", member="@ana", campaign="Next flavour"))
    assert refused == escape(EN("moderation.banned", campaign="Next flavour", reason="spam links"))
    assert announced == escape(EN("moderation.announce.done", count=1, campaign="Next flavour"))
    assert escape(EN("status.banned", count="1")) in status
    posted = [m.text for m in run.emulator.in_channel(CHANNEL)]
    assert escape("📣 Next flavour\nTasting on Friday!") in posted
    actions = [e.action for e in await audit_log(run.app.runtime.db, "flavour")]  # type: ignore[union-attr]
    assert actions == ["open", "ban", "announce"]


async def test_mydata_arrives_as_a_private_file_and_erase_asks_first_on_slack(
    start_slack: StartSlack,
) -> None:
    run = await start_poll(start_slack, "socket")
    await chorus(run, MEMBER, "vote 2")

    sent = await chorus(run, MEMBER, "mydata")
    await run.tick()
    asked = await chorus(run, MEMBER, "mydata erase")

    assert sent == escape(EN("privacy.sent"))
    (dm,) = run.emulator.in_channel(f"D{MEMBER[1:]}")
    assert dm.text == escape(EN("privacy.file"))
    assert dm.files[0]["filename"] == "my-chorus-data.json"
    assert dm.files[0]["length"] > 50
    assert asked == escape(EN("privacy.erase.confirm"))

    blocks = run.emulator.responses[-1]["blocks"]
    [value] = [e["value"] for b in blocks for e in b.get("elements", []) if e.get("value")]
    press = block_actions(MEMBER, CHANNEL, "1.1", value, response_url=run.emulator.response_url())
    await run.delivery.interaction(press)
    await run.adapter.drain()
    await run.emulator.until(lambda: run.emulator.responses[-1].get("replace_original") is True)

    erased = escape(EN("privacy.erased", removed=1, anonymised=0))
    assert run.emulator.responses[-1]["text"] == erased  # in place of the confirmation
    round_ = await latest_round(run.app.runtime.db, "flavour")  # type: ignore[union-attr]
    assert round_ is not None
    assert await ballots_of(run.app.runtime.db, round_.id) == []  # type: ignore[union-attr]


async def test_ban_usage_offers_what_works_on_slack(start_slack: StartSlack) -> None:
    run = await start_poll(start_slack, "socket")

    answer = await chorus(run, ADMIN, "ban ana spam")

    assert answer == escape(
        Catalogs().translator("en", "slack")("moderation.ban.usage").replace("/ban", "/chorus ban")
    )
    assert "mention" in answer and "reply" not in answer and "telegram:" not in answer
