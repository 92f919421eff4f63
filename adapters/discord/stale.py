"""What a Discord client with an old command list sends, answered in the member's language.

Discord clients cache the application commands; a member whose app loaded them before Chorus
changed them (a new version, a kind no longer running) may send a command with an option
Chorus no longer has or without one it now requires, an autocomplete request, or the
submission of a form (modal) Chorus no longer has. discord.py would log a traceback and leave
"The application did not respond": :class:`CommandTree` screens these interactions first and
answers them briefly instead, and :func:`answer_expired_form` answers a form's submission.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import discord
from discord import app_commands

from adapters.discord.answers import NO_MENTIONS
from adapters.discord.translate import command_options, escape
from bot.engine.command_specs import Commands
from bot.engine.i18n import Catalogs, pick_locale

log = logging.getLogger(__name__)


def out_of_date(data: Mapping[str, Any], commands: Commands) -> bool:
    """Whether a command's options are not those ``commands`` declare for it now: an option
    it does not know, or a required one missing. An unknown command is not judged here (the
    tree answers it as unknown)."""
    name, options = command_options(data)
    command = commands.spec(name)
    if command is None:
        return False
    given = {str(option.get("name")) for option in options}
    known = {param.name for param in command.params}
    required = {param.name for param in command.params if param.required}
    return bool(given - known) or not required <= given


class CommandTree(app_commands.CommandTree[Any]):
    """discord.py's command tree, screening what a stale client sends before running it."""

    def __init__(self, client: discord.Client, catalogs: Catalogs, commands: Commands) -> None:
        super().__init__(client)
        self.catalogs = catalogs
        self.commands = commands

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        """Run the command only when its options are the current ones; answer an
        autocomplete request with no suggestion (Chorus declares none)."""
        if interaction.type is discord.InteractionType.autocomplete:
            if not interaction.response.is_done():
                await interaction.response.autocomplete([])
            return False
        data: Mapping[str, Any] = interaction.data or {}
        if out_of_date(data, self.commands):
            log.info("command %r with out-of-date options answered", data.get("name"))
            await answer(interaction, self.catalogs, "discord.stale_command")
            return False
        return True


async def answer_expired_form(interaction: discord.Interaction[Any], catalogs: Catalogs) -> None:
    """Answer the submission of a form Chorus does not (or no longer) hold."""
    if interaction.type is discord.InteractionType.modal_submit:
        await answer(interaction, catalogs, "form.expired")


async def answer(
    interaction: discord.Interaction[Any], catalogs: Catalogs, key: str, **params: object
) -> None:
    """A short private answer in the member's language, unless one was given already."""
    if interaction.response.is_done():
        return
    language = pick_locale(interaction.locale.value if interaction.locale else None)
    text = escape(catalogs.text(language, key, params))
    try:
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
    except discord.HTTPException as error:
        log.warning("answering interaction %s failed: %s", interaction.id, error)
