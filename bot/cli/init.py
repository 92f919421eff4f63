"""``chorus init``: write a commented starter ``config.toml``."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli.apps import DEFAULT_CONFIG, ConfigPath, Lang, app
from bot.cli.invocation import translator, writing
from bot.cli.starter import StarterKind, StarterPlatform, starter_config


@app.command()
def init(
    kind: Annotated[
        StarterKind, typer.Option("--kind", help="The first campaign's kind.")
    ] = StarterKind.poll,
    platform: Annotated[
        StarterPlatform, typer.Option("--platform", help="Where it runs.")
    ] = StarterPlatform.console,
    config_file: ConfigPath = DEFAULT_CONFIG,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    lang: Lang = None,
) -> None:
    """Write a commented starter config.toml with one campaign, ready for chorus check."""
    t = translator(lang)
    if config_file.exists() and not force:
        typer.echo(t("init.exists", path=str(config_file)), err=True)
        raise typer.Exit(2)
    text = starter_config(kind, platform, t)
    writing(lambda: config_file.write_text(text, encoding="utf-8"), config_file, t)
    typer.echo(t("init.written", path=str(config_file), kind=kind.value, platform=platform.value))
    if platform is not StarterPlatform.console:
        typer.echo(t("init.ids", platform=platform.value))
    typer.echo(t("init.next", path=str(config_file)))
