"""Small builders for configs and events, so tests read like the behaviour they check."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from bot.config.model import Config
from bot.model.events import ButtonPressed, Chat, CommandInvoked
from bot.model.members import Member
from campaigns import parse_config

_deliveries = itertools.count(1)

POLL_TOML = """
[bot]
locale = "{locale}"
timezone = "Europe/Paris"
moderators = ["console:mod"]

[[campaigns]]
id = "flavour"
kind = "poll"
title = "{title}"
channels = {channels}
duration = "7d"

[campaigns.poll]
options = ["Vanilla", "Pistachio", "Lemon"]
max_choices = {max_choices}
anonymous = {anonymous}
results = "{results}"
"""


def poll_text(
    *,
    locale: str = "en",
    max_choices: int = 1,
    anonymous: bool = True,
    results: str = "live",
    channels: tuple[str, ...] = ("console:main",),
    title: str = "Next flavour",
) -> str:
    """The TOML of a config with one poll campaign ``flavour`` that opens on start."""
    return POLL_TOML.format(
        locale=locale,
        title=title,
        max_choices=max_choices,
        anonymous=str(anonymous).lower(),
        results=results,
        channels="[" + ", ".join(f'"{c}"' for c in channels) + "]",
    )


def poll_config(*, extra: str = "", **options: Any) -> Config:
    """:func:`poll_text` parsed, with ``extra`` TOML appended."""
    return parse_config(poll_text(**options) + extra)


def member(user_id: str, locale: str | None = None, platform: str = "console") -> Member:
    return Member(platform, user_id, user_id.capitalize(), locale)


def delivery() -> str:
    return f"t-{next(_deliveries)}"


def press(
    user: Member, action: str, *, delivery_id: str | None = None, chat: Chat | None = None
) -> ButtonPressed:
    """A button press by ``user`` in ``console:main`` (or ``chat``)."""
    return ButtonPressed(
        platform=user.platform,
        delivery_id=delivery_id or delivery(),
        chat=chat or Chat(user.platform, "main"),
        user=user,
        received_at=datetime.now(UTC),
        action=action,
    )


def command(
    user: Member, name: str, *args: str, chat: Chat | None = None, delivery_id: str | None = None
) -> CommandInvoked:
    """``/name args…`` typed by ``user`` in ``console:main`` (or ``chat``)."""
    return CommandInvoked(
        platform=user.platform,
        delivery_id=delivery_id or delivery(),
        chat=chat or Chat(user.platform, "main"),
        user=user,
        received_at=datetime.now(UTC),
        name=name,
        args=tuple(args),
    )


IDEAS_TOML = """
[bot]
locale = "{locale}"
timezone = "Europe/Paris"
moderators = ["telegram:999"]

[[campaigns]]
id = "box"
kind = "ideas"
title = "Idea box"
channels = ["telegram:-1001", "discord:123456789012345678"]
duration = "7d"

[campaigns.ideas]
{settings}
"""

#: The chats of the ``box`` idea campaign, one per platform.
TELEGRAM_CHAT = Chat("telegram", "-1001")
DISCORD_CHAT = Chat("discord", "123456789012345678")


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return str(value)


def ideas_config(*, locale: str = "en", **settings: object) -> Config:
    """A config with one idea box ``box`` on a Telegram and a Discord channel, opening on
    start; ``settings`` go to its ``[campaigns.ideas]`` section."""
    lines = "\n".join(f"{key} = {_toml_value(value)}" for key, value in settings.items())
    return parse_config(IDEAS_TOML.format(locale=locale, settings=lines))


PLEDGE_TOML = """
[bot]
locale = "{locale}"
timezone = "Europe/Paris"
moderators = ["console:mod"]

[[campaigns]]
id = "tour"
kind = "pledge"
title = "Ice-cream truck tour"
channels = {channels}
duration = "7d"

