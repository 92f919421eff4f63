"""``chorus check --json``: the same verdict as ``chorus check``, as one JSON document for
scripts and CI — whether ``chorus run`` would start, every problem and warning with its line
in the file, and what each campaign will do."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.config.model import Config
from bot.engine.i18n import Translator
from bot.engine.problems import explain, line_in
from bot.model.durations import format_duration
from bot.model.errors import ConfigProblem


def check_document(
    path: Path,
    config: Config | None,
    problems: list[ConfigProblem],
    warnings: list[ConfigProblem],
    t: Translator,
    now: datetime | None = None,
) -> dict[str, Any]:
    """``valid`` is what ``chorus check``'s exit code says; ``campaigns`` is empty when the
    file cannot be parsed."""
    try:
        text: str | None = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = None
    return {
        "config": str(path),
        "valid": config is not None and not problems,
        "problems": [_problem(p, t, text) for p in problems],
        "warnings": [_problem(p, t, text) for p in warnings],
        "campaigns": [] if config is None else _campaigns(config, now or datetime.now(UTC)),
    }


def _problem(problem: ConfigProblem, t: Translator, text: str | None) -> dict[str, Any]:
    return {
        "path": problem.path,
        "line": line_in(problem, text),
        "code": problem.code or None,
        "message": explain(problem, t),
    }


def _campaigns(config: Config, now: datetime) -> list[dict[str, Any]]:
    campaigns = []
    for campaign in config.campaigns:
        opens, closes = campaign.window_utc(config.bot, now)
        campaigns.append(
            {
                "id": campaign.id,
                "title": campaign.title,
                "kind": campaign.kind,
                "enabled": campaign.enabled,
                "channels": list(campaign.channels),
                "timezone": str(campaign.zone(config.bot)),
                "opens_at": None if campaign.opens_at is None else opens.isoformat(),
                "closes_at": None if campaign.duration is not None else closes.isoformat(),
                "duration": (
                    None if campaign.duration is None else format_duration(campaign.duration)
                ),
                "moderators_channel": campaign.moderators_place(),
            }
        )
    return campaigns
