"""Persistent buttons: the ``custom_id`` is the core's signed action id, nothing else.

One :class:`~discord.ui.DynamicItem` class matches every ``custom_id``. discord.py rebuilds it
from the pressed message itself, so presses on messages posted before a restart (or by another
process) work without any state kept here; the core verifies the id's signature and answers a
forged or stale one.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import discord

Press = Callable[[discord.Interaction[Any], str], Awaitable[None]]
#: Any custom id: the core, not the pattern, decides whether it is genuine.
TEMPLATE = r"(?P<action>.+)"


def button_class(on_press: Press) -> type[discord.ui.DynamicItem[discord.ui.Button[Any]]]:
    """The dynamic button class whose presses go to ``on_press(interaction, custom_id)``."""

    class ActionButton(
        discord.ui.DynamicItem[discord.ui.Button[Any]], template=re.compile(TEMPLATE, re.DOTALL)
    ):
        def __init__(self, action: str, label: str = "·", row: int | None = None) -> None:
            super().__init__(
                discord.ui.Button(
                    label=label, custom_id=action, style=discord.ButtonStyle.primary, row=row
                )
            )
            self.action = action

        @classmethod
        async def from_custom_id(
            cls,
            interaction: discord.Interaction[Any],
            item: discord.ui.Item[Any],
            match: re.Match[str],
        ) -> ActionButton:
            return cls(match["action"], getattr(item, "label", None) or "·")

        async def callback(self, interaction: discord.Interaction[Any]) -> None:
            await on_press(interaction, self.action)

    return ActionButton


class Shown(discord.ui.View):
    """Buttons to show, not to listen to: presses reach :func:`button_class`'s item whatever
    message they are on. Finished from the start, so discord.py keeps no copy of the view
    for each message sent (that store would grow with every opening and hand every press
    to a second, idle callback)."""

    def is_finished(self) -> bool:
        return True


def view_of(buttons: Iterable[tuple[str, str, int]]) -> discord.ui.View:
    """A view of ``(label, custom_id, row)`` buttons, for sending."""
    view = Shown(timeout=None)
    for label, action, row in buttons:
        view.add_item(
            discord.ui.Button(
                label=label, custom_id=action, style=discord.ButtonStyle.primary, row=row
            )
        )
    return view
