"""``config.toml``: pydantic models for the whole file, and loading with readable errors.

Times in the file are written in the campaign's local time zone (TOML local date-times, no
offset); :meth:`CampaignConfig.window_utc` turns them into aware UTC. Secrets never live in the
file: they come from environment variables (``CHORUS_*``).
"""

from __future__ import annotations

import os
import re
import tomllib
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from babel.numbers import get_currency_precision
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from bot.config.platforms import DiscordSettings, SlackSettings, TelegramSettings
from bot.config.toml_lines import NESTING_LIMIT, line_of, line_too_deep
from bot.config.types import (
    DEFAULT_DATABASE_URL,
    ChannelRef,
    Colour,
    CurrencyCode,
    Duration,
    ImageType,
    Locale,
    MemberRef,
    RoleRef,
    Text,
    TimeZoneName,
)
from bot.model.errors import ConfigError, ConfigProblem


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BotSettings(_Section):
    """``[bot]``: defaults shared by every campaign."""

    locale: Locale = "fr"
    timezone: TimeZoneName = "Europe/Paris"
    moderators: list[MemberRef] = []
    owners: list[MemberRef] = []
    #: The brand's colour in result charts and reports.
    accent_color: Colour = "#d2691e"


class StorageSettings(_Section):
    """``[storage]``: where Chorus keeps its data (``CHORUS_DATABASE_URL`` overrides it)."""

    database_url: str = DEFAULT_DATABASE_URL
    media_dir: str = "media"

    @field_validator("database_url")
    @classmethod
    def _known_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise PydanticCustomError(
                "database_url",
                "database_url must start with sqlite+aiosqlite:// or postgresql+asyncpg://",
            )
        return value


class ConsoleSettings(_Section):
    """``[console]``: the terminal adapter used when no platform is configured."""

    user: Annotated[str, Field(pattern=r"^[A-Za-z0-9_\-]{1,64}$")] = "camille"
    enabled: bool = True


class WebSettings(_Section):
    """``[web]``: the brand's dashboard (``docs/dashboard.md``), served by ``chorus run`` when
    enabled, or alone by ``chorus web``.

    ``public_url`` is where browsers reach it (behind a proxy: its https address); login links
    are built on it. ``analysts`` may read and export every campaign, never act.
    """

    enabled: bool = False
    listen_host: str = "127.0.0.1"
    listen_port: Annotated[int, Field(ge=0, le=65535)] = 8088
    public_url: Annotated[str, Field(pattern=r"^(https?://[^\s/]+(/[^\s]*)?)?$")] = ""
    analysts: list[MemberRef] = []
    session_hours: Annotated[float, Field(gt=0, le=720)] = 12

    def base_url(self) -> str:
        """Where links point: ``public_url``, else the listening address."""
        return (self.public_url or f"http://{self.listen_host}:{self.listen_port}").rstrip("/")


class PollSettings(_Section):
    """``[campaigns.poll]``: a public vote among options.

    ``accept_private`` lets members vote in a private chat with the bot (only members of one
    of the campaign's chats, where the platform tells; see :mod:`bot.engine.membership`).
    """

    options: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=80)]], Field(min_length=2, max_length=25)
    ]
    max_choices: Annotated[int, Field(ge=1, le=25)] = 1
    anonymous: bool = True
    results: Literal["live", "hidden"] = "live"
    accept_private: bool = False

    @field_validator("options")
    @classmethod
    def _unique(cls, options: list[str]) -> list[str]:
        seen: set[str] = set()
        for option in options:
            folded = option.strip().casefold()
            if folded in seen:
                raise PydanticCustomError(
                    "duplicate_option", "option '{option}' is listed twice", {"option": option}
                )
            seen.add(folded)
        return options

    @field_validator("max_choices")
    @classmethod
    def _not_more_than_options(cls, value: int, info: ValidationInfo) -> int:
        options = info.data.get("options")
        if options is not None and value > len(options):
            raise PydanticCustomError(
                "max_choices",
                "max_choices ({value}) is more than the {count} options",
                {"value": value, "count": len(options)},
            )
        return value


