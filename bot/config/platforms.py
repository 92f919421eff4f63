"""``[telegram]``, ``[slack]`` and ``[discord]``: how Chorus connects to each platform.

Only connection settings live here; tokens and secrets never do — they come from environment
variables (``CHORUS_TELEGRAM_TOKEN``, ``CHORUS_SLACK_BOT_TOKEN``, ``CHORUS_DISCORD_TOKEN``…).
The base URLs point the SDKs at a self-hosted server or a proxy in production, and at the
emulators in the tests.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

Port = Annotated[int, Field(ge=1, le=65535)]
Snowflake = Annotated[str, Field(pattern=r"^\d{15,21}$")]


class PlatformSection(BaseModel):
    """A platform's section of ``config.toml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def secrets(self) -> list[str]:
        """The environment variables this platform's adapter needs with these settings."""
        return []


class TelegramSettings(PlatformSection):
    """``[telegram]``: long polling by default; webhooks need a public HTTPS ``webhook_url``.

    ``admin_cache_seconds`` is how long a chat administrator check (``getChatMember``) is
    trusted; ``concurrent_updates`` how many updates are handled at once (votes share database
    transactions, so more in flight means more votes per second).
    """

    mode: Literal["polling", "webhook"] = "polling"
    api_base_url: str = "https://api.telegram.org/bot"
    file_base_url: str = "https://api.telegram.org/file/bot"
    webhook_url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None
    listen_host: str = "0.0.0.0"
    listen_port: Port = 8443
    max_upload_mb: Annotated[int, Field(ge=1, le=20)] = 20
    admin_cache_seconds: Annotated[int, Field(ge=0, le=86400)] = 300
    concurrent_updates: Annotated[int, Field(ge=1, le=1024)] = 256

    @model_validator(mode="after")
    def _webhook_needs_url(self) -> TelegramSettings:
        if self.mode == "webhook" and not self.webhook_url:
            raise PydanticCustomError(
                "webhook_url", 'mode = "webhook" needs webhook_url (the public HTTPS address)'
            )
        return self

    def secrets(self) -> list[str]:
        webhook = ["CHORUS_TELEGRAM_WEBHOOK_SECRET"] if self.mode == "webhook" else []
        return ["CHORUS_TELEGRAM_TOKEN", *webhook]


class SlackSettings(PlatformSection):
    """``[slack]``: Socket Mode by default (no public URL needed); HTTP mode listens itself."""

    mode: Literal["socket", "http"] = "socket"
    api_base_url: str = "https://slack.com/api/"
    listen_host: str = "0.0.0.0"
    #: 0 picks a free port (tests); Slack must reach ``listen_port`` at ``path`` in HTTP mode.
    listen_port: Annotated[int, Field(ge=0, le=65535)] = 3000
    path: Annotated[str, Field(pattern=r"^/\S*$")] = "/slack/events"

    def secrets(self) -> list[str]:
        receiving = (
            "CHORUS_SLACK_APP_TOKEN" if self.mode == "socket" else "CHORUS_SLACK_SIGNING_SECRET"
        )
        return ["CHORUS_SLACK_BOT_TOKEN", receiving]


class DiscordSettings(PlatformSection):
    """``[discord]``: commands synced to ``guild_ids`` at start (global when empty).

    ``moderator_roles`` are role ids whose holders may use ``/chorus …`` besides members with
    the Manage Server permission. ``shard_count``/``shard_ids`` split the gateway shards between
    processes. ``api_base_url`` (e.g. ``https://proxy.example/api/v10``) and ``gateway_url``
    point discord.py at a REST proxy or gateway proxy — and the tests at the emulator.
    ``defer_after`` is how long an answer may take before the interaction is deferred (Discord
    allows 3 s for the first response).
    """

    guild_ids: list[Snowflake] = []
    moderator_roles: list[Snowflake] = []
    shard_count: Annotated[int, Field(ge=1)] | None = None
    shard_ids: list[Annotated[int, Field(ge=0)]] | None = None
    api_base_url: str | None = None
    gateway_url: str | None = None
    defer_after: Annotated[float, Field(gt=0, le=2.5)] = 1.5

    def secrets(self) -> list[str]:
        return ["CHORUS_DISCORD_TOKEN"]
