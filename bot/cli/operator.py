"""Operators' commands that need no chat: ``chorus db upgrade``, ``chorus secret rotate`` and
``chorus round open|close|extend|pause|resume|cancel``."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from bot.cli.apps import DEFAULT_CONFIG, ConfigPath, Json, Lang, db_app, round_app, secret_app
from bot.cli.invocation import campaign_problem, database_problem, guard, load, translator


@db_app.command("upgrade")
def db_upgrade(config_file: ConfigPath = DEFAULT_CONFIG, lang: Lang = None) -> None:
    """Apply pending database migrations."""
    from storage.db import Database

    config = load(config_file, lang)
    t = translator(lang, config)

    async def upgrade() -> None:
        db = Database.connect(config.database_url())
        try:
            await db.migrate()
        finally:
            await db.close()

    guard(lambda: asyncio.run(upgrade()), t)
    typer.echo(t("db.upgraded"))


@secret_app.command("rotate")
def secret_rotate(config_file: ConfigPath = DEFAULT_CONFIG, lang: Lang = None) -> None:
    """Replace the button-signing secret; buttons already posted keep working for 7 days."""
    from zoneinfo import ZoneInfo

    from bot.engine.action_ids import ROTATION_GRACE
    from bot.model.clock import SystemClock
    from storage.db import Database
    from storage.meta import rotate_signing_secret

    config = load(config_file, lang)
    t = translator(lang, config)
    problem = database_problem(config, config_file, t)  # nothing signed yet: nothing to rotate
    if problem is not None:
        typer.echo(problem, err=True)
        raise typer.Exit(2)

    until: datetime | None = None

    async def rotate() -> None:
        nonlocal until
        db = Database.connect(config.database_url())
        try:
            await db.migrate()
            keys = await rotate_signing_secret(db, SystemClock().now(), ROTATION_GRACE)
            until = keys.previous_until
        finally:
            await db.close()

    guard(lambda: asyncio.run(rotate()), t)
    if until is None:  # interrupted
        raise typer.Exit(130)
    typer.echo(t("secret.rotated", until=t.datetime(until, ZoneInfo(config.bot.timezone))))


Campaign = Annotated[str, typer.Argument(help="Campaign id.")]


def _act(
    action: str, campaign: str, value: str, config_file: Path, lang: str | None, as_json: bool
) -> None:
    import json

    from bot.moderation.operator import RoundOutcome, act_on_round, value_problem

    config = load(config_file, lang)
    t = translator(lang, config)
    outcome: list[RoundOutcome] = []

    def act() -> None:
        outcome.append(asyncio.run(act_on_round(config, campaign, action, value, t)))

    problem = campaign_problem(config, config_file, t, campaign, running=True)
    problem = problem or value_problem(action, value, campaign, t)
    problem = problem or database_problem(config, config_file, t)
    if problem is not None:
        outcome.append(RoundOutcome(2, problem))
    else:
        guard(act, t)
    if not outcome:  # interrupted
        raise typer.Exit(130)
    done = outcome[0]
    if as_json:
        typer.echo(json.dumps(done.as_json(campaign, action), ensure_ascii=False))
    else:
        typer.echo(done.text, err=done.code != 0)
    raise typer.Exit(done.code)


def _plain_command(action: str) -> None:
    @round_app.command(action, help=f"{action.capitalize()} the current round of a campaign.")
    def command(
        campaign: Campaign,
        config_file: ConfigPath = DEFAULT_CONFIG,
        lang: Lang = None,
        as_json: Json = False,
    ) -> None:
        _act(action, campaign, "", config_file, lang, as_json)


for _action in ("open", "close", "pause", "resume"):
    _plain_command(_action)


@round_app.command("extend")
def round_extend(
    campaign: Campaign,
    duration: Annotated[str, typer.Argument(help="How much longer: 2h, 1d 12h, 90m…")],
    config_file: ConfigPath = DEFAULT_CONFIG,
    lang: Lang = None,
    as_json: Json = False,
) -> None:
    """Extend the current round of a campaign by a duration."""
    _act("extend", campaign, duration, config_file, lang, as_json)


@round_app.command("cancel")
def round_cancel(
    campaign: Campaign,
    reason: Annotated[str, typer.Argument(help="Why, as members will read it.")],
    config_file: ConfigPath = DEFAULT_CONFIG,
    lang: Lang = None,
    as_json: Json = False,
) -> None:
    """Cancel the current round of a campaign, telling members why."""
    _act("cancel", campaign, reason, config_file, lang, as_json)
