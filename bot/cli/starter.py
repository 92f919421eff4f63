"""``chorus init``: a commented starter ``config.toml`` for one campaign kind on one platform,
which ``chorus check`` accepts as written (once the platform's token is in the environment)."""

from __future__ import annotations

import json
from enum import StrEnum

from bot.engine.i18n import Translator


class StarterKind(StrEnum):
    """The campaign kinds ``chorus init`` can start with."""

    poll = "poll"
    contest = "contest"
    ideas = "ideas"
    pledge = "pledge"


class StarterPlatform(StrEnum):
    """Where the starter campaign runs."""

    console = "console"
    telegram = "telegram"
    discord = "discord"
    slack = "slack"


#: An example channel and member per platform, and where to find the real ids.
EXAMPLES = {
    StarterPlatform.console: ("console:main", "console:camille", "any name you like"),
    StarterPlatform.telegram: (
        "telegram:-1001234567890",
        "telegram:123456789",
        "a group's id starts with -100 (see docs/telegram.md); set CHORUS_TELEGRAM_TOKEN",
    ),
    StarterPlatform.discord: (
        "discord:123456789012345678",
        "discord:234567890123456789",
        "Developer Mode → right-click → Copy ID (see docs/discord.md); set CHORUS_DISCORD_TOKEN",
    ),
    StarterPlatform.slack: (
        "slack:C0123456789",
        "slack:U0123456789",
        "channel details → About → Channel ID (see docs/slack.md); set CHORUS_SLACK_BOT_TOKEN "
        "and CHORUS_SLACK_APP_TOKEN",
    ),
}

HEAD = """\
# Chorus — starter configuration ({kind} on {platform}), written by `chorus init`.
#
# Times are local times in the campaign's time zone. Secrets (bot tokens, database passwords)
# never go here: they come from CHORUS_* environment variables.
# Ids: {where}.
# Check this file with `chorus check`, then start with `chorus run`; after an edit,
# `chorus reload` applies it without a restart. Every setting: README.md and docs/.

[bot]
locale = "{locale}"                      # default language: fr or en
timezone = "Europe/Paris"
moderators = ["{member}"]   # platform:user-id; they review entries and run rounds

[storage]
database_url = "sqlite+aiosqlite:///chorus.db"   # CHORUS_DATABASE_URL overrides it
media_dir = "media"

[[campaigns]]
id = "{kind}-1"                          # lowercase letters, digits and dashes; never reuse one
kind = "{kind}"
title = {title}
channels = ["{channel}"]   # add more communities: one campaign, one tally
# moderators_channel = "{channel}"       # review cards, alerts; omitted: to moderators privately
# opens_at = 2030-06-01T10:00:00         # omitted: opens when Chorus starts
duration = "7d"                          # or closes_at = 2030-06-08T20:00:00
"""

SECTIONS = {
    StarterKind.poll: """
[campaigns.poll]
options = [{options}]   # 2 to 25 options
max_choices = 1                          # how many options a member may pick
results = "live"                         # or "hidden" until the close
""",
    StarterKind.contest: """
[campaigns.contest]
entry_type = "photo"                     # or "text"
moderation = "pre"                       # reviewed before publication; "post": hidden on reports
winners = 1
prizes = [{prize}]
""",
    StarterKind.ideas: """
[campaigns.ideas]
moderation = "post"                      # published at once; "pre": reviewed first
similarity_threshold = 0.75              # from this score, a look-alike idea is shown first
""",
    StarterKind.pledge: """
[campaigns.pledge]
goal_amount = 5000                       # or goal_backers = 200
currency = "EUR"
funded_text = {funded_text}
custom_amounts = true                    # any amount from min_amount to max_amount

[[campaigns.pledge.tiers]]
amount = 20
reward = {reward}
""",
}


def starter_config(kind: StarterKind, platform: StarterPlatform, t: Translator) -> str:
    """The text of a starter ``config.toml``; what members will read (title, options, prize,
    reward) is written in ``t``'s language, which is also the config's."""
    channel, member, where = EXAMPLES[platform]
    head = HEAD.format(
        kind=kind.value,
        platform=platform.value,
        where=where,
        locale=t.locale,
        member=member,
        title=_quoted(t(f"starter.title.{kind.value}")),
        channel=channel,
    )
    texts = {  # TOML basic strings, written as JSON writes them (quotes and backslashes escaped)
        "channel": channel,
        "options": ", ".join(_quoted(t(f"starter.option.{n}")) for n in (1, 2, 3)),
        "prize": _quoted(t("starter.prize")),
        "funded_text": _quoted(t("starter.funded_text")),
        "reward": _quoted(t("starter.reward")),
    }
    section = SECTIONS[kind]
    for name, text in texts.items():
        section = section.replace(f"{{{name}}}", text)
    return head + section


def _quoted(text: str) -> str:
    """``text`` as a TOML basic string."""
    return json.dumps(text, ensure_ascii=False)
