"""Pure conversions between Telegram and the neutral model.

Inbound: a python-telegram-bot :class:`~telegram.Update` becomes one neutral event (or None when
Chorus has nothing to do with it). Every event's ``delivery_id`` is the ``update_id``, so the
core's inbox counts a re-delivered update once. Commands are recognised the way Telegram marks
them — a ``bot_command`` entity at offset 0 — in a text or in a photo's caption, and
``/cmd@OtherBot`` (meant for another bot in the same group) is ignored. ``/start``, what the
docs tell members to send the bot first, is ``/help``; a bare ``/start`` in a group is another
bot's. A command says whether it was addressed to us (see :func:`addressed_to_us`). A group
upgraded to a supergroup says so in a service message (:func:`migration`): a
:class:`~bot.model.events.ChatMigrated`.

Outbound: a neutral :class:`~bot.model.actions.Message` becomes the keyword arguments of a Bot API
call: plain text (no parse mode, so nothing a member typed is interpreted), buttons as an inline
keyboard whose ``callback_data`` is the core's signed action id, carried verbatim.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MessageEntity,
    Update,
)
from telegram import (
    Message as TgMessage,
)

from bot.model.actions import Message
from bot.model.events import (
    Attachment,
    ButtonPressed,
    Chat,
    ChatMigrated,
    CommandInvoked,
    Event,
    MediaReceived,
    MessageReceived,
)
from bot.model.members import Member

PLATFORM = "telegram"
#: Bot API limits: message text, photo caption, callback answer.
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
ANSWER_LIMIT = 200
#: The longest callback answer shown whole as a toast, on one line.
TOAST_LIMIT = 64
ELLIPSIS = "…"
#: Telegram's first command to a bot (the "Start" button of a private chat).
START = "start"


def to_event(
    update: Update,
    *,
    bot_username: str,
    at: datetime,
    usernames: Mapping[str, str] | None = None,
) -> Event | None:
    """The neutral event for ``update``; None for updates Chorus ignores.

    Args:
        update: what Telegram delivered.
        bot_username: our bot's username (without ``@``), to tell our commands from others'.
        at: when it was received (used for button presses, which carry no date).
        usernames: user ids by lower-cased username, as seen so far: a command's ``@ana``
            becomes the mention ``<@id|ana>`` the core reads (``/ban @ana spam``).
    """
    query = update.callback_query
    if query is not None:
        if query.data is None:  # a game button or an inline-mode message: not ours
            return None
        user = to_user(query.from_user)
        message = query.message
        chat = (
            to_chat(message.chat.id, message.chat.type)
            if message is not None
            else Chat(PLATFORM, user.id, private=True)
        )
        return ButtonPressed(
            platform=PLATFORM,
            delivery_id=str(update.update_id),
            chat=chat,
            user=user,
            received_at=at,
            raw=update,
            action=query.data,
            message_id=str(message.message_id) if message is not None else None,
        )
    message = update.message
    if message is None or message.from_user is None:
        return None
    moved = migration(message)
    if moved is not None:
        old, new = moved
        return ChatMigrated(
            platform=PLATFORM,
            delivery_id=str(update.update_id),
            chat=Chat(PLATFORM, str(old)),
            user=author_of(message),
            received_at=message.date or at,
            raw=update,
            to=str(new),
        )
    base: dict[str, Any] = {
        "platform": PLATFORM,
        "delivery_id": str(update.update_id),
        "chat": to_chat(message.chat.id, message.chat.type),
        "user": author_of(message),
        "received_at": message.date or at,
        "raw": update,
    }
    if addressed_elsewhere(message, bot_username):
        return None
    attachment = attachment_of(message)
    command = parse_command(message, bot_username)
    if command is not None:
        name, args = command
        addressed = addressed_to_us(message, bot_username)
        if name == START:  # what a member first sends the bot: answered like /help
            if not addressed:
                return None  # a bare /start in a group is meant for some other bot
            name = "help"
        if attachment is None and message.reply_to_message is not None:
            attachment = attachment_of(message.reply_to_message, replying=message)
        attachments = (attachment,) if attachment is not None else ()
        return CommandInvoked(
            **base,
            name=name,
            args=tuple(_mention(arg, usernames or {}) for arg in args),
            attachments=attachments,
            addressed=addressed,
            replied_to=replied_member(message),
        )
    if attachment is not None:
        return MediaReceived(**base, attachment=attachment, caption=message.caption or "")
    if message.text:
        return MessageReceived(**base, text=message.text)
    return None


def migration(message: TgMessage) -> tuple[int, int] | None:
    """``(old id, new id)`` when ``message`` is the service message of a group upgraded to a
    supergroup: sent in the old group (``migrate_to_chat_id``) and in the new one
    (``migrate_from_chat_id``); either tells the whole move."""
    if message.migrate_to_chat_id is not None:
        return message.chat.id, message.migrate_to_chat_id
    if message.migrate_from_chat_id is not None:
        return message.migrate_from_chat_id, message.chat.id
    return None


def _mention(arg: str, usernames: Mapping[str, str]) -> str:
    """``@ana`` → ``<@123|ana>`` when ``ana``'s id is known; any other word as it is."""
    if not arg.startswith("@"):
        return arg
    user_id = usernames.get(arg[1:].casefold())
    return f"<@{user_id}|{arg[1:]}>" if user_id is not None else arg