class ContestSettings(_Section):
    """``[campaigns.contest]``: photo or text entries, moderation, a public vote (and an
    optional jury), winners and prizes; or a fair giveaway drawn verifiably.

    The reference, with defaults and examples, is ``docs/contests.md``.
    """

    entry_type: Literal["photo", "text"] = "photo"
    entries_per_member: Annotated[int, Field(ge=1, le=20)] = 1
    title_max: Annotated[int, Field(ge=10, le=200)] = 80
    text_max: Annotated[int, Field(ge=10, le=2000)] = 280
    accepted_types: Annotated[list[ImageType], Field(min_length=1)] = ["jpeg", "png", "webp"]
    max_size_mb: Annotated[float, Field(gt=0, le=50)] = 10
    max_width: Annotated[int, Field(ge=64, le=20_000)] = 6000
    max_height: Annotated[int, Field(ge=64, le=20_000)] = 6000
    votes_per_member: Annotated[int, Field(ge=1, le=50)] = 1
    self_votes: bool = False
    winners: Annotated[int, Field(ge=1, le=50)] = 1
    prizes: list[Text] = []
    tie_rule: Literal["earliest", "draw"] = "earliest"
    moderation: Literal["pre", "post"] = "pre"
    moderators_channel: ChannelRef | None = None
    reports_to_hide: Annotated[int, Field(ge=1, le=100)] = 3
    jury: list[MemberRef] = []
    jury_weight: Annotated[float, Field(ge=0, le=1)] = 0.5
    jury_max_points: Annotated[int, Field(ge=1, le=100)] = 10
    giveaway: bool = False
    claim_instructions: Text | None = None
    accept_private: bool = False
    #: Take a forwarded photo (or another member's, replied to) as the member's entry.
    accept_forwarded: bool = False
    min_account_age: Duration | None = None
    required_roles: list[RoleRef] = []
    banned: list[MemberRef] = []

    @property
    def max_bytes(self) -> int:
        """``max_size_mb`` in bytes (1 MB = 1,000,000 bytes, as platforms count)."""
        return int(self.max_size_mb * 1_000_000)

    @model_validator(mode="after")
    def _coherent(self) -> ContestSettings:
        if len(self.prizes) > self.winners:
            raise PydanticCustomError(
                "too_many_prizes",
                "{count} prizes for {winners} winners: add winners or remove prizes",
                {"count": len(self.prizes), "winners": self.winners},
            )
        if self.jury and self.giveaway:
            raise PydanticCustomError("jury_giveaway", "a giveaway is drawn: it has no jury")
        if len(set(self.jury)) != len(self.jury):
            raise PydanticCustomError("duplicate_juror", "a juror is listed twice")
        return self


IdeaStatus = Literal["new", "under_review", "planned", "in_progress", "shipped", "declined"]
#: The statuses a moderator can give an idea, in the order an idea usually moves through them.
IDEA_STATUSES: tuple[IdeaStatus, ...] = (
    "new",
    "under_review",
    "planned",
    "in_progress",
    "shipped",
    "declined",
)


class IdeasSettings(_Section):
    """``[campaigns.ideas]``: an idea box with similar-idea checks, upvotes and statuses.

    ``similarity_threshold`` is the score (0..1) from which an idea already posted is shown as
    "looks like yours" before a new one is published. ``upvotes_per_round`` caps how many ideas
    a member may upvote in a round (no cap when absent). ``digest_every`` posts the top ideas
    on a schedule while a round is open; ``retained`` are the statuses the round-close summary
    announces as the ideas the brand keeps. ``accept_private`` lets members post and upvote
    from a private chat with the bot (see :mod:`bot.engine.membership`).
    """

    min_length: Annotated[int, Field(ge=1, le=200)] = 10
    max_length: Annotated[int, Field(ge=20, le=4000)] = 500
    title_max_length: Annotated[int, Field(ge=10, le=200)] = 100
    moderation: Literal["pre", "post"] = "post"
    moderators_channel: ChannelRef | None = None
    similarity_threshold: Annotated[float, Field(gt=0, le=1)] = 0.75
    similar_shown: Annotated[int, Field(ge=1, le=5)] = 3
    upvotes_per_round: Annotated[int, Field(ge=1, le=1000)] | None = None
    self_upvote: bool = False
    top_shown: Annotated[int, Field(ge=1, le=25)] = 5
    image_max_mb: Annotated[float, Field(gt=0, le=50)] = 10
    digest_every: Duration | None = None
    retained: list[IdeaStatus] = ["planned", "in_progress", "shipped"]
    accept_private: bool = False

    @model_validator(mode="after")
    def _coherent(self) -> IdeasSettings:
        if self.min_length > self.max_length:
            raise PydanticCustomError(
                "ideas_lengths",
                "min_length ({min}) is more than max_length ({max})",
                {"min": self.min_length, "max": self.max_length},
            )
        if self.digest_every is not None and self.digest_every < timedelta(hours=1):
            raise PydanticCustomError("ideas_digest_too_often", "digest_every must be at least 1h")
        if len(set(self.retained)) != len(self.retained):
            raise PydanticCustomError("ideas_retained_twice", "a retained status is listed twice")
        return self


