"""Bot API JSON shapes, built in one place: what the emulator answers and what it delivers.

python-telegram-bot 22.8 parses these strictly (e.g. every right of a chat administrator is
required), so every test and the emulator build them here and nowhere else.
"""

from __future__ import annotations

import re
from typing import Any

BOT_ID = 700_000_001
BOT_USERNAME = "ChorusTestBot"
GROUP_ID = -1_001_234_567_890
DATE = 1_793_000_000  # Telegram dates are Unix seconds

Json = dict[str, Any]


def bot_user() -> Json:
    """``getMe``."""
    return {
        "id": BOT_ID,
        "is_bot": True,
        "first_name": "Chorus",
        "username": BOT_USERNAME,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def user(user_id: int, first_name: str | None = None, language_code: str | None = None) -> Json:
    payload: Json = {"id": user_id, "is_bot": False, "first_name": first_name or f"M{user_id}"}
    if language_code is not None:
        payload["language_code"] = language_code
    return payload


def group(chat_id: int = GROUP_ID, title: str = "Crèmerie fans") -> Json:
    return {"id": chat_id, "type": "supergroup", "title": title}


def basic_group(chat_id: int, title: str = "Crèmerie fans") -> Json:
    """A (basic) group, before Telegram upgrades it to a supergroup with a new id."""
    return {"id": chat_id, "type": "group", "title": title}


def private_chat(member: Json) -> Json:
    return {"id": member["id"], "type": "private", "first_name": member["first_name"]}


def chat_of(chat_id: int) -> Json:
    """The chat a send call names: a member's private chat (positive id) or a group."""
    return group(chat_id) if chat_id < 0 else {"id": chat_id, "type": "private", "first_name": "M"}


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def command_entities(text: str) -> list[Json]:
    """A ``bot_command`` entity at offset 0 when ``text`` starts with ``/``, and a
    ``mention`` entity for each ``@username`` after it, as Telegram adds them."""
    if not text.startswith("/"):
        return []
    token = text.split(maxsplit=1)[0]
    entities = [{"type": "bot_command", "offset": 0, "length": utf16_length(token)}]
    for found in re.finditer(r"(?<!\S)@\w{5,32}", text):
        offset = utf16_length(text[: found.start()])
        entities.append({"type": "mention", "offset": offset, "length": utf16_length(found[0])})
    return entities


def message(
    message_id: int,
    chat: Json,
    *,
    sender: Json | None = None,
    text: str | None = None,
    caption: str | None = None,
    reply_markup: Json | None = None,
    date: int = DATE,
    **extra: Any,
) -> Json:
    """A message; commands in ``text`` or ``caption`` get their ``bot_command`` entity."""
    payload: Json = {"message_id": message_id, "date": date, "chat": chat, **extra}
    payload["from"] = sender or bot_user()
    if text is not None:
        payload["text"] = text
        if entities := command_entities(text):
            payload["entities"] = entities
    if caption is not None:
        payload["caption"] = caption
        if entities := command_entities(caption):
            payload["caption_entities"] = entities
    if reply_markup is not None:
        payload["reply_markup"] = reply_markup
    return payload


def photo_sizes(file_id: str, size: int) -> list[Json]:
    """The sizes Telegram lists for one photo, smallest first (Chorus takes the largest)."""
    return [
        {
            "file_id": f"{file_id}-thumb",
            "file_unique_id": f"u-{file_id}-t",
            "width": 90,
            "height": 90,
            "file_size": 1_000,
        },
        {
            "file_id": file_id,
            "file_unique_id": f"u-{file_id}",
            "width": 1280,
            "height": 960,
            "file_size": size,
        },
    ]


def document(file_id: str, name: str, mime_type: str, size: int) -> Json:
    return {
        "file_id": file_id,
        "file_unique_id": f"u-{file_id}",
        "file_name": name,
        "mime_type": mime_type,
        "file_size": size,
    }


def forwarded_from(original_sender: Json) -> Json:
    """``forward_origin`` of a message forwarded from ``original_sender``'s message."""
    return {"type": "user", "sender_user": original_sender, "date": DATE - 3600}


def message_update(update_id: int, payload: Json) -> Json:
    return {"update_id": update_id, "message": payload}


def callback_update(
    update_id: int, query_id: str, sender: Json, on_message: Json, data: str
) -> Json:
    """A press on a button of ``on_message`` (a message the bot sent)."""
    return {
        "update_id": update_id,
        "callback_query": {
            "id": query_id,
            "from": sender,
            "chat_instance": f"ci{on_message['chat']['id']}",
            "message": on_message,
            "data": data,
        },
    }


def chat_member(member: Json, status: str) -> Json:
    """``getChatMember``: ``creator``, ``administrator``, ``member`` or ``left``."""
    if status == "creator":
        return {"status": "creator", "user": member, "is_anonymous": False}
    if status == "administrator":
        rights = (
            "can_be_edited",
            "is_anonymous",
            "can_manage_chat",
            "can_delete_messages",
            "can_manage_video_chats",
            "can_restrict_members",
            "can_promote_members",
            "can_change_info",
            "can_invite_users",
            "can_post_stories",
            "can_edit_stories",
            "can_delete_stories",
        )
        return {"status": "administrator", "user": member, **dict.fromkeys(rights, False)}
    return {"status": status, "user": member}


def file(file_id: str, size: int, path: str) -> Json:
    """``getFile``: ``file_path`` is relative; the bytes are at ``/file/bot<token>/<path>``."""
    return {
        "file_id": file_id,
        "file_unique_id": f"u-{file_id}",
        "file_size": size,
        "file_path": path,
    }