def replied_member(message: TgMessage) -> Member | None:
    """The person whose message ``message`` replies to; None for no reply, a reply to a bot
    or to a message sent on behalf of a chat, and a forum topic's implicit reply to its
    opening."""
    replied = message.reply_to_message
    if replied is None or replied.forum_topic_created is not None:
        return None
    if replied.from_user is None or replied.from_user.is_bot or replied.sender_chat is not None:
        return None
    return to_user(replied.from_user)


def to_user(tg_user: Any) -> Member:
    """A Telegram user; ``language_code`` picks the language of every answer."""
    return Member(PLATFORM, str(tg_user.id), tg_user.full_name, tg_user.language_code)


def author_of(message: TgMessage) -> Member:
    """Who wrote ``message``: its sender, or — when it was sent on behalf of a chat
    (``sender_chat``: an anonymous administrator writing as the group, or a channel) — that
    chat, marked anonymous. ``from`` then names a service account shared by everyone doing
    the same (``GroupAnonymousBot``), never a person."""
    sender = message.sender_chat
    if sender is None:
        assert message.from_user is not None
        return to_user(message.from_user)
    name = sender.title or sender.username or str(sender.id)
    return Member(PLATFORM, str(sender.id), name, anonymous=True)


def to_chat(chat_id: int, chat_type: str) -> Chat:
    return Chat(PLATFORM, str(chat_id), private=chat_type == "private")


def parse_command(message: TgMessage, bot_username: str) -> tuple[str, tuple[str, ...]] | None:
    """``(name, args)`` when the text or caption starts with a ``bot_command`` entity.

    ``/Vote@ChorusBot 2`` → ``("vote", ("2",))``. Arguments are the words after the command
    (the core joins free-text parameters again). See :func:`addressed_elsewhere` for
    ``/vote@OtherBot``, which this returns as None too.
    """
    found = _command_token(message)
    if found is None:
        return None
    token, text = found
    name, _, addressee = token[1:].partition("@")
    if addressee and addressee.casefold() != bot_username.casefold():
        return None
    return name.lower(), tuple(text[len(token) :].split())


def addressed_elsewhere(message: TgMessage, bot_username: str) -> bool:
    """A command for another bot in the same group (``/vote@OtherBot``): not ours to read."""
    found = _command_token(message)
    if found is None:
        return False
    _, _, addressee = found[0].partition("@")
    return bool(addressee) and addressee.casefold() != bot_username.casefold()


def addressed_to_us(message: TgMessage, bot_username: str) -> bool:
    """Whether a command speaks to us: in a private chat, as ``/cmd@OurBot``, with an
    ``@OurBot`` mention, or in reply to one of our messages. A bare ``/cmd`` in a group may be
    meant for any bot there."""
    if message.chat.type == "private":
        return True
    ours = bot_username.casefold()
    found = _command_token(message)
    if found is not None and found[0].partition("@")[2].casefold() == ours:
        return True
    text = message.text or message.caption or ""
    entities = message.entities or message.caption_entities or ()
    for entity in entities:
        if entity.type == MessageEntity.MENTION:
            mention = _utf16_slice(text, entity.offset, entity.length)
            if mention.lstrip("@").casefold() == ours:
                return True
    replied = message.reply_to_message
    author = replied.from_user if replied is not None else None
    return author is not None and (author.username or "").casefold() == ours


