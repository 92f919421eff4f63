"""What a valid file still needs before ``chorus run`` can start it, and what it will not do.

A config can be well-formed and still be refused at start: a platform whose channels are
listed has no token in the environment, or a pre-moderated campaign has nobody to send its
review cards to. ``chorus check`` and ``chorus run`` ask the same questions here, so check
refuses everything run would refuse (and lists every missing secret at once, not the first).
:func:`warnings` are not refusals: a campaign whose every round is already over.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import datetime, timedelta

from bot.config.model import CampaignConfig, Config, to_utc
from bot.config.platforms import PlatformSection
from bot.model.errors import ConfigProblem


def secrets_needed(config: Config, platform: str) -> list[str]:
    """The environment variables a platform's adapter needs with this config (its section
    says, :meth:`~bot.config.platforms.TelegramSettings.secrets`)."""
    section = getattr(config, platform, None)
    return section.secrets() if isinstance(section, PlatformSection) else []


def readiness_problems(
    config: Config, environ: Mapping[str, str] | None = None
) -> list[ConfigProblem]:
    """Every reason ``chorus run`` would refuse this (valid) config."""
    return [*missing_secrets(config, environ), *review_problems(config)]


def missing_secrets(
    config: Config, environ: Mapping[str, str] | None = None
) -> list[ConfigProblem]:
    """One problem per secret not set, pointing at the first campaign setting that posts on
    its platform (a channel, or the moderators' channel)."""
    env = os.environ if environ is None else environ
    problems = []
    first_use: dict[str, str] = {}
    for index, campaign in enumerate(config.campaigns):
        if campaign.enabled:
            for channel in campaign.channels:
                first_use.setdefault(channel.split(":", 1)[0], f"campaigns[{index}].channels")
            if (place := campaign.moderators_place()) is not None:
                where = f"campaigns[{index}].moderators_channel"
                first_use.setdefault(place.split(":", 1)[0], where)
    for platform, where in sorted(first_use.items()):
        for name in secrets_needed(config, platform):
            if env.get(name, "").strip():
                continue
            problems.append(
                ConfigProblem(
                    where,
                    f"{platform} channels need {name}, which is not set",
                    code="missing_secret",
                    params={"platform": platform, "name": name},
                )
            )
    return problems


def review_problems(config: Config) -> list[ConfigProblem]:
    """Pre-moderated campaigns whose review cards would have nowhere to go: no moderators'
    channel (the campaign's or the kind section's), and no moderator listed for the campaign
    or the bot. Moderators known only by a platform role (Discord's ``moderator_roles``) or as
    chat administrators cannot be sent cards privately: they need the channel."""
    problems = []
    for index, campaign in enumerate(config.campaigns):
        if not campaign.enabled or campaign.kind not in ("contest", "ideas"):
            continue
        settings = getattr(campaign, campaign.kind, None)
        moderation = getattr(settings, "moderation", "pre" if campaign.kind == "contest" else "")
        if moderation != "pre" or campaign.moderators_place() is not None:
            continue
        if campaign.moderators or config.bot.moderators:
            continue
        problems.append(
            ConfigProblem(
                f"campaigns[{index}].{campaign.kind}",
                f"{campaign.id} is pre-moderated but its review cards have nowhere to go: set "
                "moderators_channel for the campaign, or list its moderators",
                code="no_review_destination",
                params={"campaign": campaign.id, "kind": campaign.kind},
            )
        )
    return problems


#: How the platforms' tokens begin, as they issue them: variable → (platform, pattern, shape).
TOKEN_SHAPES = {
    "CHORUS_TELEGRAM_TOKEN": ("telegram", re.compile(r"^\d+:\S{20,}$"), "telegram"),
    "CHORUS_SLACK_BOT_TOKEN": ("slack", re.compile(r"^xoxb-"), "slack_bot"),
    "CHORUS_SLACK_APP_TOKEN": ("slack", re.compile(r"^xapp-"), "slack_app"),
}


def warnings(
    config: Config, now: datetime, environ: Mapping[str, str] | None = None
) -> list[ConfigProblem]:
    """What ``chorus check`` points out without refusing: nothing to run, a token that does
    not look like its platform's (two Slack tokens swapped), campaigns already over."""
    problems = [*_nothing_to_run(config), *_odd_tokens(config, environ)]
    for index, campaign in enumerate(config.campaigns):
        last_close = _last_close(config, campaign)
        if campaign.enabled and last_close is not None and last_close <= now:
            problems.append(
                ConfigProblem(
                    f"campaigns[{index}].opens_at",
                    f"every round of {campaign.id} is over (the last one closes before now)",
                    code="all_rounds_past",
                    params={"campaign": campaign.id},
                )
            )
    return problems


def _odd_tokens(config: Config, environ: Mapping[str, str] | None) -> list[ConfigProblem]:
    """A token set for a platform in use that does not begin as that platform's do."""
    env = os.environ if environ is None else environ
    used = config.platforms()
    odd = []
    for name, (platform, pattern, shape) in TOKEN_SHAPES.items():
        value = env.get(name, "").strip()
        if platform in used and value and not pattern.match(value):
            message = f"{name} does not look like a {platform} token"
            odd.append(ConfigProblem(name, message, code=f"token_shape.{shape}"))
    return odd


def _nothing_to_run(config: Config) -> list[ConfigProblem]:
    """A file without a campaign, or whose every campaign is disabled: ``chorus run`` starts
    and waits with nothing to run, which is seldom what was meant."""
    if not config.campaigns:
        message = "the file has no campaign: chorus run would have nothing to run"
        return [ConfigProblem("campaigns", message, code="no_campaign")]
    if not any(campaign.enabled for campaign in config.campaigns):
        message = "every campaign is disabled: chorus run would have nothing to run"
        return [ConfigProblem("campaigns", message, code="none_enabled")]
    return []


def _last_close(config: Config, campaign: CampaignConfig) -> datetime | None:
    """When the campaign's last round closes at the latest, when the file fixes it (a campaign
    opening at start, or repeating until a date, may end later: None or an upper bound)."""
    if campaign.opens_at is None:
        return None
    zone = campaign.zone(config.bot)
    first = to_utc(campaign.opens_at, zone)
    repeat = campaign.repeat
    if repeat is None:
        return campaign.occurrence(config.bot, first, 0)[1]
    if repeat.count is not None:
        return campaign.occurrence(config.bot, first, repeat.count - 1)[1]
    assert repeat.until is not None
    _, first_close = campaign.occurrence(config.bot, first, 0)
    length: timedelta = first_close - first
    return to_utc(repeat.until, zone) + length
