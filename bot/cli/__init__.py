"""The ``chorus`` command line (Typer)."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import sys
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.config.model import Config, load_config
from bot.config.toml_lines import bot_locale, line_of
from bot.engine.i18n import Catalogs, Translator, pick_locale
from bot.model.errors import ChorusError, ConfigError, ConfigProblem, StorageError, UserError

if TYPE_CHECKING:
    from bot.engine.redaction import Redactor

app = typer.Typer(
    help="Chorus — run participative marketing campaigns in chat communities.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
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

ConfigPath = Annotated[Path, typer.Option("--config", "-c", help="Path to config.toml.")]
Lang = Annotated[str | None, typer.Option("--lang", help="Language of messages: fr or en.")]
DEFAULT_CONFIG = Path("config.toml")


class OutputFormat(StrEnum):
    """How ``chorus audit`` prints."""

    text = "text"
    json = "json"


def _translator(
    lang: str | None, config: Config | None = None, config_locale: str | None = None
) -> Translator:
    env = os.environ.get("CHORUS_LANG") or os.environ.get("LANG")
    locale = pick_locale(lang, env, config.bot.locale if config else config_locale)
    return Catalogs().translator(locale)


def _load(path: Path, lang: str | None, *, storage: bool = True) -> Config:
    """The config, or exit 2 after one line per problem (in the file's ``[bot] locale`` even
    when it cannot be parsed). With ``storage``, the database URL and media folder must be
    usable too."""
    try:
        config = load_config(path)
    except ConfigError as error:
        _print_problems(error, _translator(lang, config_locale=_locale_of(path)), path)
        raise typer.Exit(2) from None
    if storage:
        from bot.config.storage_check import storage_problems

        problems = storage_problems(config)
        if problems:
            _print_problems(ConfigError(problems), _translator(lang, config), path)
            raise typer.Exit(2)
    return config


def _locale_of(path: Path) -> str | None:
    try:
        return bot_locale(path.read_bytes().decode("utf-8", "replace"))
    except OSError:
        return None


def _print_problems(error: ConfigError, t: Translator, path: Path) -> None:
    typer.echo(t("check.failed", path=str(path), count=len(error.problems)), err=True)
    for problem in error.problems:
        key = f"config.{problem.code}"
        params = dict(problem.params or {})
        if "state" in params:
            params["state"] = t(f"state.{params['state']}")
        text = (
            t(key, **params)
            if problem.code and key in t.catalogs.keys(t.locale)
            else problem.message
        )
        where = problem.path or str(path)
        line = problem.line if problem.line is not None else _line(path, problem.path)
        if line is not None:
            where = t("check.where_line", path=where, line=line)
        typer.echo(f"  ✗ {where}: {text}", err=True)


def _line(path: Path, dotted: str) -> int | None:
    """The line of ``campaigns[0].poll`` in the file, for problems found after parsing."""
    loc: list[str | int] = [
        int(index) if index else name for name, index in re.findall(r"(\w+)|\[(\d+)\]", dotted)
    ]
    try:
        return line_of(path.read_text(encoding="utf-8"), loc) if loc else None
    except OSError:
        return None


def _logging(verbose: bool, config: Config) -> Redactor:
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


@app.command()
def check(
    config_file: Annotated[Path, typer.Argument(help="The config file to check.")] = DEFAULT_CONFIG,
    lang: Lang = None,
) -> None:
    """Validate a config file and summarise every campaign; exit 2 on errors."""
    from bot.config.summary import summarise

    config = _load(config_file, lang)
    t = _translator(lang, config)
    problems = asyncio.run(_running_rule_changes(config)) if _has_database(config) else []
    if problems:
        _print_problems(ConfigError(problems), t, config_file)
        raise typer.Exit(2)
    typer.echo(summarise(config, t))


def _has_database(config: Config) -> bool:
    """A server database, or a SQLite file that exists (checking never creates one)."""
    from sqlalchemy.engine import make_url

    url = make_url(config.database_url())
    return url.get_backend_name() != "sqlite" or Path(url.database or "").is_file()


async def _running_rule_changes(config: Config) -> list[ConfigProblem]:
    """Compare the config with the rounds in the database, when there is one to read."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.config.rules import rule_changes
    from storage.db import Database

    db = Database.connect(config.database_url())
    try:
        return await rule_changes(db, config)
    except (SQLAlchemyError, OSError) as exc:
        logging.getLogger(__name__).warning("running rounds not checked: %s", exc)
        return []
    finally:
        await db.close()


