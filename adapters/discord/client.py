"""discord.py's gateway clients, with the ``interaction`` event kept for forms.

discord.py starts a task for ``on_interaction`` at every interaction. Chorus needs that event
only for the submission of a form it no longer holds
(:func:`adapters.discord.stale.answer_expired_form`): presses reach the dynamic button item
and commands the command tree without it. These clients dispatch it for form submissions
alone, which saves a task at every press.
"""

from __future__ import annotations

from typing import Any

import discord


def _wanted(event: str, args: tuple[Any, ...]) -> bool:
    if event != "interaction" or not args:
        return True
    interaction = args[0]
    return getattr(interaction, "type", None) is discord.InteractionType.modal_submit


class Client(discord.Client):
    """One connection for every guild."""

    def dispatch(self, event: str, /, *args: Any, **kwargs: Any) -> None:
        if _wanted(event, args):
            super().dispatch(event, *args, **kwargs)


class ShardedClient(discord.AutoShardedClient):
    """The shards this process holds."""

    def dispatch(self, event: str, /, *args: Any, **kwargs: Any) -> None:
        if _wanted(event, args):
            super().dispatch(event, *args, **kwargs)
