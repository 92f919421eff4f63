"""Slash commands built from the commands Chorus answers (:class:`bot.engine.command_specs.
Commands`), named and described in French and English.

Member commands are top-level (``/vote``, ``/submit`` with an ATTACHMENT option…); moderator
commands are sub-commands of ``/chorus`` with ``default_member_permissions`` = Manage Server.
That permission is only a hint server admins can override, so the core checks rights again
(:meth:`adapters.discord.adapter.DiscordAdapter.is_admin`).

Every command calls one ``handler(interaction)``: the adapter reads the options off the
interaction's data itself (:func:`adapters.discord.translate.command_event`), so a command
built here and one typed on an old client are translated the same way.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Coroutine, Iterable
from typing import Any

import discord
from discord import app_commands
from discord.app_commands import TranslationContextTypes, locale_str

from adapters.discord.translate import MODERATOR_GROUP
from bot.engine.command_specs import CommandSpec, Param
from bot.engine.i18n import Catalogs

Handler = Callable[[discord.Interaction[Any]], Coroutine[Any, Any, None]]
DESCRIPTION_MAX = 100
#: Discord locales Chorus has catalogs for, and the catalog each one reads.
LANGUAGES = {
    discord.Locale.french: "fr",
    discord.Locale.american_english: "en",
    discord.Locale.british_english: "en",
}
#: What moderators need by default to see ``/chorus`` (servers may change it).
MODERATOR_PERMISSIONS = discord.Permissions(manage_guild=True)


class CatalogTranslator(app_commands.Translator):
    """Names and descriptions from the gettext catalogs; the key rides in ``extras``."""

    def __init__(self, catalogs: Catalogs) -> None:
        self.catalogs = catalogs

    async def translate(
        self, string: locale_str, locale: discord.Locale, context: TranslationContextTypes
    ) -> str | None:
        language = LANGUAGES.get(locale)
        key = string.extras.get("key")
        if language is None or key is None:
            return None
        text = self.catalogs.text(language, key)
        return text[:DESCRIPTION_MAX] if string.extras.get("description") else text


def _name(catalogs: Catalogs, key: str, default: str) -> locale_str:
    """A command or option name; ``default`` (the spec's own name) when the catalogs have
    no Discord name for it yet, in every language."""
    if key not in catalogs.keys("en"):
        return locale_str(default)
    return locale_str(catalogs.text("en", key), key=key)


def _description(catalogs: Catalogs, key: str) -> locale_str:
    text = catalogs.text("en", key)[:DESCRIPTION_MAX]
    return locale_str(text, key=key, description=True)


def _callback(spec: CommandSpec, handler: Handler, catalogs: Catalogs) -> Handler:
    """A callback whose signature declares the spec's options (what discord.py syncs)."""

    async def invoked(interaction: discord.Interaction[Any], **_: Any) -> None:
        await handler(interaction)

    parameters = [
        inspect.Parameter(
            "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction
        )
    ]
    parameters += [_parameter(param) for param in spec.params]
    invoked.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    invoked.__discord_app_commands_param_description__ = {  # type: ignore[attr-defined]
        param.name: _description(catalogs, f"param.{param.name}") for param in spec.params
    }
    invoked.__discord_app_commands_param_rename__ = {  # type: ignore[attr-defined]
        param.name: _name(catalogs, f"discord.param.{param.name}", param.name)
        for param in spec.params
    }
    invoked.__discord_app_commands_param_choices__ = {  # type: ignore[attr-defined]
        param.name: _choices(catalogs, param) for param in spec.params if param.choices
    }
    return invoked


def _choices(catalogs: Catalogs, param: Param) -> list[app_commands.Choice[str]]:
    """A fixed set as Discord's choices: the value the core reads, a name in each language."""
    return [
        app_commands.Choice(
            name=locale_str(
                catalogs.text("en", param.label_key(value))[:DESCRIPTION_MAX],
                key=param.label_key(value),
                description=True,
            ),
            value=value,
        )
        for value in param.choices
    ]


def _parameter(param: Param) -> inspect.Parameter:
    annotation: Any = discord.Attachment if param.kind == "attachment" else str
    if not param.required:
        annotation = annotation | None
    return inspect.Parameter(
        param.name,
        inspect.Parameter.KEYWORD_ONLY,
        annotation=annotation,
        default=inspect.Parameter.empty if param.required else None,
    )


def _command(
    spec: CommandSpec, handler: Handler, catalogs: Catalogs
) -> app_commands.Command[Any, ..., None]:
    return app_commands.Command(
        name=_name(catalogs, f"discord.name.{spec.name}", spec.name),
        description=_description(catalogs, f"help.{spec.name}"),
        callback=_callback(spec, handler, catalogs),
    )


def add_commands(
    tree: app_commands.CommandTree[Any],
    specs: Iterable[CommandSpec],
    handler: Handler,
    catalogs: Catalogs,
) -> None:
    """Add every command of ``specs`` to ``tree``: members' at the top, moderators' under
    ``/chorus``."""
    specs = tuple(specs)
    for spec in specs:
        if not spec.moderator:
            tree.add_command(_command(spec, handler, catalogs))
    group = app_commands.Group(
        name=_name(catalogs, "discord.name.chorus", MODERATOR_GROUP),
        description=_description(catalogs, "discord.group.chorus"),
        guild_only=True,
        default_permissions=MODERATOR_PERMISSIONS,
    )
    assert group.name == MODERATOR_GROUP
    for spec in specs:
        if spec.moderator:
            group.add_command(_command(spec, handler, catalogs))
    tree.add_command(group)
