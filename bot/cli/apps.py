"""The ``chorus`` Typer application, its sub-command groups and the options they share.

Command modules register themselves on these apps; :mod:`bot.cli` imports them all, so the
console script's ``main`` sees every command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.cli.invocation import DEFAULT_CONFIG as DEFAULT_CONFIG  # the commands' default
from bot.cli.usage import ChorusGroup, UnknownLanguage

#: ``-h`` as well as ``--help``, on every command.
HELP = {"help_option_names": ["-h", "--help"]}

app = typer.Typer(
    cls=ChorusGroup,  # usage mistakes answered in the operator's language
    help="Chorus — run participative marketing campaigns in chat communities.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings=HELP,
    # docstrings are wrapped at 100 columns: markdown joins their lines into one paragraph
    rich_markup_mode="markdown",
)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
round_app = typer.Typer(
    help="Act on a campaign's current round without chat access.", no_args_is_help=True
)
app.add_typer(db_app, name="db")
slack_app = typer.Typer(help="Slack: set up the Slack app.", no_args_is_help=True)
app.add_typer(round_app, name="round")
app.add_typer(slack_app, name="slack")
discord_app = typer.Typer(help="Discord: invite the bot.", no_args_is_help=True)
app.add_typer(discord_app, name="discord")
secret_app = typer.Typer(help="The secret that signs buttons.", no_args_is_help=True)
app.add_typer(secret_app, name="secret")
web_app = typer.Typer(help="The web dashboard (docs/dashboard.md).")
app.add_typer(web_app, name="web")

ConfigPath = Annotated[Path, typer.Option("--config", "-c", help="Path to config.toml.")]


def _language(value: str | None) -> str | None:
    """``--lang``: a language Chorus speaks (``fr``, ``en``, or a regional form like ``fr-CA``);
    anything else is refused rather than quietly replaced by English."""
    from bot.engine.i18n import LOCALES, pick_locale

    if value is not None and pick_locale(value) != value.replace("_", "-").split("-")[0].lower():
        raise UnknownLanguage(value, LOCALES)
    return value


Lang = Annotated[
    str | None,
    typer.Option("--lang", help="Language of messages: fr or en.", callback=_language),
]
Json = Annotated[bool, typer.Option("--json", help="Print the outcome as JSON.")]


def _version(asked: bool) -> None:
    if asked:
        from importlib.metadata import version

        typer.echo(f"chorus {version('chorus')}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Chorus — run participative marketing campaigns in chat communities."""


def main() -> None:
    """Entry point of the ``chorus`` console script."""
    app()