class Recurrence(_Section):
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


Money = Annotated[Decimal, Field(gt=0, le=1_000_000_000, allow_inf_nan=False)]


class PledgeTier(_Section):
    """A preset pledge: its amount, what backers of it receive, an optional short name."""

    amount: Money
    reward: Text
    name: Annotated[str, Field(min_length=1, max_length=40)] | None = None


class StretchGoal(_Section):
    """A level beyond the goal (an amount, or a number of backers) and what it unlocks."""

    at: Money
    text: Text


class PledgeSettings(_Section):
    """``[campaigns.pledge]``: members back a project toward a goal, all-or-nothing.

    The goal is a number of backers (``goal_backers``) or an amount (``goal_amount`` in
    ``currency``). Members pledge a preset tier or, when ``custom_amounts`` is on, any amount
    from ``min_amount`` to ``max_amount``. Chorus records pledges; it never moves money.
    ``accept_private`` lets members pledge from a private chat with the bot (see
    :mod:`bot.engine.membership`).
    """

    goal_backers: Annotated[int, Field(ge=1, le=10_000_000)] | None = None
    goal_amount: Money | None = None
    currency: CurrencyCode | None = None
    tiers: Annotated[list[PledgeTier], Field(max_length=10)] = []
    custom_amounts: bool = True
    min_amount: Money = Decimal(1)
    max_amount: Money = Decimal(10_000)
    stretch_goals: Annotated[list[StretchGoal], Field(max_length=10)] = []
    funded_text: Text
    not_funded_text: Annotated[str, Field(max_length=2000)] = ""
    accept_private: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> PledgeSettings:
        if (self.goal_backers is None) == (self.goal_amount is None):
            raise PydanticCustomError(
                "pledge_goal", "give goal_backers or goal_amount (one of them)"
            )
        if self.currency is None and (self.goal_amount is not None or self.tiers):
            raise PydanticCustomError(
                "pledge_currency", 'an amount goal or tiers need a currency, e.g. currency = "EUR"'
            )
        if self.goal_amount is not None and not self.tiers and not self.custom_amounts:
            raise PydanticCustomError(
                "pledge_no_way", "give tiers or allow custom_amounts so members can pledge"
            )
        if self.min_amount > self.max_amount:
            raise PydanticCustomError("pledge_bounds", "min_amount is more than max_amount")
        amounts = [tier.amount for tier in self.tiers]
        if len(set(amounts)) != len(amounts):
            raise PydanticCustomError("duplicate_tier", "two tiers have the same amount")
        if self.currency is not None:
            self._check_precision(self.currency)
        goal = self.goal_amount if self.goal_amount is not None else Decimal(self.goal_backers or 0)
        levels = [stretch.at for stretch in self.stretch_goals]
        if any(b <= a for a, b in zip([goal, *levels], levels, strict=False)):
            raise PydanticCustomError(
                "stretch_order", "stretch goals must be above the goal and in increasing order"
            )
        if self.goal_backers is not None and any(level % 1 for level in levels):
            raise PydanticCustomError("stretch_whole", "stretch goals count backers: whole numbers")
        return self

    def _check_precision(self, currency: str) -> None:
        digits = get_currency_precision(currency)
        amounts = [tier.amount for tier in self.tiers] + [self.min_amount, self.max_amount]
        if self.goal_amount is not None:
            amounts += [self.goal_amount, *(stretch.at for stretch in self.stretch_goals)]
        for amount in amounts:
            if amount != round(amount, digits):
                raise PydanticCustomError(
                    "amount_precision",
                    "{amount} has more decimals than {currency} allows ({digits})",
                    {"amount": str(amount), "currency": currency, "digits": digits},
                )


Kind = Literal["poll", "contest", "ideas", "pledge"]
AVAILABLE_KINDS: tuple[Kind, ...] = ("poll", "contest", "pledge", "ideas")


