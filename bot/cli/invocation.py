"""What every ``chorus`` command does around its work: load the config (exit 2 with one line
per problem), speak the user's language, log through the redacting filter, and turn errors
into exit codes.
"""

from __future__ import annotations

import errno
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

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

T = TypeVar("T")


#: The config file a command reads when ``-c`` does not name one.
DEFAULT_CONFIG = Path("config.toml")


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


def unspoken_language(t: Translator) -> str | None:
    """What to say when ``CHORUS_LANG`` names a language Chorus does not speak (it is passed
    over, not refused: it may be set for every program of the shell); None when it is fine."""
    value = os.environ.get("CHORUS_LANG", "").strip()
    spoken = pick_locale(value, "?") != "en" or value.lower().startswith("en")
    return None if not value or spoken else t("cli.chorus_lang_unspoken", value=value)


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


def campaign_problem(
    config: Config, config_file: Path, t: Translator, campaign_id: str, *, running: bool = False
) -> str | None:
    """Why ``campaign_id`` cannot be acted on: no campaign of the config has it (the line names
    those it has), or, with ``running``, the campaign is disabled (Chorus does not run it)."""
    campaign = config.campaign(campaign_id)
    where = str(config_file)
    if campaign is None:
        known = ", ".join(c.id for c in config.campaigns) or "—"
        return t("cli.unknown_campaign", campaign=campaign_id, config=where, known=known)
    if running and not campaign.enabled:
        return t("cli.disabled_campaign", campaign=campaign_id, config=where)
    return None


def require_campaign(config: Config, config_file: Path, t: Translator, campaign_id: str) -> None:
    """Exit 2 with one line when ``campaign_id`` is no campaign of the config."""
    problem = campaign_problem(config, config_file, t, campaign_id)
    if problem is not None:
        typer.echo(problem, err=True)
        raise typer.Exit(2)


def database_problem(config: Config, config_file: Path, t: Translator) -> str | None:
    """Why there is nothing to act on yet: the config's SQLite file does not exist. A command
    that reads or changes what campaigns left has nothing to work on before Chorus first ran,
    and must not leave an empty database behind (a PostgreSQL database is the operator's to
    create)."""
    from bot.config.storage_check import database_file

    path = database_file(config)
    if path is not None and not path.exists():
        return t("cli.no_database", path=str(path), config=str(config_file))
    return None


def require_records(config: Config, config_file: Path, t: Translator, campaign_id: str) -> None:
    """Exit 2 with one line when ``campaign_id`` is no campaign of the config, or when the
    config's database does not exist yet (:func:`database_problem`)."""
    require_campaign(config, config_file, t, campaign_id)
    problem = database_problem(config, config_file, t)
    if problem is not None:
        typer.echo(problem, err=True)
        raise typer.Exit(2)


def output_path(output: str, name: str) -> Path:
    """``output``, or the file ``name`` inside it when it is a folder: one that exists, or
    one written as a folder (``-o reports/``, created when the file is written)."""
    path = Path(output)
    if output.endswith(("/", os.sep)) or path.is_dir():
        return path / name
    return path


def writing(action: Callable[[], T], path: Path, t: Translator) -> T:
    """Run ``action``, which writes ``path``: a file that cannot be written (no right to,
    a file where a folder should be) exits 2 with one line, not a traceback."""
    try:
        return action()
    except OSError as error:
        typer.echo(t("cli.cannot_write", path=str(path), reason=os_reason(error, t)), err=True)
        raise typer.Exit(2) from None


#: System errors an operator meets writing a file, said in their language.
OS_REASONS = {
    errno.ENOENT: "missing_folder",
    errno.ENOTDIR: "not_a_folder",
    errno.EISDIR: "is_a_folder",
    errno.EACCES: "no_right",
    errno.EPERM: "no_right",
    errno.ENOSPC: "disk_full",
    errno.EROFS: "read_only",
}


def os_reason(error: OSError, t: Translator) -> str:
    """Why the system refused, translated when it is a common reason (else its own words)."""
    reason = OS_REASONS.get(error.errno or 0)
    if reason is None:
        return error.strerror or str(error)
    return t(f"cli.os.{reason}")


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
        said = t(error.key, **error.params) if error.key else t("error.storage", detail=str(error))
        typer.echo(said, err=True)
        raise typer.Exit(3) from None
    except ChorusError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None
