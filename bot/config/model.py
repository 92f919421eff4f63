"""``config.toml``: the model of the whole file, and loading with readable errors.

Secrets never live in the file: they come from environment variables (``CHORUS_*``). The
campaigns' kinds are not known here: the composition root passes the registry's
(:class:`~bot.config.kinds.KindSettings`) to :func:`parse_config`.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError, create_model, field_validator
from pydantic_core import PydanticCustomError

from bot.config.campaign import CampaignConfig, Recurrence, to_utc
from bot.config.deploy import HealthSettings, variable_of, with_process_settings
from bot.config.kinds import KindSettings, Section, campaign_model
from bot.config.platforms import DiscordSettings, SlackSettings, TelegramSettings
from bot.config.sections import BotSettings, ConsoleSettings, StorageSettings, WebSettings
from bot.config.toml_lines import NESTING_LIMIT, line_of, line_too_deep
from bot.model.errors import ConfigError, ConfigProblem

__all__ = [
    "BotSettings",
    "CampaignConfig",
    "Config",
    "ConsoleSettings",
    "Recurrence",
    "StorageSettings",
    "WebSettings",
    "config_model",
    "load_config",
    "parse_config",
    "to_utc",
]


class Config(Section):
    """The whole ``config.toml``."""

    bot: BotSettings = BotSettings()
    storage: StorageSettings = StorageSettings()
    console: ConsoleSettings = ConsoleSettings()
    telegram: TelegramSettings = TelegramSettings()
    slack: SlackSettings = SlackSettings()
    discord: DiscordSettings = DiscordSettings()
    web: WebSettings = WebSettings()
    health: HealthSettings = HealthSettings()
    campaigns: list[CampaignConfig] = []

    @field_validator("campaigns")
    @classmethod
    def _unique_ids(cls, campaigns: list[CampaignConfig]) -> list[CampaignConfig]:
        ids = [c.id for c in campaigns]
        for index, ident in enumerate(ids):
            if ident in ids[:index]:
                raise PydanticCustomError(
                    "duplicate_campaign",
                    "campaign id '{id}' is used twice",
                    {"id": ident, "index": index},
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
        """Every platform some enabled campaign posts on: its channels and its moderators'
        channel."""
        return {
            place.split(":", 1)[0]
            for campaign in self.campaigns
            if campaign.enabled
            for place in (*campaign.channels, campaign.moderators_place() or "")
            if place
        }


def _format_loc(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def config_model(kinds: Sequence[KindSettings]) -> type[Config]:
    """The model of a whole file whose campaigns may be of ``kinds``."""
    return _config_model(tuple(kinds))


@cache
def _config_model(kinds: tuple[KindSettings, ...]) -> type[Config]:
    campaigns: Any = list[campaign_model(CampaignConfig, kinds)]  # type: ignore[misc]
    return create_model("Config", __base__=Config, __module__=__name__, campaigns=(campaigns, []))


def parse_config(
    text: str,
    source: str = "config.toml",
    *,
    kinds: Sequence[KindSettings],
    environ: Mapping[str, str] | None = None,
) -> Config:
    """Validate TOML ``text``, whose campaigns may be of ``kinds`` (the registry's, given by
    the composition root); raise :class:`ConfigError` listing every problem.

    With ``environ``, this process's own settings (listening ports, Discord shards: see
    :mod:`bot.config.deploy`) come from its variables where they are set.
    """
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
        detail = re.sub(r"\s*\(at line \d+, column \d+\)|\s*\(at end of document\)", "", str(exc))
        problem = ConfigProblem(
            "", f"{source} is not valid TOML: {exc}", line, "toml_syntax", {"detail": detail}
        )
        raise ConfigError([problem]) from None
    env = environ or {}
    data, problems = with_process_settings(data, env)
    if problems:
        raise ConfigError(problems)
    try:
        return config_model(kinds).model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(p for p in error["loc"] if not _is_union_tag(p))
            if len(loc) == 2 and (variable := variable_of(str(loc[0]), str(loc[1]), env)):
                params = error.get("ctx") or {}
                problems.append(ConfigProblem(variable, error["msg"], None, error["type"], params))
                continue
            if error["type"] == "duplicate_campaign":  # point at the second one's id
                loc = (*loc, error["ctx"]["index"], "id")
            elif error["type"] == "other_kind_section":  # point at the section itself
                loc = (*loc, error["ctx"]["other"])
            elif error["type"] in _SETTING_OF:  # a campaign-wide rule about one setting
                loc = (*loc, _SETTING_OF[error["type"]])
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


#: Campaign-wide checks whose problem lies in one setting: its line is the one to show.
_SETTING_OF = {
    "reminder_too_early": "reminders",
    "duplicate_reminder": "reminders",
    "repeat_overlap": "repeat",
    "phase_too_long": "submissions_duration",
}


def _is_union_tag(part: str | int) -> bool:
    return isinstance(part, str) and part.startswith(("function-", "constrained-"))


def load_config(path: Path, *, kinds: Sequence[KindSettings]) -> Config:
    """Read and validate a config file (UTF-8, as TOML requires)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        code = "file_missing" if isinstance(exc, FileNotFoundError) else "cannot_read"
        params = {"path": str(path), "reason": exc.strerror or type(exc).__name__}
        problem = ConfigProblem("", f"cannot read {path}: {exc.strerror}", None, code, params)
        raise ConfigError([problem]) from None
    return parse_config_bytes(raw, str(path), kinds=kinds, environ=os.environ)


def parse_config_bytes(
    raw: bytes,
    source: str,
    *,
    kinds: Sequence[KindSettings],
    environ: Mapping[str, str] | None = None,
) -> Config:
    """Validate the content of a config file (UTF-8, as TOML requires)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        problem = ConfigProblem("", f"{source} is not UTF-8 text", line, "not_utf8")
        raise ConfigError([problem]) from None
    return parse_config(text, source, kinds=kinds, environ=environ)