@app.command()
def run(
    config_file: ConfigPath = DEFAULT_CONFIG,
    lang: Lang = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Run the campaigns of a config file until Ctrl-C / SIGTERM."""
    from bot.app import App

    config = _load(config_file, lang)
    t = _translator(lang, config)
    redactor = _logging(verbose, config)
    try:
        _guard(lambda: asyncio.run(App(config, redactor=redactor).run_until_stopped()), t)
    except ConfigError as error:
        _print_problems(error, _translator(lang, config), config_file)
        raise typer.Exit(2) from None
    except typer.Exit:
        raise
    except Exception:  # logged, so that the traceback goes through the redacting filter
        logging.getLogger(__name__).critical("chorus stopped on an unexpected error", exc_info=True)
        raise typer.Exit(1) from None


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
) -> None:
    """Run the config's first poll (or contest, pledge…) with a simulated community, on a
    scratch database."""
    from bot.demo.demo import run_demo

    config = _load(config_file, lang, storage=False)  # the demo has its own scratch storage
    t = _translator(lang, config)
    logging.basicConfig(level=logging.WARNING)
    code = _guard(
        lambda: asyncio.run(
            run_demo(config, members=members, seed=seed, window=window, t=t, kind=kind.value)
        ),
        t,
    )
    raise typer.Exit(code or 0)


@app.command()
def audit(
    campaign: Annotated[str, typer.Argument(help="Campaign id.")],
    config_file: ConfigPath = DEFAULT_CONFIG,
    output: Annotated[OutputFormat, typer.Option("--format", help="text or json.")] = (
        OutputFormat.text
    ),
    lang: Lang = None,
) -> None:
    """Show a campaign's audit log: every transition and moderator action, oldest first."""
    from bot.moderation.audit_report import show_audit

    config = _load(config_file, lang)
    t = _translator(lang, config)
    code = _guard(lambda: asyncio.run(show_audit(config, campaign, output.value, t)), t)
    raise typer.Exit(code or 0)


@app.command("verify-draw")
def verify_draw(
    campaign: Annotated[str, typer.Argument(help="Campaign id of the giveaway.")],
    round_number: Annotated[
        int | None, typer.Option("--round", help="Round number (default: the latest drawn).")
    ] = None,
    entrants: Annotated[bool, typer.Option("--entrants", help="Print the entrant list.")] = False,
    config_file: ConfigPath = DEFAULT_CONFIG,
    lang: Lang = None,
) -> None:
    """Recompute a giveaway's draws from its revealed seed and entrants; exit 1 on mismatch."""
    from campaigns.contest.draw_check import verify_draw as run_check

    config = _load(config_file, lang)
    t = _translator(lang, config)
    url = config.database_url()
    code = _guard(lambda: asyncio.run(run_check(url, campaign, round_number, entrants, t)), t)
    raise typer.Exit(code or 0)


class ExportFormat(StrEnum):
    """What ``chorus export`` writes."""

    csv = "csv"
    json = "json"


class ExportTableName(StrEnum):
    """Which table ``chorus export`` writes."""

    records = "records"
    participants = "participants"


@app.command()
def export(
    campaign: Annotated[str, typer.Argument(help="Campaign id.")],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="csv or json.")] = (
        ExportFormat.csv
    ),
    round_number: Annotated[
        int | None, typer.Option("--round", min=1, help="Round number (default: the latest).")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file (default: stdout).")
    ] = None,
    table: Annotated[
        ExportTableName,
        typer.Option("--table", help="records (ballots, backers…) or participants per platform."),
    ] = ExportTableName.records,
    names: Annotated[
        bool, typer.Option("--names", help="Include members' ids and names (default: pseudonyms).")
    ] = False,
    config_file: ConfigPath = DEFAULT_CONFIG,
    lang: Lang = None,
) -> None:
    """List a campaign's records (a poll's ballots, a pledge's backers…) or its participants
    as CSV or JSON; members are pseudonymised unless --names is given."""
    from bot.reports.export import export_campaign

    config = _load(config_file, lang)
    t = _translator(lang, config)

    def produce() -> str:
        try:
            return asyncio.run(
                export_campaign(
                    config, campaign, fmt.value, round_number, table=table.value, names=names
                )
            )
        except UserError as error:
            typer.echo(t(error.key, **dict(error.params)), err=True)
            raise typer.Exit(2) from None

    text = str(_guard(produce, t))
    if output is None:
        typer.echo(text, nl=False)
    else:
        from storage.private_files import write_private

        write_private(output, text.encode())  # 0600: members' data


