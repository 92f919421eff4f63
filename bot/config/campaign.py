"""One ``[[campaigns]]`` entry: its channels, people, schedule and rounds' windows.

Times in the file are written in the campaign's local time zone (TOML local date-times, no
offset); :meth:`CampaignConfig.window_utc` turns them into aware UTC. The kind's own section
(``[campaigns.poll]``…) is declared by the kind (:mod:`bot.config.kinds`), not here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, ClassVar, Literal, TypeVar
from zoneinfo import ZoneInfo

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from bot.config.kinds import KindSettings, Section
from bot.config.sections import BotSettings
from bot.config.types import CampaignId, ChannelRef, Duration, Locale, MemberRef, TimeZoneName

S = TypeVar("S", bound=Section)


class Recurrence(Section):
    """``[campaigns.repeat]``: rounds that come back, e.g. every Monday for 3 days.

    ``every`` is the wall-clock time between two openings (``7d``); the series ends after
    ``count`` rounds or with the last opening before ``until`` (local time).
    """

    every: Duration
    count: Annotated[int, Field(ge=1, le=10_000)] | None = None
    until: datetime | None = None

    @model_validator(mode="after")
    def _ends(self) -> Recurrence:
        if (self.count is None) == (self.until is None):
            raise PydanticCustomError("repeat_end", "give count or until (one of them)")
        return self


class CampaignConfig(Section):
    """One ``[[campaigns]]`` entry."""

    id: CampaignId
    kind: str
    title: Annotated[str, Field(min_length=1, max_length=200)]
    description: Annotated[str, Field(max_length=2000)] = ""
    enabled: bool = True
    locale: Locale | None = None
    timezone: TimeZoneName | None = None
    channels: Annotated[list[ChannelRef], Field(min_length=1)]
    moderators: list[MemberRef] = []
    owners: list[MemberRef] = []
    #: Where the review queue and alerts for moderators go (undeliverable channels, failing
    #: platforms, fraud); read through :meth:`moderators_place`.
    moderators_channel: ChannelRef | None = None
    #: Personal data is purged this many days after the campaign's last round ended.
    retain_days: Annotated[int, Field(ge=1, le=3650)] | None = None
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    duration: Duration | None = None
    repeat: Recurrence | None = None
    reminders: list[Duration] = []
    submissions_close_at: datetime | None = None
    submissions_duration: Duration | None = None
    #: Whose voice a ballot, entry, pledge or upvote is: each platform ``account``'s, or each
    #: ``person``'s (accounts linked with ``/link`` share one). Unset: ``person`` when the
    #: channels span several platforms, else ``account``.
    one_voice: Literal["account", "person"] | None = None
    #: The kinds this model was built for (:func:`bot.config.kinds.campaign_model` adds their
    #: sections as fields, one per kind, named after it).
    kinds: ClassVar[Mapping[str, KindSettings]] = {}

    @field_validator("closes_at")
    @classmethod
    def _after_opening(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        opens = info.data.get("opens_at")
        if value is not None and opens is not None and _naive(value) <= _naive(opens):
            raise PydanticCustomError("closes_before_opens", "must be after opens_at")
        return value

    @field_validator("channels")
    @classmethod
    def _distinct_channels(cls, channels: list[str]) -> list[str]:
        if len(set(channels)) != len(channels):
            raise PydanticCustomError("duplicate_channel", "a channel is listed twice")
        return channels

    @model_validator(mode="after")
    def _consistent(self) -> CampaignConfig:
        if self.closes_at is None and self.duration is None:
            raise PydanticCustomError(
                "no_close", "give closes_at or duration so the round can close"
            )
        if self.closes_at is not None and self.duration is not None:
            raise PydanticCustomError("close_twice", "give closes_at or duration, not both")
        length = self._length()
        if self.repeat is not None and length is not None and self.repeat.every < length:
            raise PydanticCustomError(
                "repeat_overlap", "repeat.every is shorter than a round: rounds would overlap"
            )
        split = (self.submissions_close_at, self.submissions_duration)
        if any(v is not None for v in split):
            if not self._declared().phases:
                raise PydanticCustomError(
                    "phase_not_contest", "only contests have a submissions phase"
                )
            if all(v is not None for v in split):
                raise PydanticCustomError(
                    "phase_twice", "give submissions_close_at or submissions_duration, not both"
                )
            submissions = self._submissions_length()
            if length is not None and submissions is not None and submissions >= length:
                raise PydanticCustomError(
                    "phase_too_long", "the submissions phase must end before the round closes"
                )
        for reminder in self.reminders:
            if length is not None and reminder >= length:
                raise PydanticCustomError(
                    "reminder_too_early",
                    "a reminder must come after the opening (shorter than the round)",
                )
        if len(set(self.reminders)) != len(self.reminders):
            raise PydanticCustomError("duplicate_reminder", "a reminder is listed twice")
        for other in self.kinds:
            if other != self.kind and getattr(self, other, None) is not None:
                raise PydanticCustomError(
                    "other_kind_section",
                    "[campaigns.{other}] is for {other} campaigns, and this one is a {kind}: "
                    "its settings go in [campaigns.{kind}]",
                    {"other": other, "kind": self.kind},
                )
        if self.section is None and self._declared().required:
            raise PydanticCustomError(
                "missing_kind_section",
                "a {kind} campaign needs a [campaigns.{kind}] section",
                {"kind": self.kind},
            )
        return self

    def _declared(self) -> KindSettings:
        """What the kind declared; an unregistered kind (a bare model) is plain."""
        return self.kinds.get(self.kind) or KindSettings(self.kind, Section)

    @property
    def section(self) -> Section | None:
        """The kind's own ``[campaigns.<kind>]`` section, None when it is left out."""
        section = getattr(self, self.kind, None)
        return section if isinstance(section, Section) else None

    def section_as(self, model: type[S]) -> S | None:
        """The kind's section when it is a ``model``: a kind reads its own settings, typed."""
        section = self.section
        return section if isinstance(section, model) else None

    def rules(self) -> dict[str, Any]:
        """What a running round depends on (its kind, whose voice counts, the kinds'
        sections), JSON-ready."""
        dumped = self.model_dump(mode="json", include={"kind", *self.kinds})
        voice = "person" if self.counts_people else "account"
        return {
            "kind": dumped["kind"],
            "one_voice": voice,
            **{name: dumped.get(name) for name in self.kinds},
        }

    def zone(self, bot: BotSettings) -> ZoneInfo:
        """The campaign's time zone (its own, else the bot's)."""
        return ZoneInfo(self.timezone or bot.timezone)

    def language(self, bot: BotSettings) -> str:
        """The campaign's default language (its own, else the bot's)."""
        return self.locale or bot.locale

    def channels_on(self, platform: str) -> list[str]:
        """The ids of its channels on ``platform`` (``telegram:-100…`` → ``-100…``)."""
        prefix = f"{platform}:"
        return [ref.removeprefix(prefix) for ref in self.channels if ref.startswith(prefix)]

    def moderators_place(self) -> str | None:
        """Where the campaign's review cards and alerts go: its ``moderators_channel``, else
        the same key in the kind's section (where contests and idea boxes first read it).

        The one answer to "where do moderators read?", for every feature that posts there.
        """
        if self.moderators_channel is not None:
            return self.moderators_channel
        channel = getattr(self.section, "moderators_channel", None)
        return channel if isinstance(channel, str) else None

    @property
    def platforms(self) -> set[str]:
        """The platforms its channels are on."""
        return {ref.partition(":")[0] for ref in self.channels}

    @property
    def counts_people(self) -> bool:
        """Whether linked accounts share one voice here (see ``one_voice``)."""
        if self.one_voice is not None:
            return self.one_voice == "person"
        return len(self.platforms) > 1

    @property
    def accepts_private(self) -> bool:
        """Whether members may take part from a private chat with the bot: the
        ``accept_private`` of the kind's section (off when the section is left out)."""
        return bool(getattr(self.section, "accept_private", False))

    def _submissions_length(self) -> timedelta | None:
        if self.submissions_duration is not None:
            return self.submissions_duration
        if self.submissions_close_at is not None and self.opens_at is not None:
            return _naive(self.submissions_close_at) - _naive(self.opens_at)
        return None

    def _length(self) -> timedelta | None:
        """The wall-clock length of a round, when the config fixes it."""
        if self.duration is not None:
            return self.duration
        if self.closes_at is not None and self.opens_at is not None:
            return _naive(self.closes_at) - _naive(self.opens_at)
        return None

    def window_utc(self, bot: BotSettings, started: datetime) -> tuple[datetime, datetime]:
        """The first round's opening and closing times in UTC; no ``opens_at`` means
        ``started``."""
        zone = self.zone(bot)
        opens = started if self.opens_at is None else to_utc(self.opens_at, zone)
        return self.occurrence(bot, opens, 0)

    def occurrence(
        self, bot: BotSettings, first_opens: datetime, index: int
    ) -> tuple[datetime, datetime]:
        """Window of round ``index`` (0-based) of a series whose first round opened at
        ``first_opens``.

        Arithmetic is wall-clock in the campaign's zone: "7d" from Monday 10:00 is the next
        Monday 10:00, and a "3d" round closes at the opening's local time, across DST changes.
        """
        zone = self.zone(bot)
        local_first = first_opens.astimezone(zone).replace(tzinfo=None)
        shift = self.repeat.every * index if self.repeat is not None else timedelta()
        local_open = local_first + shift
        if self.duration is not None:
            local_close = local_open + self.duration
        else:
            assert self.closes_at is not None
            local_close = _naive(self.closes_at) + shift
        opens = first_opens if index == 0 else to_utc(local_open, zone)
        return opens, to_utc(local_close, zone)

    def voting_opens(self, bot: BotSettings, first_opens: datetime, index: int) -> datetime | None:
        """When voting starts in round ``index`` of a contest split in two phases, else None."""
        zone = self.zone(bot)
        shift = self.repeat.every * index if self.repeat is not None else timedelta()
        if self.submissions_duration is not None:
            local_first = first_opens.astimezone(zone).replace(tzinfo=None)
            return to_utc(local_first + shift + self.submissions_duration, zone)
        if self.submissions_close_at is not None:
            return to_utc(_naive(self.submissions_close_at) + shift, zone)
        return None

    def has_occurrence(self, bot: BotSettings, first_opens: datetime, index: int) -> bool:
        """Whether the series has a round ``index`` (0-based)."""
        if index == 0:
            return True
        if self.repeat is None:
            return False
        if self.repeat.count is not None:
            return index < self.repeat.count
        assert self.repeat.until is not None
        opens, _ = self.occurrence(bot, first_opens, index)
        return opens <= to_utc(self.repeat.until, self.zone(bot))


def _naive(value: datetime) -> datetime:
    return value.replace(tzinfo=None)


def to_utc(local: datetime, zone: ZoneInfo) -> datetime:
    """A wall-clock time in ``zone`` as aware UTC (an aware value keeps its own offset)."""
    if local.tzinfo is not None:
        return local.astimezone(UTC)
    return local.replace(tzinfo=zone).astimezone(UTC)
