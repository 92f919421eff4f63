"""What differs between the processes of one deployment: set by environment variables, so
that every replica shares one ``config.toml``.

Several ``chorus run`` processes on one PostgreSQL read the same file; only their listening
ports (Telegram webhooks, Slack HTTP mode, the dashboard, the health endpoint) and their
Discord shards differ, and those come from ``CHORUS_*`` variables that win over the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from bot.model.errors import ConfigProblem

#: Variable → (section, key) of the setting it overrides.
PROCESS_SETTINGS: dict[str, tuple[str, str]] = {
    "CHORUS_TELEGRAM_LISTEN_PORT": ("telegram", "listen_port"),
    "CHORUS_SLACK_LISTEN_PORT": ("slack", "listen_port"),
    "CHORUS_WEB_LISTEN_PORT": ("web", "listen_port"),
    "CHORUS_HEALTH_LISTEN_PORT": ("health", "listen_port"),
    "CHORUS_DISCORD_SHARD_IDS": ("discord", "shard_ids"),
}


class HealthSettings(BaseModel):
    """``[health]``: ``/healthz`` and ``/metrics`` (Prometheus text) for the load balancer and
    the operator, served by ``chorus run`` on their own port when enabled (setting
    ``CHORUS_HEALTH_LISTEN_PORT`` enables them too)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = False
    listen_host: str = "127.0.0.1"
    #: 0 picks a free port (tests).
    listen_port: Annotated[int, Field(ge=0, le=65535)] = 9090


def with_process_settings(
    data: dict[str, Any], environ: Mapping[str, str]
) -> tuple[dict[str, Any], list[ConfigProblem]]:
    """``data`` (the parsed file) with this process's settings from ``environ`` put in, and a
    problem for each variable that is not a number (a list of numbers for shard ids)."""
    merged = {key: dict(value) if isinstance(value, dict) else value for key, value in data.items()}
    problems: list[ConfigProblem] = []
    for variable, (section, key) in PROCESS_SETTINGS.items():
        raw = environ.get(variable, "").strip()
        if not raw:
            continue
        try:
            value: object = (
                [int(part) for part in raw.split(",") if part.strip()]
                if key == "shard_ids"
                else int(raw)
            )
        except ValueError:
            problems.append(
                ConfigProblem(
                    variable,
                    f"{variable}={raw!r} is not a number"
                    + (" list (e.g. 0,2)" if key == "shard_ids" else ""),
                    code="process_setting",
                    params={"variable": variable, "value": raw},
                )
            )
            continue
        target = merged.setdefault(section, {})
        if isinstance(target, dict):
            target[key] = value
            if section == "health":
                target["enabled"] = True
    return merged, problems


def variable_of(section: str, key: str, environ: Mapping[str, str]) -> str | None:
    """The variable that set ``section.key`` for this process, if one did."""
    for variable, target in PROCESS_SETTINGS.items():
        if target == (section, key) and environ.get(variable, "").strip():
            return variable
    return None
