"""Review cards, ban confirmations and private notices on Slack, through the real slack-bolt
and the emulator: members are named, never shown as ``slack:U…`` ids, and a private notice
speaks the language of the person who reads it."""

from __future__ import annotations

from adapters.slack.translate import escape
from bot.engine.i18n import Catalogs
from campaigns import parse_config
from tests.adapters.slack.conftest import ADMIN, CHANNEL, SlackRun, StartSlack
from tests.adapters.slack.payloads import block_actions, slash_command, view_submission
from tests.adapters.slack.texts import shown

EN, FR = Catalogs().translator("en"), Catalogs().translator("fr")
ZOE = "U0ZOE5550"
ADMIN_FR = "U0ADMINFR"
MODS = "C0MODS001"
CONFIG = f"""
[bot]
locale = "en"
timezone = "Europe/Paris"

[[campaigns]]
id = "slogans"
kind = "contest"
title = "Best slogan"
channels = ["slack:{CHANNEL}"]
duration = "7d"

[campaigns.contest]
entry_type = "text"
moderation = "pre"
moderators_channel = "slack:{MODS}"
"""


async def zoe_submits(run: SlackRun) -> None:
    await run.delivery.command(slash_command(run.emulator, ZOE, CHANNEL, "submit slogans"))
    await run.adapter.drain()
    (opened,) = run.emulator.views
    slogan = {"type": "plain_text_input", "value": "Sunny scoops"}
    await run.delivery.interaction(
        view_submission(ZOE, opened["view"], {"title": {"title": slogan}})
    )
    await run.adapter.drain()
    await run.tick()
    await run.adapter.drain()


async def start(start_slack: StartSlack) -> SlackRun:
    run = await start_slack(parse_config(CONFIG), "socket")
    run.emulator.add_user(ZOE, locale="fr-FR", real_name="Zoé Quennell")
    run.emulator.add_user(ADMIN_FR, admin=True, locale="fr-FR")
    await zoe_submits(run)
    return run


async def test_a_review_card_on_slack_names_the_author(start_slack: StartSlack) -> None:
    run = await start(start_slack)

    [card] = [m for m in run.emulator.in_channel(MODS) if "Sunny scoops" in m.text]
    assert escape(EN("contest.review.from", user="Zoé Quennell", platform="slack")) in card.text
    assert "slack:" not in card.text and ZOE not in card.text


async def test_a_ban_by_mention_on_slack_names_the_member_and_tells_her_in_her_language(
    start_slack: StartSlack,
) -> None:
    run = await start(start_slack)

    form = slash_command(run.emulator, ADMIN, CHANNEL, "ban")
    form["text"] = f"ban <@{ZOE}> slogans spam"  # a mention as today's Slack sends it
    await run.delivery.command(form)
    await run.adapter.drain()
    await run.tick()
    await run.adapter.drain()

    confirmed = str(run.emulator.responses[-1]["text"])
    assert confirmed == escape(
        EN("moderation.ban.done", member="@Zoé Quennell", campaign="Best slogan")
    )
    (notice,) = run.emulator.in_channel(f"D{ZOE[1:]}")[-1:]
    assert notice.text == escape(FR("moderation.banned", campaign="Best slogan", reason="spam"))


async def test_the_reject_reason_prompt_speaks_the_moderators_language_on_slack(
    start_slack: StartSlack,
) -> None:
    run = await start(start_slack)
    [card] = [m for m in run.emulator.in_channel(MODS) if "Sunny scoops" in m.text]
    reject = card.buttons()[1]["value"]

    press = block_actions(ADMIN_FR, MODS, card.ts, reject, response_url=run.emulator.response_url())
    await run.delivery.interaction(press)
    await run.adapter.drain()

    seen = [m.text for m in run.emulator.in_channel(MODS)]
    seen += [str(e.get("text", "")) for e in run.emulator.ephemerals]
    seen += [str(r.get("text", "")) for r in run.emulator.responses]
    prompts = [text for text in seen if "reject" in text.casefold()]
    assert shown(FR("contest.review.reason_ask", entry=1)) in prompts, prompts