def _command_token(message: TgMessage) -> tuple[str, str] | None:
    """``(command token, whole text)`` when a ``bot_command`` entity opens text or caption."""
    if message.text is not None:
        text, entities = message.text, message.entities
    elif message.caption is not None:
        text, entities = message.caption, message.caption_entities
    else:
        return None
    first = entities[0] if entities else None
    if first is None or first.type != MessageEntity.BOT_COMMAND or first.offset != 0:
        return None
    return _utf16_slice(text, 0, first.length), text


def _utf16_slice(text: str, offset: int, length: int) -> str:
    """Entities count UTF-16 code units, not Python characters."""
    encoded = text.encode("utf-16-le")
    return encoded[offset * 2 : (offset + length) * 2].decode("utf-16-le")


def attachment_of(message: TgMessage, *, replying: TgMessage | None = None) -> Attachment | None:
    """The photo (largest size) or document a message carries, by its durable ``file_id``.

    ``replying`` is the member's command when the file is taken from the message it replies
    to; the file is marked ``forwarded`` when it is not first-hand (see :func:`second_hand`).
    """
    forwarded = second_hand(message, replying)
    if message.photo:
        photo = message.photo[-1]
        name = f"{photo.file_unique_id}.jpg"
        return Attachment(photo.file_id, name, "image/jpeg", photo.file_size, forwarded)
    document = message.document
    if document is not None:
        return Attachment(
            document.file_id,
            document.file_name or document.file_unique_id,
            document.mime_type,
            document.file_size,
            forwarded,
        )
    return None


def second_hand(message: TgMessage, replying: TgMessage | None) -> bool:
    """Whether a file is not the member's own: its message was forwarded (``forward_origin``,
    or the command replying to it was), or it was sent by someone else than the member whose
    command replies to it."""
    if message.forward_origin is not None:
        return True
    if replying is None:
        return False
    sender, member = message.from_user, replying.from_user
    return (
        replying.forward_origin is not None
        or sender is None
        or member is None
        or sender.id != member.id
    )


def keyboard(message: Message) -> InlineKeyboardMarkup | None:
    """One button per row (option labels can be long); None when there are no buttons."""
    if not message.buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.action)] for b in message.buttons]
    )


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, ending with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - len(ELLIPSIS)] + ELLIPSIS


def text_call(chat_id: str, message: Message) -> dict[str, Any]:
    """``sendMessage`` arguments for a text message (with its buttons)."""
    return {
        "chat_id": chat_id,
        "text": clip(message.text, TEXT_LIMIT),
        "reply_markup": keyboard(message),
    }


def fits_caption(message: Message) -> bool:
    """Whether the text fits under a photo; otherwise it follows the photo as its own message."""
    return len(message.text) <= CAPTION_LIMIT


def photo_caption(message: Message) -> str:
    """The caption of a photo message: the text when it fits, else the image's alt text."""
    if fits_caption(message) or message.image is None:
        return clip(message.text, CAPTION_LIMIT)
    return clip(message.image.alt, CAPTION_LIMIT)


def fits_answer(message: Message) -> bool:
    """Whether a callback answer can show ``message``: text alone, no buttons, image nor file."""
    return not message.buttons and message.image is None and message.file is None


def fits_toast(message: Message) -> bool:
    """Whether a callback answer shows ``message`` whole as a toast: one short line (longer
    texts are cut, or forced into a modal alert the member must dismiss)."""
    return "\n" not in message.text and len(message.text) <= TOAST_LIMIT


def toast_call(query_id: str, message: Message) -> dict[str, Any]:
    """``answerCallbackQuery`` arguments for a short toast announcing ``message`` (its first
    line), whose whole text the member reads in a message."""
    first = message.text.split("\n", 1)[0]
    return {"callback_query_id": query_id, "text": clip(first, TOAST_LIMIT), "show_alert": False}


def answer_call(query_id: str, message: Message) -> dict[str, Any]:
    """``answerCallbackQuery`` arguments: the private confirmation of a button press.

    Telegram shows up to 200 characters; longer answers become an alert (still private).
    """
    text = message.text
    return {
        "callback_query_id": query_id,
        "text": clip(text, ANSWER_LIMIT),
        "show_alert": not fits_toast(message),
    }
