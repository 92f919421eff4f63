"""Build the Slack adapter from ``config.toml`` and the ``CHORUS_SLACK_*`` environment variables.

:data:`adapters.registry.FACTORIES` names this module; a config without Slack channels never
imports it (nor slack-bolt).
"""

from __future__ import annotations

import os

from adapters.slack.adapter import SlackAdapter
from adapters.slack.blockkit import FormCampaign
from adapters.slack.translate import PLATFORM
from bot.config.model import Config
from bot.model.errors import ConfigError, ConfigProblem


def form_campaigns(config: Config) -> dict[str, list[FormCampaign]]:
    """By kind, the enabled campaigns that run in Slack channels, with those channels: a
    command's form is for a campaign of the kind its spec names, and opens only where one
    runs."""
    choices: dict[str, list[FormCampaign]] = {}
    for c in config.campaigns:
        if c.enabled and c.channels_on(PLATFORM):
            campaign = FormCampaign(c.id, c.title, tuple(c.channels_on(PLATFORM)))
            choices.setdefault(c.kind, []).append(campaign)
    return choices


def build(config: Config) -> SlackAdapter:
    """The adapter for ``config``; tokens come from ``CHORUS_SLACK_*`` environment variables."""
    token = os.environ.get("CHORUS_SLACK_BOT_TOKEN", "")
    app_token = os.environ.get("CHORUS_SLACK_APP_TOKEN")
    secret = os.environ.get("CHORUS_SLACK_SIGNING_SECRET")
    missing = [
        name
        for name, needed, value in (
            ("CHORUS_SLACK_BOT_TOKEN", True, token),
            ("CHORUS_SLACK_APP_TOKEN", config.slack.mode == "socket", app_token),
            ("CHORUS_SLACK_SIGNING_SECRET", config.slack.mode == "http", secret),
        )
        if needed and not value
    ]
    if missing:
        raise ConfigError(
            [
                ConfigProblem("slack", f"Slack channels are configured: set {name}")
                for name in missing
            ]
        )
    return SlackAdapter(
        config.slack,
        bot_token=token,
        app_token=app_token,
        signing_secret=secret,
        locale=config.bot.locale,
        form_campaigns=form_campaigns(config),
    )
