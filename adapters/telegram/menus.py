"""The command menus Telegram shows when a member types ``/``, built from
bot/engine/command_specs.py.

Everyone sees the member commands; chat administrators (``BotCommandScopeAllChatAdministrators``)
also see the moderator commands. Each menu exists in French and English (Telegram picks by the
member's ``language_code``) and once without a language, in the bot's default language. The menu
is only a hint: the core checks moderator rights on every command.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import (
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeDefault,
)

from bot.engine.command_specs import CommandSpec
from bot.engine.i18n import LOCALES, Catalogs

DESCRIPTION_LIMIT = 256


@dataclass(frozen=True, slots=True)
class Menu:
    """One ``setMyCommands`` call: its commands, scope and language (None = fallback)."""

    commands: tuple[BotCommand, ...]
    scope: BotCommandScope
    language_code: str | None


def menus(catalogs: Catalogs, default_locale: str, specs: tuple[CommandSpec, ...]) -> list[Menu]:
    """Every menu to register, members' first."""
    members = tuple(s for s in specs if not s.moderator)
    languages: list[tuple[str, str | None]] = [(default_locale, None)]
    languages += [(locale, locale) for locale in LOCALES]
    result = []
    for scope, chosen in (
        (BotCommandScopeDefault(), members),
        (BotCommandScopeAllChatAdministrators(), specs),
    ):
        for locale, code in languages:
            commands = tuple(
                BotCommand(s.name, _description(catalogs, locale, s.name)) for s in chosen
            )
            result.append(Menu(commands, scope, code))
    return result


def _description(catalogs: Catalogs, locale: str, name: str) -> str:
    text = " ".join(catalogs.text(locale, f"help.{name}").split())
    return text[: DESCRIPTION_LIMIT - 1] + "…" if len(text) > DESCRIPTION_LIMIT else text
