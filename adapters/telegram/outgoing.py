"""Messages out on the Bot API: text, photo and document sends, edits that pick caption or
text, deletions that fall back to an edit, and Telegram's final refusals told apart."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from telegram import InputFile, ReplyParameters
from telegram import Message as TgMessage
from telegram.error import BadRequest, ChatMigrated, Forbidden

from adapters.telegram.delivery import ConfirmingBot
from adapters.telegram.translate import (
    CAPTION_LIMIT,
    clip,
    fits_caption,
    keyboard,
    photo_caption,
    text_call,
)
from bot.model.actions import Delete, Edit, Message
from bot.model.errors import ChatMoved, PrivateRefused, Undeliverable

#: Bot API refusals that no retry can fix (the text of a 400 BadRequest).
GONE = ("chat not found", "user not found", "bot was kicked", "user is deactivated")


async def send_message(
    bot: ConfirmingBot,
    chat_id: str,
    message: Message,
    *,
    reply_to: int | None = None,
    files: bool = True,
) -> int:
    """Send a text, photo or document message; return the id of the message carrying the
    buttons. With ``files`` false, a message's file is left out (its text is still sent)."""
    extra: dict[str, Any] = {}
    if reply_to is not None:
        extra["reply_parameters"] = ReplyParameters(reply_to, allow_sending_without_reply=True)
    if message.file is not None and files:
        return await _send_document(bot, chat_id, message, extra)
    if message.image is None:
        sent: TgMessage = await bot.send_message(**text_call(chat_id, message), **extra)
        return sent.message_id
    photo = await asyncio.to_thread(Path(message.image.path).read_bytes)
    together = fits_caption(message)
    sent = await bot.send_photo(
        chat_id,
        photo=photo,
        caption=photo_caption(message),
        reply_markup=keyboard(message) if together else None,
        **extra,
    )
    if together:
        return sent.message_id
    follow: TgMessage = await bot.send_message(**text_call(chat_id, message))
    return follow.message_id


async def _send_document(
    bot: ConfirmingBot, chat_id: str, message: Message, extra: dict[str, Any]
) -> int:
    """``sendDocument`` (multipart upload) with the text as its caption and the buttons
    under it; a text too long for a caption follows as its own message, with the buttons.
    An image in the same message is not shown (the core never sends both)."""
    assert message.file is not None
    document = message.file
    data = await asyncio.to_thread(Path(document.path).read_bytes)
    upload = InputFile(data, filename=document.name)
    upload.mimetype = document.mime_type  # the core knows it; PTB would guess from the name
    together = fits_caption(message)
    sent: TgMessage = await bot.send_document(
        chat_id,
        document=upload,
        caption=clip(message.text, CAPTION_LIMIT) if together else None,
        reply_markup=keyboard(message) if together else None,
        **extra,
    )
    if together:
        return sent.message_id
    follow: TgMessage = await bot.send_message(**text_call(chat_id, message))
    return follow.message_id


async def edit_message(bot: ConfirmingBot, edit: Edit) -> None:
    """Edit a message we posted: its caption when it shows a photo, else its text.

    Telegram cannot add or remove a photo by editing, and refuses a caption edit of a text
    message (and the reverse). Whether the message shows one is guessed from the edit's
    image, and the other call is made when Telegram says the guess was wrong: an edit
    carrying the photo of a text message (or none for a photo) still changes its words.
    """
    message = edit.message
    calls = [_edit_caption, _edit_text]
    if message.image is None:
        calls.reverse()
    try:
        try:
            await calls[0](bot, edit)
        except BadRequest as exc:
            if "there is no" not in exc.message.lower():
                raise
            await calls[1](bot, edit)
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise


async def delete_message(bot: ConfirmingBot, delete: Delete) -> None:
    """``deleteMessage``; a message already gone is fine. Telegram lets a bot delete its
    messages for 48 hours only: an older one is edited to the fallback instead (a photo
    cannot be removed by an edit, only its caption and buttons)."""
    try:
        await bot.delete_message(chat_id=delete.channel, message_id=int(delete.message_id))
    except BadRequest as exc:
        reason = exc.message.lower()
        if "not found" in reason and "chat" not in reason:
            return
        if "can't be deleted" not in reason:
            raise
        await edit_message(bot, Edit(delete.channel, delete.message_id, delete.fallback))


async def _edit_caption(bot: ConfirmingBot, edit: Edit) -> None:
    await bot.edit_message_caption(
        chat_id=edit.channel,
        message_id=int(edit.message_id),
        caption=clip(edit.message.text, CAPTION_LIMIT),
        reply_markup=keyboard(edit.message),
    )


async def _edit_text(bot: ConfirmingBot, edit: Edit) -> None:
    await bot.edit_message_text(
        **text_call(edit.channel, edit.message), message_id=int(edit.message_id)
    )


@contextlib.contextmanager
def refusals(private: bool = False) -> Iterator[None]:
    """Turn Telegram's final refusals into :class:`Undeliverable` (the outbox stops retrying):
    403 (blocked, never started, removed from the group) and "chat not found"-like 400s. A
    group upgraded to a supergroup (400 with ``migrate_to_chat_id``) is :class:`ChatMoved`.

    A 403 to a member's private chat (``private``) is :class:`PrivateRefused` — the member
    never started the bot, or blocked it — unless their account is gone: starting the bot
    opens the way again.
    """
    try:
        yield
    except ChatMigrated as exc:
        raise ChatMoved(str(exc.new_chat_id)) from exc
    except Forbidden as exc:
        if private and "deactivated" not in exc.message.lower():
            raise PrivateRefused(exc.message) from exc
        raise Undeliverable(exc.message) from exc
    except BadRequest as exc:
        if any(reason in exc.message.lower() for reason in GONE):
            raise Undeliverable(exc.message) from exc
        raise
