"""``chorus web``: the dashboard served alone, and one-time login links printed for the shell."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from bot.cli.apps import DEFAULT_CONFIG, ConfigPath, Lang, web_app
from bot.cli.invocation import database_problem, guard, load, setup_logging, translator
from bot.engine.i18n import Translator


@web_app.callback(invoke_without_command=True)
def web(
    context: typer.Context, config_file: ConfigPath = DEFAULT_CONFIG, lang: Lang = None
) -> None:
    """Serve the dashboard alone, against the same database as ``chorus run``."""
    if context.invoked_subcommand is not None:
        return
    from web.standalone import serve_alone

    config = load(config_file, lang)
    t = translator(lang, config)
    setup_logging(False, config)
    code = guard(lambda: asyncio.run(serve_alone(config, t)), t)
    raise typer.Exit(code or 0)


@web_app.command("link")
def web_link(
    member: Annotated[str, typer.Argument(help="The member, as platform:id (telegram:12345).")],
    config_file: ConfigPath = DEFAULT_CONFIG,
    lang: Lang = None,
) -> None:
    """Print a one-time dashboard login link for a moderator, owner or analyst."""
    from web.standalone import print_link

    config = load(config_file, lang)
    t = translator(lang, config)
    problem = member_problem(member, t) or database_problem(config, config_file, t)
    if problem is not None:
        typer.echo(problem, err=True)
        raise typer.Exit(2)
    code = guard(lambda: asyncio.run(print_link(config, member, t)), t)
    raise typer.Exit(code or 0)


def member_problem(member: str, t: Translator) -> str | None:
    """Why ``member`` is not written ``platform:id`` as the config writes members."""
    from pydantic import TypeAdapter, ValidationError

    from bot.config.types import MemberRef
    from bot.engine.problems import explain
    from bot.model.errors import ConfigProblem

    try:
        TypeAdapter(MemberRef).validate_python(member)
    except ValidationError as error:
        [found] = error.errors(include_url=False)
        params = found.get("ctx") or {}
        return explain(ConfigProblem("member", found["msg"], None, found["type"], params), t)
    return None