class CampaignConfig(_Section):
    """One ``[[campaigns]]`` entry."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9\-]{0,47}$")]
    kind: Kind
    title: Annotated[str, Field(min_length=1, max_length=200)]
    description: Annotated[str, Field(max_length=2000)] = ""
    enabled: bool = True
    locale: Locale | None = None
    timezone: TimeZoneName | None = None
    channels: Annotated[list[ChannelRef], Field(min_length=1)]
    moderators: list[MemberRef] = []
    owners: list[MemberRef] = []
    #: Where alerts for moderators go (undeliverable channels, failing platforms, fraud).
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
    poll: PollSettings | None = None
    contest: ContestSettings | None = None
    ideas: IdeasSettings | None = None
    pledge: PledgeSettings | None = None

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
            if self.kind != "contest":
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
        if getattr(self, self.kind) is None and self.kind in ("poll", "pledge"):
            raise PydanticCustomError(
                "missing_kind_section",
                "a {kind} campaign needs a [campaigns.{kind}] section",
                {"kind": self.kind},
            )
        if self.enabled and self.kind not in AVAILABLE_KINDS:
            raise PydanticCustomError(
                "kind_unavailable",
                "{kind} campaigns are not available in this version yet: set enabled = false",
                {"kind": self.kind},
            )
        return self

    def zone(self, bot: BotSettings) -> ZoneInfo:
        """The campaign's time zone (its own, else the bot's)."""
        return ZoneInfo(self.timezone or bot.timezone)

    def language(self, bot: BotSettings) -> str:
        """The campaign's default language (its own, else the bot's)."""
        return self.locale or bot.locale

    @property
    def accepts_private(self) -> bool:
        """Whether members may take part from a private chat with the bot: the
        ``accept_private`` of the kind's section (off when the section is left out)."""
        section = getattr(self, self.kind, None)
        return bool(getattr(section, "accept_private", False))

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


class Config(_Section):
    """The whole ``config.toml``."""

    bot: BotSettings = BotSettings()
    storage: StorageSettings = StorageSettings()
    console: ConsoleSettings = ConsoleSettings()
    telegram: TelegramSettings = TelegramSettings()
    slack: SlackSettings = SlackSettings()
    discord: DiscordSettings = DiscordSettings()
    web: WebSettings = WebSettings()
    campaigns: list[CampaignConfig] = []

    @field_validator("campaigns")
    @classmethod
    def _unique_ids(cls, campaigns: list[CampaignConfig]) -> list[CampaignConfig]:
        ids = [c.id for c in campaigns]
        for ident in ids:
            if ids.count(ident) > 1:
                raise PydanticCustomError(
                    "duplicate_campaign", "campaign id '{id}' is used twice", {"id": ident}
                )
        return campaigns

    def campaign(self, campaign_id: str) -> CampaignConfig | None:
        """The campaign with this id, if any."""
        return next((c for c in self.campaigns if c.id == campaign_id), None)

    def database_url(self) -> str:
        """The database URL, ``CHORUS_DATABASE_URL`` winning over the file."""
        return os.environ.get("CHORUS_DATABASE_URL") or self.storage.database_url

    def media_dir(self) -> Path:
        """Where media and charts are stored, ``CHORUS_MEDIA_DIR`` winning over the file."""
        return Path(os.environ.get("CHORUS_MEDIA_DIR") or self.storage.media_dir)

    def platforms(self) -> set[str]:
        """Every platform some enabled campaign has a channel on."""
        return {ch.split(":", 1)[0] for c in self.campaigns if c.enabled for ch in c.channels}


def _naive(value: datetime) -> datetime:
    return value.replace(tzinfo=None)


def to_utc(local: datetime, zone: ZoneInfo) -> datetime:
    """A wall-clock time in ``zone`` as aware UTC (an aware value keeps its own offset)."""
    if local.tzinfo is not None:
        return local.astimezone(UTC)
    return local.replace(tzinfo=zone).astimezone(UTC)


def _format_loc(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def parse_config(text: str, source: str = "config.toml") -> Config:
    """Validate TOML ``text``; raise :class:`ConfigError` listing every problem."""
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except RecursionError:  # tomllib parses nested arrays and tables recursively
        line = line_too_deep(text, NESTING_LIMIT)
        raise ConfigError(
            [ConfigProblem("", f"{source} nests arrays or tables too deeply", line, "too_deep")]
        ) from None
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)  # Python 3.14+; older ones only say it in the text
        if line is None and (at := re.search(r"at line (\d+)", str(exc))):
            line = int(at.group(1))
        raise ConfigError([ConfigProblem("", f"{source} is not valid TOML: {exc}", line)]) from None
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            loc = tuple(p for p in error["loc"] if not _is_union_tag(p))
            problems.append(
                ConfigProblem(
                    _format_loc(loc),
                    error["msg"],
                    line_of(text, loc),
                    code=error["type"],
                    params=error.get("ctx") or {},
                )
            )
        raise ConfigError(problems) from None


def _is_union_tag(part: str | int) -> bool:
    return isinstance(part, str) and part.startswith(("function-", "constrained-"))


def load_config(path: Path) -> Config:
    """Read and validate a config file (UTF-8, as TOML requires)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError([ConfigProblem("", f"cannot read {path}: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        problem = ConfigProblem("", f"{path} is not UTF-8 text", line, "not_utf8")
        raise ConfigError([problem]) from None
    return parse_config(text, str(path))
