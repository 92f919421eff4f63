"""The tables of ``config.toml`` that are not campaigns: ``[bot]``, ``[storage]``,
``[console]`` and ``[web]`` (the platforms' own are in :mod:`bot.config.platforms`)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from bot.config.kinds import Section
from bot.config.types import DEFAULT_DATABASE_URL, Colour, Locale, MemberRef, TimeZoneName


class BotSettings(Section):
    """``[bot]``: defaults shared by every campaign."""

    locale: Locale = "fr"
    timezone: TimeZoneName = "Europe/Paris"
    moderators: list[MemberRef] = []
    owners: list[MemberRef] = []
    #: The brand's colour in result charts and reports.
    accent_color: Colour = "#d2691e"


class StorageSettings(Section):
    """``[storage]``: where Chorus keeps its data (``CHORUS_DATABASE_URL`` overrides it).

    On PostgreSQL each process opens at most ``pool_size + pool_overflow`` connections for its
    work, plus one of its own for notifications and locks (``docs/deploy.md`` gives the
    budget). ``claim_seconds`` is how long an outbox message claimed by a process stays its
    own without being renewed (a live sender renews it while it still sends).
    """

    database_url: str = DEFAULT_DATABASE_URL
    media_dir: str = "media"
    pool_size: Annotated[int, Field(ge=1, le=100)] = 5
    pool_overflow: Annotated[int, Field(ge=0, le=100)] = 5
    claim_seconds: Annotated[float, Field(ge=1, le=3600)] = 120

    @field_validator("database_url")
    @classmethod
    def _known_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise PydanticCustomError(
                "database_url",
                "database_url must start with sqlite+aiosqlite:// or postgresql+asyncpg://",
            )
        return value


class ConsoleSettings(Section):
    """``[console]``: the terminal adapter used when no platform is configured."""

    user: Annotated[str, Field(pattern=r"^[A-Za-z0-9_\-]{1,64}$")] = "camille"
    enabled: bool = True


class WebSettings(Section):
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
