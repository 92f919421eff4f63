"""Platform set-up helpers: ``chorus slack manifest`` and ``chorus discord invite-url``."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli.apps import DEFAULT_CONFIG, ConfigPath, Lang, discord_app, slack_app
from bot.cli.invocation import load, translator


@slack_app.command("manifest")
def slack_manifest(
    config_file: ConfigPath = DEFAULT_CONFIG,
    request_url: Annotated[
        str | None,
        typer.Option(
            "--request-url",
            help="The public URL Slack posts to, path included: gives the HTTP-mode manifest.",
        ),
    ] = None,
    name: Annotated[str, typer.Option("--name", help="App and bot name.")] = "Chorus",
    lang: Lang = None,
) -> None:
    """Print the Slack app manifest (JSON) for "Create an app → From a manifest"."""
    import json

    from adapters.slack.manifest import app_manifest  # no SDK: the builder is pure

    config = load(config_file, lang, storage=False)
    t = translator(lang, config)
    if config.slack.mode == "http" and request_url is None:
        typer.echo(t("slack.manifest.needs_url", path=config.slack.path), err=True)
        raise typer.Exit(2)
    if request_url is not None and not request_url.startswith("https://"):
        typer.echo(t("slack.manifest.https", url=request_url), err=True)
        raise typer.Exit(2)
    from bot.app import platform_commands

    commands = platform_commands(config, "slack").specs
    manifest = app_manifest(config.slack, t, name=name, request_url=request_url, commands=commands)
    typer.echo(json.dumps(manifest, indent=2, ensure_ascii=False))


@discord_app.command("invite-url")
def discord_invite_url(
    application_id: Annotated[
        str | None,
        typer.Option(help="The application id (else asked from Discord with the bot token)."),
    ] = None,
    config_file: ConfigPath = DEFAULT_CONFIG,
    lang: Lang = None,
) -> None:
    """Print the URL that adds the bot to a server, with exactly the scopes and permissions
    it uses."""
    from adapters.discord.cli import invite_url_for  # imports discord.py only now
    from bot.model.errors import BadInput, Undeliverable

    config = load(config_file, lang, storage=False) if config_file.is_file() else None
    t = translator(lang, config)
    try:
        url = invite_url_for(
            application_id, config.discord.api_base_url if config is not None else None
        )
    except BadInput as error:
        typer.echo(t(error.key, **dict(error.params)), err=True)
        raise typer.Exit(2) from None
    except Undeliverable as error:
        typer.echo(t("invite.unreachable", detail=str(error)), err=True)
        raise typer.Exit(1) from None
    typer.echo(url)
