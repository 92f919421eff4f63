"""Discord's outgoing side in discord.py terms: a rendering as send/edit keyword arguments,
its files opened, and refusals no retry can fix told apart from passing failures."""

from __future__ import annotations

from typing import Any

import discord

from adapters.discord.answers import Kwargs
from adapters.discord.buttons import view_of
from adapters.discord.translate import Rendering
from bot.model.errors import PrivateRefused, Undeliverable

#: Discord error codes that no retry will fix.
CANNOT_DM = 50007
REFUSED_FOR_GOOD = frozenset({10003, 10008, 10013, 50001, 50007, 50013})


def parts(rendering: Rendering, *, edit: bool = False) -> Kwargs:
    """Keyword arguments for discord.py's send/edit calls.

    The image (shown in the embed) and the document travel as files of one multipart
    request; an edit lists them as the message's whole set of attachments.

    Raises:
        Undeliverable: a file to attach is gone (an export purged before a late retry).
    """
    parts: Kwargs = {}
    if rendering.content is not None:
        parts["content"] = rendering.content
    if rendering.embed is not None:
        parts["embed"] = rendering.embed
    if rendering.buttons:
        parts["view"] = view_of(rendering.buttons)
    elif edit:
        parts["view"] = None
    files = files_of(rendering)
    if edit:
        parts["attachments"] = files
    elif files:
        parts["files"] = files
    return parts


def files_of(rendering: Rendering) -> list[discord.File]:
    """The image and the document of ``rendering`` as discord.py files (opened now)."""
    files: list[discord.File] = []
    try:
        if rendering.image is not None and rendering.image_name is not None:
            files.append(
                discord.File(
                    rendering.image.path,
                    filename=rendering.image_name,
                    description=rendering.image.alt,
                )
            )
        if rendering.document is not None:
            files.append(discord.File(rendering.document.path, filename=rendering.document.name))
    except FileNotFoundError as exc:
        for opened in files:
            opened.close()
        raise Undeliverable(f"file to attach is gone: {exc.filename}") from exc
    return files


async def refused_for_good(call: Any, where: str) -> Any:
    """Await a send; a refusal no retry can fix becomes :class:`Undeliverable`, and a member
    whose direct messages are closed (50007) :class:`PrivateRefused` (they may open them)."""
    try:
        return await call
    except discord.HTTPException as exc:
        if exc.code == CANNOT_DM:
            raise PrivateRefused(f"{where}: {exc.text} ({exc.code})") from exc
        if exc.code in REFUSED_FOR_GOOD:
            raise Undeliverable(f"{where}: {exc.text} ({exc.code})") from exc
        raise
