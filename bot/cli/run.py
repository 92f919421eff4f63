"""Running Chorus: ``chorus check``, ``chorus run`` and ``chorus demo``."""

from __future__ import annotations

import asyncio
import logging
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from bot.cli.apps import DEFAULT_CONFIG, ConfigPath, Json, Lang, app
from bot.cli.invocation import (
    file_translator,
    gather,
    guard,
    load,
    print_lines,
    print_problems,
    setup_logging,
    translator,
)
from bot.config.model import Config
from bot.engine.i18n import Translator
from bot.model.errors import ConfigError, ConfigProblem
from bot.model.unreachable import PlatformUnreachable


@app.command()
def check(
    config_file: Annotated[
        Path | None, typer.Argument(help="The config file to check (default: config.toml).")
    ] = None,
    config_option: Annotated[
        Path | None,
        typer.Option("--config", "-c", help="The same, named as the other commands name it."),
    ] = None,
    lang: Lang = None,
    as_json: Json = False,
) -> None:
    """Validate a config file as ``chorus run`` would and summarise every campaign; exit 2 on
    anything run would refuse."""
    from datetime import UTC, datetime

    from bot.cli.summary import summarise
    from bot.config.readiness import warnings

    if config_file is not None and config_option is not None and config_file != config_option:
        raise typer.BadParameter(
            f"two config files given ({config_file}, {config_option}): check one at a time",
            param_hint="'--config'",
        )
    config_file = config_option or config_file or DEFAULT_CONFIG

    if as_json:
        raise typer.Exit(_check_as_json(config_file, lang))
    config, t = checked(config_file, lang)
    typer.echo(summarise(config, t))
    print_lines(warnings(config, datetime.now(UTC)), t, config_file, "⚠")


def _check_as_json(config_file: Path, lang: str | None) -> int:
    """Print ``chorus check``'s verdict as JSON; the exit code ``chorus check`` gives."""
    import json
    from datetime import UTC, datetime

    from bot.cli.check_report import check_document
    from bot.config.readiness import warnings

    config, problems = gather(config_file, ready=True)
    t = file_translator(config_file, lang, config)
    unchecked: list[ConfigProblem] = []
    if config is not None and not problems and has_database(config):
        problems, unchecked = asyncio.run(running_rule_changes(config))
    noted = [] if config is None else [*unchecked, *warnings(config, datetime.now(UTC))]
    document = check_document(config_file, config, problems, noted, t)
    typer.echo(json.dumps(document, ensure_ascii=False, indent=2))
    return 0 if document["valid"] else 2


def checked(config_file: Path, lang: str | None) -> tuple[Config, Translator]:
    """The config and its language, or exit 2 after listing everything ``chorus run`` would
    refuse (rule changes to running rounds included, when there is a database to read)."""
    config = load(config_file, lang, ready=True)
    t = translator(lang, config)
    if not has_database(config):
        return config, t
    problems, unchecked = asyncio.run(running_rule_changes(config))
    if problems:
        print_problems(ConfigError(problems), t, config_file)
        raise typer.Exit(2)
    print_lines(unchecked, t, config_file, "⚠")
    return config, t


def has_database(config: Config) -> bool:
    """A server database, or a SQLite file that exists (checking never creates one)."""
    from bot.config.storage_check import database_file

    path = database_file(config)
    if path is None:
        return not config.database_url().startswith("sqlite")  # a server, or in memory
    return path.is_file()


async def running_rule_changes(config: Config) -> tuple[list[ConfigProblem], list[ConfigProblem]]:
    """Compare the config with the rounds in the database: the changes ``chorus run`` would
    refuse, and a warning when the database cannot be read (``chorus run`` would then stop
    on it too, but the file itself may be right)."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.config.rules import rule_changes
    from bot.config.storage_check import database_setting
    from storage.db import Database

    db = Database.connect(config.database_url())
    try:
        return await rule_changes(db, config), []
    except (SQLAlchemyError, OSError) as exc:
        reason = " ".join(str(getattr(exc, "orig", None) or exc).split())[:200]
        message = f"running rounds not checked: the database cannot be read ({reason})"
        unread = ConfigProblem(
            database_setting(), message, code="rounds_unchecked", params={"reason": reason}
        )
        return [], [unread]
    finally:
        await db.close()


@app.command()
def run(
    config_file: ConfigPath = DEFAULT_CONFIG,
    lang: Lang = None,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Log what Chorus does (INFO), not only warnings."),
    ] = False,
) -> None:
    """Run the campaigns of a config file until Ctrl-C / SIGTERM."""
    from bot.app import App

    config = load(config_file, lang, ready=True)
    t = translator(lang, config)
    redactor = setup_logging(verbose, config)
    try:
        code = guard(
            lambda: asyncio.run(
                App(config, redactor=redactor, config_path=config_file).run_until_stopped()
            ),
            t,
        )
    except PlatformUnreachable as error:
        typer.echo(
            t(
                f"start.unreachable.{error.reason}",
                platform=error.platform,
                host=error.host,
                variable=error.variable or f"CHORUS_{error.platform.upper()}_TOKEN",
            ),
            err=True,
        )
        raise typer.Exit(1) from None
    except ConfigError as error:
        print_problems(error, translator(lang, config), config_file)
        raise typer.Exit(2) from None
    except typer.Exit:
        raise
    except Exception:  # logged, so that the traceback goes through the redacting filter
        logging.getLogger(__name__).critical("chorus stopped on an unexpected error", exc_info=True)
        raise typer.Exit(1) from None
    if code:
        raise typer.Exit(code)


class DemoKind(StrEnum):
    """Campaign kinds ``chorus demo`` can simulate."""

    poll = "poll"
    contest = "contest"
    pledge = "pledge"
    ideas = "ideas"


@app.command()
def demo(
    config_file: ConfigPath = DEFAULT_CONFIG,
    members: Annotated[int, typer.Option(min=1, max=100_000, help="Simulated members.")] = 200,
    seed: Annotated[int, typer.Option(help="Random seed of the simulation.")] = 1,
    window: Annotated[
        float, typer.Option(min=1, max=600, help="Seconds the round stays open.")
    ] = 3,
    lang: Lang = None,
    kind: Annotated[
        DemoKind, typer.Option("--kind", help="Which campaign kind to simulate.")
    ] = DemoKind.poll,
    web: Annotated[
        bool, typer.Option("--web", help="Then keep the dashboard open, with a login link.")
    ] = False,
    web_port: Annotated[
        int, typer.Option("--web-port", min=0, max=65535, help="The dashboard's port (--web).")
    ] = 8088,
) -> None:
    """Run the config's first poll (or contest, pledge…) with a simulated community, on a
    scratch database; with --web, the poll's dashboard stays open until Ctrl-C."""
    from bot.demo.demo import run_demo

    config = load(config_file, lang, storage=False)  # the demo has its own scratch storage
    t = translator(lang, config)
    logging.basicConfig(level=logging.WARNING)
    code = guard(
        lambda: asyncio.run(
            run_demo(
                config,
                members=members,
                seed=seed,
                window=window,
                t=t,
                kind=kind.value,
                web_port=web_port if web else None,
            )
        ),
        t,
    )
    raise typer.Exit(code or 0)
