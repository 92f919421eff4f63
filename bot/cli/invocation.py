"""What every ``chorus`` command does around its work: load the config (exit 2 with one line
per problem), speak the user's language, log through the redacting filter, and turn errors
into exit codes.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from bot.config.model import Config
from bot.config.toml_lines import bot_locale
from bot.engine.i18n import Catalogs, Translator, pick_locale
from bot.engine.problems import describe
from bot.model.errors import ChorusError, ConfigError, ConfigProblem, StorageError
from bot.model.unreachable import PlatformUnreachable
from campaigns import load_config

if TYPE_CHECKING:
    from bot.engine.redaction import Redactor


def translator(
    lang: str | None, config: Config | None = None, config_locale: str | None = None
) -> Translator:
    """The language Chorus speaks on the command line: ``--lang``, then ``CHORUS_LANG``, then
    the config's ``[bot] locale`` (read from the text even when the file is broken), then the
    shell's ``LANG`` when there is no file to read, else English."""
    file_locale = config.bot.locale if config else config_locale
    env = os.environ
    locale = pick_locale(lang, env.get("CHORUS_LANG"), file_locale, env.get("LANG"))
    return Catalogs().translator(locale)


def load(path: Path, lang: str | None, *, storage: bool = True, ready: bool = False) -> Config:
    """The config, or exit 2 after one line per problem (in the file's ``[bot] locale`` even
    when it cannot be parsed). With ``storage``, the database URL and media folder must be
    usable too; with ``ready``, everything ``chorus run`` needs to start it (secrets in the
    environment, somewhere for review cards to go)."""
    config, problems = gather(path, storage=storage, ready=ready)
    if config is None or problems:
        print_problems(ConfigError(problems), file_translator(path, lang, config), path)
        raise typer.Exit(2)
    return config


def gather(
    path: Path, *, storage: bool = True, ready: bool = False
) -> tuple[Config | None, list[ConfigProblem]]:
    """The config (None when it cannot be read or parsed) and every problem :func:`load`
    refuses it for."""
    try:
        config = load_config(path)
    except ConfigError as error:
        return None, error.problems
    problems: list[ConfigProblem] = []
    if storage:
        from bot.config.storage_check import storage_problems

        problems += storage_problems(config)
    if ready:
        from bot.config.readiness import readiness_problems

        problems += readiness_problems(config)
    return config, problems


def file_translator(path: Path, lang: str | None, config: Config | None) -> Translator:
    """The language for messages about the file ``path`` (its ``[bot] locale`` even when it
    cannot be parsed)."""
    if config is None:
        return translator(lang, config_locale=_locale_of(path))
    return translator(lang, config)


def _locale_of(path: Path) -> str | None:
    try:
        return bot_locale(path.read_bytes().decode("utf-8", "replace"))
    except OSError:
        return None


def print_problems(error: ConfigError, t: Translator, path: Path) -> None:
    """One line per problem on stderr, each with its path and line in the file."""
    typer.echo(t("check.failed", path=str(path), count=len(error.problems)), err=True)
    print_lines(error.problems, t, path, "✗")


def print_lines(problems: list[ConfigProblem], t: Translator, path: Path, mark: str) -> None:
    """``mark where: what`` on stderr for each problem (or warning), translated."""
    try:
        text: str | None = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = None
    for problem in problems:
        typer.echo(f"  {mark} {describe(problem, t, text, str(path))}", err=True)


def setup_logging(verbose: bool, config: Config) -> Redactor:
    """Log to stderr through a filter that hides every configured secret (see
    :mod:`bot.engine.redaction`); the returned redactor learns the database's secrets at start."""
    from bot.engine.redaction import Redactor, install

    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    redactor = Redactor.from_environment(database_url=config.database_url())
    install(redactor)
    return redactor


def guard(action: object, t: Translator) -> int | None:
    """Run ``action``: Ctrl-C exits 130, a storage error 3, any other Chorus error 1, each
    with one line on stderr instead of a traceback."""
    try:
        return action()  # type: ignore[operator, no-any-return]
    except KeyboardInterrupt:
        typer.echo(t("cli.interrupted"), err=True)
        raise typer.Exit(130) from None
    except (ConfigError, PlatformUnreachable):  # the caller words these
        raise
    except StorageError as error:
        typer.echo(t("error.storage", detail=str(error)), err=True)
        raise typer.Exit(3) from None
    except ChorusError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None