[campaigns.pledge]
{goal}
funded_text = "We will contact you within a week to deliver your reward."
{extra}
"""

AMOUNT_GOAL = """goal_amount = 100
currency = "EUR"
min_amount = 2
max_amount = 500
tiers = [
  { amount = 5, reward = "Your name on our wall" },
  { amount = 10, name = "Gourmand", reward = "A free cone" },
  { amount = 25, name = "Patron", reward = "A tasting for two" },
]
stretch_goals = [
  { at = 150, text = "A new flavour" },
  { at = 200, text = "A second truck" },
]"""


def pledge_text(
    *,
    locale: str = "en",
    goal: str = AMOUNT_GOAL,
    extra: str = "",
    channels: tuple[str, ...] = ("console:main",),
) -> str:
    """The TOML of a config with one pledge campaign ``tour`` that opens on start (default:
    100 € goal, tiers 5/10/25 €, custom amounts from 2 to 500 €, stretch goals at 150 and 200 €).
    """
    return PLEDGE_TOML.format(
        locale=locale,
        goal=goal,
        extra=extra,
        channels="[" + ", ".join(f'"{c}"' for c in channels) + "]",
    )


def pledge_config(**options: Any) -> Config:
    """:func:`pledge_text` parsed."""
    return parse_config(pledge_text(**options))


SMALL_POLL = """
id = "{id}"
kind = "poll"
title = "{title}"
channels = ["{{channel}}"]
duration = "{days}d"

[campaigns.poll]
options = [{options}]
"""

#: Campaign blocks for a chat where several run at once (``{channel}`` is filled in).
CAMPAIGN_BLOCKS = {
    "flavour": POLL_TOML.split("[[campaigns]]", 1)[1],
    "colour": SMALL_POLL.format(
        id="colour", title="Cone colour", days=7, options='"Pink", "Green"'
    ),
    "cone": SMALL_POLL.format(id="cone", title="Cone shape", days=1, options='"Waffle", "Sugar"'),
    "box": """
id = "box"
kind = "ideas"
title = "Idea box"
channels = ["{channel}"]
duration = "7d"
""",
    "tour": PLEDGE_TOML.split("[[campaigns]]", 1)[1],
    "slogans": """
id = "slogans"
kind = "contest"
title = "Best slogan"
channels = ["{channel}"]
duration = "7d"
submissions_duration = "3d"

[campaigns.contest]
entry_type = "text"
moderation = "post"
""",
    "photos": """
id = "photos"
kind = "contest"
title = "Funniest photo"
channels = ["{channel}"]
duration = "7d"

[campaigns.contest]
entry_type = "photo"
moderation = "post"
""",
    "draw": """
id = "draw"
kind = "contest"
title = "Summer giveaway"
channels = ["{channel}"]
duration = "7d"

[campaigns.contest]
giveaway = true
prizes = ["A bike"]
""",
}


def campaigns_text(channel: str, *ids: str, locale: str = "en") -> str:
    """The TOML of a config whose campaigns ``ids`` (keys of :data:`CAMPAIGN_BLOCKS`: polls
    ``flavour`` and ``colour`` for 7 days, ``cone`` for 1 day, the idea box ``box``, the pledge
    ``tour``, the text contest ``slogans`` taking entries for 3 days, the photo contest ``photos``,
    the giveaway ``draw``) all run in ``channel``."""
    blocks = {
        "flavour": {
            "title": "Next flavour",
            "channels": f'["{channel}"]',
            "max_choices": 1,
            "anonymous": "true",
            "results": "live",
        },
        "tour": {"goal": AMOUNT_GOAL, "extra": "", "channels": f'["{channel}"]'},
    }
    head = f'[bot]\nlocale = "{locale}"\ntimezone = "Europe/Paris"\nmoderators = ["console:mod"]\n'
    parts = [head]
    for campaign_id in ids:
        block = CAMPAIGN_BLOCKS[campaign_id]
        params = blocks.get(campaign_id)
        text = block.format(**params) if params else block.replace("{channel}", channel)
        parts.append("[[campaigns]]" + text)
    return "\n".join(parts)
