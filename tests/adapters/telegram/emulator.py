"""A Telegram Bot API emulator on 127.0.0.1 that the real python-telegram-bot talks to.

It keeps what a test needs to check (messages sent, callback answers, command menus, offsets
confirmed) and delivers what a test pushes (updates, by long polling), with Telegram's
semantics where Chorus depends on them: ``getUpdates`` returns updates from ``offset`` on and
forgets those below it; a bot cannot message a member who never opened a private chat, or who
blocked it, until they write to it privately (403);
files over 20 MB cannot be fetched; a
``getUpdates`` ends the one still waiting with ``409 Conflict`` (counted in ``conflicts``); a
message can be made too old to delete (48 hours); a method can be made to answer 429 with
``retry_after``; a group can be upgraded to a supergroup (:meth:`TelegramEmulator.upgrade`):
it gets a new id, and every call naming the old one answers 400 with ``migrate_to_chat_id``.

Tests wait on :meth:`TelegramEmulator.wait_until` (an asyncio condition notified on every call),
never on sleeps.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientSession, web

from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.wire import (
    Call,
    Json,
    Sent,
    StoredFile,
    Upload,
    error,
    ok,
    params_of,
    snake,
)

TOKEN = "123456:TEST-token"
FILE_LIMIT = 20_000_000
#: Largest file a bot may upload (``sendDocument``).
UPLOAD_LIMIT = 50_000_000


@dataclass
class TelegramEmulator:
    """State of one fake Telegram; start it with :meth:`start`."""

    token: str = TOKEN
    updates: list[Json] = field(default_factory=list)
    confirmed: int = 0
    sent: list[Sent] = field(default_factory=list)
    answers: list[Json] = field(default_factory=list)
    menus: dict[tuple[str, str | None], list[str]] = field(default_factory=dict)
    statuses: dict[tuple[int, int], str] = field(default_factory=dict)
    started_private: set[int] = field(default_factory=set)
    #: members who blocked the bot (403 until they write to it privately again)
    blocked: set[int] = field(default_factory=set)
    #: groups upgraded to supergroups: old id → new id
    migrated: dict[int, int] = field(default_factory=dict)
    files: dict[str, StoredFile] = field(default_factory=dict)
    webhook: Json = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    failures: dict[str, list[int]] = field(default_factory=dict)
    #: statuses the file server answers with before serving files again
    file_failures: list[int] = field(default_factory=list)
    outages: dict[str, list[int]] = field(default_factory=dict)
    #: ``answerCallbackQuery`` calls received (answered or held)
    answer_requests: int = 0
    #: callback query id → when its first answer arrived (``time.monotonic``)
    answered_at: dict[str, float] = field(default_factory=dict)
    #: after this many answers, further ``answerCallbackQuery`` calls hang until released
    hold_answers_after: int | None = None
    #: messages taken down by ``deleteMessage`` (no longer in :attr:`sent`)
    deleted: list[Sent] = field(default_factory=list)
    #: ids of messages ``deleteMessage`` refuses, as Telegram does after 48 hours
    too_old_to_delete: set[int] = field(default_factory=set)
    #: ``getUpdates`` calls refused because another poller was waiting (two bot instances)
    conflicts: int = 0
    url: str = ""

    def __post_init__(self) -> None:
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._released = asyncio.Event()
        self._poller = asyncio.Event()

    # ── life cycle ──────────────────────────────────────────────────────────────────────

    async def start(self) -> str:
        """Listen on a free 127.0.0.1 port; return the base URL."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.*}", self._file)
        self._runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=0.5)
        await self._runner.setup()
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        site = web.SockSite(self._runner, sock)
        await site.start()
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        return self.url

    def release_answers(self) -> None:
        """Let held ``answerCallbackQuery`` calls (and later ones) through."""
        self.hold_answers_after = None
        self._released.set()

    async def stop(self) -> None:
        self.release_answers()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base_url(self) -> str:
        return f"{self.url}/bot"

    @property
    def file_base_url(self) -> str:
        return f"{self.url}/file/bot"

    # ── what tests do ───────────────────────────────────────────────────────────────────

    async def push(self, update: Json) -> int:
        """Queue an update for ``getUpdates``; return its id."""
        async with self._changed:
            self.updates.append(update)
            self.updates.sort(key=lambda u: u["update_id"])
            self._changed.notify_all()
        return int(update["update_id"])

    async def push_all(self, updates: list[Json]) -> None:
        """Queue many updates at once (ids in increasing order), waking pollers once."""
        async with self._changed:
            self.updates.extend(updates)
            self._changed.notify_all()

    def next_update_id(self) -> int:
        return next(self._update_ids)

    def new_message_id(self) -> int:
        return next(self._message_ids)

    def press_update(self, sender: Json, on: Sent, data: str) -> Json:
        """A press by ``sender`` on a button of ``on`` carrying ``data`` (not queued)."""
        return p.callback_update(
            self.next_update_id(), f"q{next(self._query_ids)}", sender, on.payload(), data
        )

    async def press(self, sender: Json, on: Sent, data: str) -> Json:
        update = self.press_update(sender, on, data)
        await self.push(update)
        return update

    async def say(self, sender: Json, text: str, chat: Json | None = None, **extra: Any) -> Json:
        """``sender`` writes ``text`` (a command gets its entity) in ``chat`` (the group); a
        member who writes to the bot privately has started it."""
        if chat is not None and chat.get("type") == "private":
            self.started_private.add(int(sender["id"]))
            self.blocked.discard(int(sender["id"]))
        body = p.message(
            self.new_message_id(), chat or p.group(), sender=sender, text=text, **extra
        )
        update = p.message_update(self.next_update_id(), body)
        await self.push(update)
        return update

    async def send_file(
        self,
        sender: Json,
        caption: str,
        file_id: str,
        data: bytes,
        *,
        claimed_size: int | None = None,
        document: tuple[str, str] | None = None,
        chat: Json | None = None,
        **extra: Any,
    ) -> Json:
        """``sender`` sends a photo (or a document ``(name, mime)``) with ``caption``; ``extra``
        message fields (``forward_origin``, ``reply_to_message``…) are added as given."""
        size = len(data) if claimed_size is None else claimed_size
        self.files[file_id] = StoredFile(data, size, f"photos/{file_id}.bin")
        media: Json = (
            {"document": p.document(file_id, document[0], document[1], size)}
            if document
            else {"photo": p.photo_sizes(file_id, size)}
        )
        body = p.message(
            self.new_message_id(),
            chat or p.group(),
            sender=sender,
            caption=caption,
            **media,
            **extra,
        )
        update = p.message_update(self.next_update_id(), body)
        await self.push(update)
        return update

    async def upgrade(self, old_id: int, new_id: int, by: Json, *, tell: bool = True) -> int:
        """The group ``old_id`` becomes the supergroup ``new_id`` (an admin, ``by``, turned on
        a supergroup feature). With ``tell``, the bot gets Telegram's two service messages:
        ``migrate_to_chat_id`` in the old group, ``migrate_from_chat_id`` in the new one.
        Returns the id of the last update queued (0 without ``tell``)."""
        self.migrated[old_id] = new_id
        if not tell:
            return 0
        old = p.message(
            self.new_message_id(), p.basic_group(old_id), sender=by, migrate_to_chat_id=new_id
        )
        new = p.message(
            self.new_message_id(), p.group(new_id), sender=by, migrate_from_chat_id=old_id
        )
        updates = [
            p.message_update(self.next_update_id(), old),
            p.message_update(self.next_update_id(), new),
        ]
        await self.push_all(updates)
        return int(updates[-1]["update_id"])

    def set_status(self, chat_id: int, user_id: int, status: str) -> None:
        self.statuses[(chat_id, user_id)] = status

    def fail(self, method: str, retry_after: int = 1, times: int = 1) -> None:
        """The next ``times`` calls of ``method`` answer 429 with ``retry_after`` seconds."""
        self.failures.setdefault(method, []).extend([retry_after] * times)

    def outage(self, method: str, times: int = 1) -> None:
        """The next ``times`` calls of ``method`` answer 502 Bad Gateway, as Telegram does
        when its servers hiccup (no ``retry_after``: the caller's own retries decide)."""
        self.outages.setdefault(method, []).extend([502] * times)

    def fail_downloads(self, status: int = 502, times: int = 1) -> None:
        """The file server answers the next ``times`` downloads with ``status``."""
        self.file_failures.extend([status] * times)

    async def wait_until(self, predicate: Callable[[], bool], within: float = 15) -> None:
        """Wait until ``predicate()`` holds (checked after every API call and push)."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(predicate), within)

    async def post_webhook(self, url: str, update: Json, secret: str | None) -> int:
        """POST ``update`` to a webhook listener as Telegram does; return the HTTP status."""
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        async with ClientSession() as session, session.post(url, json=update, headers=headers) as r:
            return r.status

    # ── what tests read ─────────────────────────────────────────────────────────────────

    def in_chat(self, chat_id: int) -> list[Sent]:
        return [s for s in self.sent if s.chat_id == chat_id]

    def called(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    # ── the API ─────────────────────────────────────────────────────────────────────────

    async def _api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return error(401, "Unauthorized")
        arrived = time.monotonic()  # before reading the body: when the request came
        method = request.match_info["method"]
        params = await params_of(request)
        call = Call(method, params, arrived)
        retry = self.failures.get(method)
        if self.outages.get(method):
            call.status = self.outages[method].pop(0)
            response = error(call.status, "Bad Gateway")
        elif retry:
            call.status = 429
            response = error(
                429, f"Too Many Requests: retry after {retry[0]}", retry_after=retry.pop(0)
            )
        else:
            handler = getattr(self, "_" + snake(method), None)
            moved = self._moved(params)
            if handler is None:
                response = error(404, "Not Found: method not found")
            elif moved is not None:
                response = error(
                    400,
                    "Bad Request: group chat was upgraded to a supergroup chat",
                    migrate_to_chat_id=moved,
                )
            else:
                response = await handler(params)
            call.status = response.status
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()
        return response

    def _moved(self, params: Json) -> int | None:
        """The new id of the upgraded group a call names, if it names one."""
        chat_id = params.get("chat_id")
        try:
            return self.migrated.get(int(chat_id)) if chat_id is not None else None
        except ValueError:
            return None

    async def _file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return error(401, "Unauthorized")
        if self.file_failures:
            return web.Response(status=self.file_failures.pop(0))
        path = request.match_info["path"]
        stored = next((f for f in self.files.values() if f.path == path), None)
        if stored is None:
            return web.Response(status=404)
        return web.Response(body=stored.data, content_type="application/octet-stream")

    async def _get_me(self, params: Json) -> web.Response:
        return ok(p.bot_user())

    async def _delete_webhook(self, params: Json) -> web.Response:
        self.webhook = {}
        return ok(True)

    async def _set_webhook(self, params: Json) -> web.Response:
        self.webhook = params
        return ok(True)

    async def _set_my_commands(self, params: Json) -> web.Response:
        scope = params.get("scope") or {"type": "default"}
        names = [c["command"] for c in params["commands"]]
        self.menus[(scope["type"], params.get("language_code"))] = names
        return ok(True)

    async def _get_updates(self, params: Json) -> web.Response:
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        # Telegram serves one poller: a new request terminates the one waiting
        superseded, self._poller = self._poller, asyncio.Event()
        mine = self._poller
        async with self._changed:
            superseded.set()
            self._changed.notify_all()
            if offset > 0:
                self.confirmed = max(self.confirmed, offset)
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
                self._changed.notify_all()

            def ready() -> bool:
                return mine.is_set() or any(u["update_id"] >= offset for u in self.updates)

            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait_for(ready), timeout)
            if mine.is_set():
                self.conflicts += 1
                return error(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )
            batch = [u for u in self.updates if u["update_id"] >= offset][:limit]
        return ok(batch)

    async def _send(
        self, method: str, params: Json, photo: bytes | None, document: Upload | None = None
    ) -> web.Response:
        chat_id = int(params["chat_id"])
        if chat_id > 0 and chat_id in self.blocked:
            return error(403, "Forbidden: bot was blocked by the user")
        if chat_id > 0 and chat_id not in self.started_private:
            return error(403, "Forbidden: bot can't initiate conversation with a user")
        reply = params.get("reply_parameters")
        sent = Sent(
            method,
            chat_id,
            self.new_message_id(),
            params.get("text") if photo is None and document is None else params.get("caption"),
            params.get("reply_markup"),
            photo,
            reply["message_id"] if reply else None,
            document=document,
        )
        self.sent.append(sent)
        return ok(sent.payload())

    async def _send_message(self, params: Json) -> web.Response:
        return await self._send("sendMessage", params, None)

    async def _send_photo(self, params: Json) -> web.Response:
        photo = params.get("photo")
        if not isinstance(photo, bytes):
            return error(400, "Bad Request: there is no photo in the request")
        return await self._send("sendPhoto", params, photo)

    async def _send_document(self, params: Json) -> web.Response:
        document = params.get("document:upload")
        if not isinstance(document, Upload):  # a file_id or URL: never sent by Chorus
            return error(400, "Bad Request: there is no document in the request")
        if document.size > UPLOAD_LIMIT:
            return error(400, "Bad Request: file is too big")
        return await self._send("sendDocument", params, None, document)

    def _target(self, params: Json) -> Sent | None:
        chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
        return next(
            (s for s in self.sent if s.chat_id == chat_id and s.message_id == message_id), None
        )

    async def _edit(self, params: Json, text: str | None) -> web.Response:
        target = self._target(params)
        if target is None:
            return error(400, "Bad Request: message to edit not found")
        markup = params.get("reply_markup")
        if text == target.text and markup == target.reply_markup:
            return error(400, "Bad Request: message is not modified")
        target.text, target.reply_markup = text, markup
        target.edits += 1
        return ok(target.payload())

    async def _edit_message_text(self, params: Json) -> web.Response:
        target = self._target(params)
        if target is not None and target.media:
            return error(400, "Bad Request: there is no text in the message to edit")
        return await self._edit(params, params["text"])

    async def _edit_message_caption(self, params: Json) -> web.Response:
        target = self._target(params)
        if target is not None and not target.media:
            return error(400, "Bad Request: there is no caption in the message to edit")
        return await self._edit(params, params.get("caption"))

    async def _edit_message_reply_markup(self, params: Json) -> web.Response:
        target = self._target(params)
        return await self._edit(params, target.text if target else None)

    async def _delete_message(self, params: Json) -> web.Response:
        target = self._target(params)
        if target is None:
            return error(400, "Bad Request: message to delete not found")
        if target.message_id in self.too_old_to_delete:
            return error(400, "Bad Request: message can't be deleted for everyone")
        self.sent.remove(target)
        self.deleted.append(target)
        return ok(True)

    async def _answer_callback_query(self, params: Json) -> web.Response:
        async with self._changed:
            self.answer_requests += 1
            self._changed.notify_all()
        held = self.hold_answers_after
        if held is not None and len(self.answers) >= held:
            await self._released.wait()
        self.answers.append(params)
        self.answered_at.setdefault(params["callback_query_id"], time.monotonic())
        return ok(True)

    async def _get_chat_member(self, params: Json) -> web.Response:
        chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
        status = self.statuses.get((chat_id, user_id), "member")
        return ok(p.chat_member(p.user(user_id), status))

    async def _get_file(self, params: Json) -> web.Response:
        file_id = params["file_id"]
        stored = self.files.get(file_id)
        if stored is None:
            return error(400, "Bad Request: invalid file_id")
        if stored.size > FILE_LIMIT:
            return error(400, "Bad Request: file is too big")
        return ok(p.file(file_id, stored.size, stored.path))