@app.command()
def report(
    campaign: Annotated[str, typer.Argument(help="Campaign id.")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="HTML file (the PNG is written beside it)."),
    ] = None,
    names: Annotated[
        bool, typer.Option("--names", help="Show members' names (default: pseudonyms).")
    ] = False,
    demo: Annotated[
        bool, typer.Option("--demo", help="Simulate a week of this poll first (scratch data).")
    ] = False,
    members: Annotated[int, typer.Option(min=1, max=100_000, help="--demo: members.")] = 400,
    seed: Annotated[int, typer.Option(help="--demo: random seed.")] = 1,
    config_file: ConfigPath = DEFAULT_CONFIG,
    lang: Lang = None,
) -> None:
    """Write a one-page HTML report and its PNG: participation over time and per platform,
    funnel, results, top contributors."""
    from bot.demo.demo_report import demo_report
    from bot.reports.report import Report, write_report

    config = _load(config_file, lang)
    t = _translator(lang, config)
    _logging(verbose=False, config=config)  # a chart that cannot be drawn: one warning line
    out = output or Path(f"{campaign}-report.html")
    made: Report | None = None

    def produce() -> None:
        nonlocal made
        made = asyncio.run(
            demo_report(config, campaign, out, t, members=members, seed=seed)
            if demo
            else write_report(config, campaign, out, t, names=names)
        )

    _guard(produce, t)
    if made is None:
        typer.echo(t("report.no_campaign", campaign=campaign), err=True)
        raise typer.Exit(2)
    if made.png is None:
        typer.echo(t("report.written_without_chart", html=str(made.html)))
    else:
        typer.echo(t("report.written", html=str(made.html), png=str(made.png)))


@db_app.command("upgrade")
def db_upgrade(config_file: ConfigPath = DEFAULT_CONFIG, lang: Lang = None) -> None:
    """Apply pending database migrations."""
    from storage.db import Database

    config = _load(config_file, lang)
    t = _translator(lang, config)

    async def upgrade() -> None:
        db = Database.connect(config.database_url())
        try:
            await db.migrate()
        finally:
            await db.close()

    _guard(lambda: asyncio.run(upgrade()), t)
    typer.echo(t("db.upgraded"))


@secret_app.command("rotate")
def secret_rotate(config_file: ConfigPath = DEFAULT_CONFIG, lang: Lang = None) -> None:
    """Replace the button-signing secret; buttons already posted keep working for 7 days."""
    from zoneinfo import ZoneInfo

    from bot.engine.action_ids import ROTATION_GRACE
    from bot.model.clock import SystemClock
    from storage.db import Database
    from storage.meta import rotate_signing_secret

    config = _load(config_file, lang)
    t = _translator(lang, config)

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

    _guard(lambda: asyncio.run(rotate()), t)
    if until is None:  # interrupted
        raise typer.Exit(130)
    typer.echo(t("secret.rotated", until=t.datetime(until, ZoneInfo(config.bot.timezone))))


def _guard(action: object, t: Translator) -> int | None:
    try:
        return action()  # type: ignore[operator, no-any-return]
    except KeyboardInterrupt:
        return 130
    except ConfigError:
        raise
    except StorageError as error:
        typer.echo(t("error.storage", detail=str(error)), err=True)
        raise typer.Exit(3) from None
    except ChorusError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None


def _round_command(action: str) -> None:
    @round_app.command(action, help=f"{action.capitalize()} the current round of a campaign.")
    def command(
        campaign: Annotated[str, typer.Argument(help="Campaign id.")],
        value: Annotated[str, typer.Argument(help="Duration for extend, reason for cancel.")] = "",
        config_file: ConfigPath = DEFAULT_CONFIG,
        lang: Lang = None,
    ) -> None:
        from bot.moderation.operator import act_on_round

        config = _load(config_file, lang)
        t = _translator(lang, config)
        code = _guard(lambda: asyncio.run(act_on_round(config, campaign, action, value, t)), t)
        raise typer.Exit(code or 0)


for _action in ("open", "close", "extend", "pause", "resume", "cancel"):
    _round_command(_action)


@slack_app.command("manifest")
def slack_manifest(
    config_file: ConfigPath = DEFAULT_CONFIG,
    request_url: Annotated[
        str | None,
        typer.Option("--request-url", help="HTTP mode: public URL Slack posts to (with path)."),
    ] = None,
    name: Annotated[str, typer.Option("--name", help="App and bot name.")] = "Chorus",
    lang: Lang = None,
) -> None:
    """Print the Slack app manifest (JSON) for "Create an app → From a manifest"."""
    import json

    from adapters.slack.manifest import app_manifest  # no SDK: the builder is pure

    config = _load(config_file, lang, storage=False)
    t = _translator(lang, config)
    manifest = app_manifest(config.slack, t, name=name, request_url=request_url)
    typer.echo(json.dumps(manifest, indent=2, ensure_ascii=False))


@discord_app.command("invite-url")
def discord_invite_url(
    application_id: Annotated[
        str | None,
        typer.Option(help="The application id (else asked from Discord with the bot token)."),
    ] = None,
    config_file: ConfigPath = DEFAULT_CONFIG,
) -> None:
    """Print the URL that adds the bot to a server, with exactly the scopes and permissions
    it uses."""
    from adapters.discord.cli import invite_url_for  # imports discord.py only now

    typer.echo(invite_url_for(application_id, config_file))


def main() -> None:
    """Entry point of the ``chorus`` console script."""
    app()
