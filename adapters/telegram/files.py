"""Members' pictures fetched from Telegram: ``getFile``, then the file URL, within a limit."""

from __future__ import annotations

import httpx
from telegram import Bot
from telegram.error import BadRequest

from bot.model.errors import BadInput, TooLarge
from bot.model.events import Attachment

#: The picture formats named to a member who sent another kind of file.
IMAGE_TYPES = "JPEG, PNG, WebP"


async def download_picture(
    bot: Bot, files: httpx.AsyncClient, attachment: Attachment, limit: int
) -> bytes:
    """A member's picture through ``getFile`` and the file URL, at most ``limit`` bytes.

    Raises:
        BadInput: ``media.not_image`` when the file is not a picture (a PDF…).
        TooLarge: the size Telegram claims, or the bytes read, pass the limit.
    """
    if attachment.mime_type and not attachment.mime_type.startswith("image/"):
        raise BadInput("media.not_image", types=IMAGE_TYPES)
    if attachment.size is not None and attachment.size > limit:
        raise TooLarge(limit)
    try:
        file = await bot.get_file(attachment.file_ref)
    except BadRequest as exc:
        if "too big" in exc.message.lower():
            raise TooLarge(limit) from None
        raise
    if file.file_size is not None and file.file_size > limit:
        raise TooLarge(limit)
    assert file.file_path is not None
    chunks = bytearray()
    async with files.stream("GET", file.file_path) as response:
        response.raise_for_status()
        async for chunk in response.aiter_bytes():
            chunks += chunk
            if len(chunks) > limit:
                raise TooLarge(limit)
    return bytes(chunks)
