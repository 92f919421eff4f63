"""Chorus's texts as Slack shows them, for tests that compare what members see."""

from __future__ import annotations

from adapters.slack.translate import escape, spelling
from bot.app import every_command

COMMANDS = every_command()


def shown(text: str) -> str:
    """``text`` escaped, its command mentions spelt as on Slack (``/chorus close``)."""
    return escape(COMMANDS.respell(text, spelling))
