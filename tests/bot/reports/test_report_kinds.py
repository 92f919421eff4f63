"""``chorus report`` by kind: each shows what its results mean, the funnel counts members at
every step, and top contributors appear only where they mean something."""

from __future__ import annotations

import re
from pathlib import Path

from bot.engine.i18n import Catalogs
from bot.model.actions import Message
from bot.reports.audience import audience_of
from bot.reports.report import make_report, report_scope, report_sections
from campaigns import parse_config
from storage.delivery.outbox import OutboxItem, post_once
from storage.participation import activity
from storage.rounds import latest_round
from tests.campaigns.ideas.box import MODERATOR, on_discord, on_telegram, open_box
from tests.campaigns.pledge.test_pledge import reach_the_goal, two_platforms
from tests.conftest import Running, StartApp
from tests.factories import command, member, pledge_text, poll_config, press

EN = Catalogs().translator("en")


def _text(page: str) -> str:
    """The page's words without its markup (charts included, as screen readers read them)."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


async def _report(running: Running, tmp_path: Path, *, names: bool = False) -> str:
    report = await make_report(
        running.runtime.db,
        running.runtime.config,
        running.runtime.config.campaigns[0],
        tmp_path / "report.html",
        EN,
        names=names,
    )
    return report.html.read_text(encoding="utf-8")


async def test_funnel_counts_members_each_step_within_the_one_before(
    start_app: StartApp,
) -> None:
    running = await start_app(poll_config())
    opening = next(p for p in running.adapter.posts if ":opening:" in p.key)
    for who in ("alice", "bob", "carol"):
        await running.adapter.push(press(member(who), opening.message.buttons[0].action))
    await running.adapter.push(press(member("alice"), opening.message.buttons[1].action))
    await running.adapter.push(command(member("mod"), "ban", "console:carol", "spam"))
    campaign = running.runtime.config.campaigns[0]
    scope = await report_scope(running.runtime.db, running.runtime.config, campaign, EN)

    funnel = next(s for s in await report_sections(scope) if s.slug == "funnel")

    assert funnel.chart is not None
    values = list(funnel.chart.labels), [int(v) for v in funnel.chart.values]  # type: ignore[union-attr]
    reached, took_part, counted = values[1]
    assert reached >= took_part >= counted
    assert (took_part, counted) == (3, 2), "carol took part; banned since, she is not counted"
    assert "Messages delivered" not in values[0], "messages are not members: shown apart"
    assert funnel.alt == f"Funnel in members: {reached} reached, 3 took part, 2 counted."


async def test_pledge_report_shows_progress_tiers_and_outcome(
    start_app: StartApp, tmp_path: Path
) -> None:
    running = await two_platforms(start_app)
    await reach_the_goal(running)

    raw = await _report(running, tmp_path)
    page = _text(raw)

    assert "Progress toward the goal" in page and "Backers per tier" in page
    assert "The round is still running." in page
    assert "€100.00 of €100.00" in page or "€100 of €100" in page
    assert 'aria-label="Line chart of pledges over time toward the goal' in raw
    assert "Top contributors" not in page, "one pledge per member ranks nobody"


async def test_pledge_report_before_any_round_says_none_has_opened(
    start_app: StartApp, tmp_path: Path
) -> None:
    later = pledge_text().replace(
        'duration = "7d"', 'opens_at = 2099-01-01T10:00:00\nduration = "7d"'
    )
    running = await start_app(parse_config(later))

    page = _text(await _report(running, tmp_path))

    assert "No round has opened yet." in page
    assert "still running" not in page


async def test_ideas_report_shows_top_ideas_statuses_shipped_and_contributors(
    start_app: StartApp, tmp_path: Path
) -> None:
    box = await open_box(start_app)
    first = await box.published(on_telegram("1"), "Gluten-free cones for everyone")
    await box.published(on_discord("2"), "A pistachio sorbet")
    await box.upvote(on_discord("3"), first)
    await box.say(MODERATOR, "setstatus", str(first), "shipped", "Since May")

    named = _text(await _report(box.running, tmp_path, names=True))
    hidden = _text(await _report(box.running, tmp_path))

    assert "Top ideas" in named and "Ideas per status" in named
    assert f"Ideas shipped Idea Author Upvotes Note #{first} Gluten-free cones" in named
    assert "Since May" in named
    assert "Top contributors" in named
    assert re.search(r"m-[0-9a-f]{16}", hidden) and not re.search(r"m-[0-9a-f]{16}", named)


async def test_moderators_told_privately_are_not_members_reached(start_app: StartApp) -> None:
    running = await start_app(poll_config())
    opening = next(p for p in running.adapter.posts if ":opening:" in p.key)
    await running.adapter.push(press(member("alice"), opening.message.buttons[0].action))
    round_ = await latest_round(running.runtime.db, "flavour")
    assert round_ is not None
    card = Message("An entry waits for review").to_dict()  # as a review card or an alert
    told = [OutboxItem(round_.id, "card", "console:dm:mod", card)]
    told.append(OutboxItem(round_.id, "notice", "console:dm:bob", card))
    await post_once(running.runtime.db, told, running.clock.now())
    await running.postman_delivered()
    rounds, records = [round_.id], await activity(running.runtime.db, [round_.id])

    everyone = await audience_of(running.runtime.db, rounds, records)
    members = await audience_of(running.runtime.db, rounds, records, {"console:mod"})

    assert everyone.reached == {("console", "alice"), ("console", "bob"), ("console", "mod")}
    assert members.reached == {("console", "alice"), ("console", "bob")}
