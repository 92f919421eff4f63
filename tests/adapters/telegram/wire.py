"""What passes between PTB and the emulator: request fields in, Bot API answers out, and the
records the emulator keeps of messages, files and calls."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from tests.adapters.telegram import payloads as p

Json = dict[str, Any]


@dataclass(frozen=True)
class Upload:
    """A file uploaded in a multipart field: its bytes and the name and type the part gave."""

    data: bytes
    name: str
    mime_type: str

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass
class Sent:
    """A message the bot sent, with its current content (edits apply to it)."""

    method: str
    chat_id: int
    message_id: int
    text: str | None
    reply_markup: Json | None
    photo: bytes | None = None
    reply_to: int | None = None
    edits: int = 0
    #: a document sent with the message (``sendDocument``): its bytes, file name and MIME type
    document: Upload | None = None

    @property
    def media(self) -> bool:
        """Whether the message shows a photo or a document (its text is then a caption)."""
        return self.photo is not None or self.document is not None

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """``(label, callback_data)`` of every button, row by row."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [(b["text"], b["callback_data"]) for row in rows for b in row]

    def payload(self) -> Json:
        """The message as the Bot API returns it (and as a button press carries it)."""
        extra: Json = {}
        if self.photo is not None:
            extra["photo"] = p.photo_sizes(f"sent-{self.message_id}", len(self.photo))
        if self.document is not None:
            d = self.document
            extra["document"] = p.document(f"sent-{self.message_id}", d.name, d.mime_type, d.size)
        return p.message(
            self.message_id,
            p.chat_of(self.chat_id),
            text=None if self.media else self.text,
            caption=self.text if self.media else None,
            reply_markup=self.reply_markup,
            **extra,
        )


@dataclass
class StoredFile:
    data: bytes
    size: int  # what Telegram claims (a test may make it lie)
    path: str


@dataclass
class Call:
    method: str
    params: Json
    at: float
    status: int = 200


def snake(method: str) -> str:
    """``sendMessage`` → ``send_message``: the handler's name."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", method).lower()


async def params_of(request: web.Request) -> Json:
    """Form or multipart fields; JSON-valued fields (``reply_markup``…) decoded; an uploaded
    file is its bytes, and also an :class:`Upload` under ``<field>:upload`` (name and type)."""
    form = await request.post()
    params: Json = {}
    for key, value in form.items():
        if isinstance(value, web.FileField):
            params[key] = value.file.read()
            params[f"{key}:upload"] = Upload(params[key], value.filename, value.content_type)
        elif isinstance(value, str) and value[:1] in "[{":
            params[key] = json.loads(value)
        else:
            params[key] = value
    return params


def ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def error(
    status: int,
    description: str,
    *,
    retry_after: int | None = None,
    migrate_to_chat_id: int | None = None,
) -> web.Response:
    body: Json = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    if migrate_to_chat_id is not None:
        body["parameters"] = {"migrate_to_chat_id": migrate_to_chat_id}
    return web.json_response(body, status=status)
