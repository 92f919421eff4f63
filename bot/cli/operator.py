"""Operators' commands that need no chat: ``chorus db upgrade``, ``chorus secret rotate`` and
``chorus round open|close|extend|pause|resume|cancel``."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated

import typer

from bot.cli.apps import DEFAULT_CONFIG, ConfigPath, Lang, db_app, round_app, secret_app
from bot.cli.invocation import guard, load, translator


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


def _round_command(action: str) -> None:
    @round_app.command(action, help=f"{action.capitalize()} the current round of a campaign.")
    def command(
        campaign: Annotated[str, typer.Argument(help="Campaign id.")],
        value: Annotated[str, typer.Argument(help="Duration for extend, reason for cancel.")] = "",
        config_file: ConfigPath = DEFAULT_CONFIG,
        lang: Lang = None,
    ) -> None:
        from bot.moderation.operator import act_on_round

        config = load(config_file, lang)
        t = translator(lang, config)
        code = guard(lambda: asyncio.run(act_on_round(config, campaign, action, value, t)), t)
        raise typer.Exit(code or 0)


for _action in ("open", "close", "extend", "pause", "resume", "cancel"):
    _round_command(_action)
