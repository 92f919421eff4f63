"""Value types of ``config.toml``: channel and member references, time zones, durations.

Each is an annotated type whose validator raises a :class:`PydanticCustomError` with a stable
error type, so ``chorus check`` can translate the message (``config.<type>`` catalog keys).
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.numbers import list_currencies
from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from bot.model.durations import LONGEST, DurationTooLong, parse_duration

PLATFORMS = ("console", "telegram", "discord", "slack")
Locale = Literal["fr", "en"]
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///chorus.db"

_CHANNEL_IDS = {
    "console": re.compile(r"^[A-Za-z0-9_\-]{1,64}$"),
    "telegram": re.compile(r"^-?\d{1,20}$"),
    "discord": re.compile(r"^\d{15,21}$"),
    "slack": re.compile(r"^[CGD][A-Z0-9]{6,}$"),
}
_MEMBER_IDS = {
    "console": re.compile(r"^[A-Za-z0-9_\-]{1,64}$"),
    "telegram": re.compile(r"^\d{1,20}$"),
    "discord": re.compile(r"^\d{15,21}$"),
    "slack": re.compile(r"^[UW][A-Z0-9]{6,}$"),
}


def _check_ref(value: str, shapes: dict[str, re.Pattern[str]], what: str) -> str:
    platform, sep, ident = value.partition(":")
    if not sep or platform not in shapes:
        raise PydanticCustomError(
            "ref_platform",
            "{what} must be written platform:id with platform one of {platforms}, got '{value}'",
            {"what": what, "platforms": ", ".join(PLATFORMS), "value": value},
        )
    if not shapes[platform].match(ident):
        raise PydanticCustomError(
            "ref_id",
            "'{value}' is not a valid {platform} {what} id",
            {"value": value, "platform": platform, "what": what},
        )
    return value


def _channel(value: str) -> str:
    return _check_ref(value, _CHANNEL_IDS, "channel")


def _member(value: str) -> str:
    return _check_ref(value, _MEMBER_IDS, "member")


def _zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise PydanticCustomError(
            "time_zone",
            "unknown time zone '{value}' (write it like Europe/Paris)",
            {"value": value},
        ) from None
    return value


def _duration(value: object) -> object:
    if isinstance(value, str):
        try:
            return parse_duration(value)
        except DurationTooLong as exc:
            raise PydanticCustomError(
                "duration_too_long", str(exc), {"days": LONGEST.days}
            ) from None
        except ValueError as exc:
            raise PydanticCustomError("duration", str(exc)) from None
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise PydanticCustomError(
            "duration_number",
            "a number alone is not a duration: write its unit, like {value}d for days or "
            "{value}h for hours",
            {"value": value},
        )
    return value


def _currency(value: str) -> str:
    code = value.strip().upper()
    if code not in list_currencies():
        raise PydanticCustomError(
            "currency",
            "unknown currency '{value}' (write its ISO code, e.g. EUR)",
            {"value": value},
        )
    return code


_CAMPAIGN_ID = re.compile(r"^[a-z0-9][a-z0-9\-]{0,47}$")


def _campaign_id(value: str) -> str:
    if not _CAMPAIGN_ID.match(value):
        raise PydanticCustomError(
            "campaign_id",
            "'{value}' is not a campaign id: lowercase letters, digits and dashes, 48 at most, "
            "like parfum-printemps",
            {"value": value[:60]},
        )
    return value


_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


def _colour(value: str) -> str:
    if not _COLOUR.match(value):
        raise PydanticCustomError(
            "accent_color",
            "'{value}' is not a colour: write it as #RRGGBB, e.g. #d2691e",
            {"value": value},
        )
    return value.lower()


CampaignId = Annotated[str, AfterValidator(_campaign_id)]
ChannelRef = Annotated[str, AfterValidator(_channel)]
MemberRef = Annotated[str, AfterValidator(_member)]
TimeZoneName = Annotated[str, AfterValidator(_zone)]
Duration = Annotated[timedelta, BeforeValidator(_duration)]
CurrencyCode = Annotated[str, AfterValidator(_currency)]
#: A brand colour for charts, ``#RRGGBB``.
Colour = Annotated[str, AfterValidator(_colour)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
ImageType = Literal["jpeg", "png", "webp", "gif"]
#: A platform role, ``platform:role-id`` (only Discord tells roles today).
RoleRef = Annotated[str, Field(pattern=r"^(discord|slack|telegram|console):[A-Za-z0-9_\-]{1,64}$")]
