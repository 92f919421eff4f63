"""A readable summary of a valid config, for ``chorus check``."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.config.model import Config
from bot.engine.i18n import Translator
from bot.model.durations import format_duration
from campaigns.ideas.settings import SETTINGS as IDEAS
from campaigns.ideas.settings import IdeasSettings
from campaigns.pledge.money import format_money
from campaigns.pledge.settings import PledgeSettings
from campaigns.poll.settings import PollSettings


def summarise(config: Config, t: Translator, now: datetime | None = None) -> str:
    """One block per campaign: kind, channels, window in local time."""
    now = now or datetime.now(UTC)
    lines = [t("check.ok", count=len(config.campaigns))]
    lines.append(t("check.database", url=_redact(config.database_url())))
    for campaign in config.campaigns:
        zone = campaign.zone(config.bot)
        state = "" if campaign.enabled else t("check.disabled")
        lines.append(f"• {campaign.id} — {campaign.title} [{campaign.kind}]{state}")
        lines.append("    " + t("check.channels", channels=", ".join(campaign.channels)))
        if campaign.opens_at is None:
            opens = t("check.opens_on_start")
        else:
            opens = t.datetime(campaign.window_utc(config.bot, now)[0], zone)
        if campaign.duration is not None:
            closes = t("check.after", duration=format_duration(campaign.duration))
        else:
            closes = t.datetime(campaign.window_utc(config.bot, now)[1], zone)
        lines.append("    " + t("check.window", opens=opens, closes=closes, zone=str(zone)))
        if (poll := campaign.section_as(PollSettings)) is not None:
            lines.append(
                "    "
                + t(
                    "check.poll",
                    count=len(poll.options),
                    choices=poll.max_choices,
                    results=poll.results,
                )
            )
        if (pledge := campaign.section_as(PledgeSettings)) is not None:
            lines.append("    " + _pledge_line(pledge, t))
        if campaign.kind == IDEAS.name:
            ideas = campaign.section_as(IdeasSettings) or IdeasSettings()
            budget = ideas.upvotes_per_round
            lines.append(
                "    "
                + t(
                    "ideas.check",
                    moderation=ideas.moderation,
                    threshold=t.number(ideas.similarity_threshold),
                    upvotes="∞" if budget is None else budget,
                    digest=format_duration(ideas.digest_every) if ideas.digest_every else "—",
                )
            )
        if (channel := campaign.moderators_place()) is not None:
            lines.append("    " + t("check.moderators_channel", channel=channel))
        if campaign.retain_days is not None:
            lines.append("    " + t("check.retain_days", days=campaign.retain_days))
    return "\n".join(lines)


def _pledge_line(pledge: PledgeSettings, t: Translator) -> str:
    if pledge.goal_amount is not None and pledge.currency is not None:
        goal = format_money(pledge.goal_amount, pledge.currency, t.locale)
    else:
        goal = t("pledge.backers", count=pledge.goal_backers)
    return t("check.pledge", goal=goal, tiers=len(pledge.tiers), stretch=len(pledge.stretch_goals))


def _redact(url: str) -> str:
    """Hide a password in a database URL."""
    head, sep, tail = url.partition("@")
    if not sep or ":" not in head.split("//", 1)[-1]:
        return url
    scheme, _, credentials = head.partition("//")
    user = credentials.split(":", 1)[0]
    return f"{scheme}//{user}:***@{tail}"
