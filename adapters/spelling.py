"""Command mentions in what Chorus says, spelt as members type them on a platform
(``/close`` is ``/chorus close`` on Slack, and on Discord for moderators)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from bot.engine.command_specs import Commands, CommandSpec
from bot.model.actions import Action, Delete

Spelling = Callable[[CommandSpec], str]


def respelled(action: Action, commands: Commands, spelling: Spelling) -> Action:
    """``action`` with the mentions of ``commands`` in its text spelt by ``spelling``."""
    if isinstance(action, Delete):
        return action
    text = commands.respell(action.message.text, spelling)
    if text == action.message.text:
        return action
    return replace(action, message=replace(action.message, text=text))
