"""A Slack API emulator on a free 127.0.0.1 port, for the real slack-sdk / slack-bolt.

It answers the Web API methods Chorus uses (``/api/<method>``, form, query or JSON bodies,
token in ``Authorization``), the files upload v2 trio with its upload URL, ``files.info`` and
file downloads, ``conversations.members`` (paginated), ``response_url`` posts, and the Socket
Mode WebSocket (``hello``, envelopes, acks). Like Slack, it gives each button press it delivers
a ``response_url`` of its own, bound to the member and the channel, usable five times: an
ephemeral answer posted there is recorded with the ``chat.postEphemeral`` ones
(:attr:`SlackEmulator.ephemerals`, marked ``via: response_url``). It also delivers signed HTTP
requests to an adapter in HTTP mode. Member text is sent as Slack sends it, ``&``, ``<`` and
``>`` encoded (:func:`typed`). Every call is recorded; :meth:`SlackEmulator.rate_limit` makes
the next calls of a method answer 429 with ``Retry-After``. Tests await
:meth:`SlackEmulator.until` instead of sleeping.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import aiohttp
from aiohttp import web

BOT_TOKEN = "xoxb-chorus-test"
APP_TOKEN = "xapp-chorus-test"
SIGNING_SECRET = "chorus-signing-secret"
BOT_USER = "UCHORUS"
#: How many answers a ``response_url`` takes (Slack: five, within 30 minutes).
RESPONSE_USES = 5


@dataclass
class Posted:
    """A message in a channel (``chat.postMessage``, or a file share with its comment)."""

    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    files: list[dict[str, Any]] = field(default_factory=list)
    #: The thread's parent when posted as a reply in a thread.
    thread_ts: str | None = None

    def buttons(self) -> list[dict[str, Any]]:
        return [e for b in self.blocks if b["type"] == "actions" for e in b["elements"]]


class SlackEmulator:
    """The Slack side of a test: Web API, Socket Mode and HTTP delivery."""

    def __init__(self, signing_secret: str = SIGNING_SECRET) -> None:
        self.signing_secret = signing_secret
        self.users: dict[str, dict[str, Any]] = {}
        self.messages: list[Posted] = []
        self.ephemerals: list[dict[str, Any]] = []
        self.updates: list[dict[str, Any]] = []
        #: messages taken down by ``chat.delete`` (no longer in :attr:`messages`)
        self.deleted: list[Posted] = []
        self.views: list[dict[str, Any]] = []
        #: posts to command ``response_url``s, and replacements through a press's own
        self.responses: list[dict[str, Any]] = []
        #: a press's ``response_url`` key → (channel, member, uses left)
        self._bound: dict[str, tuple[str, str, int]] = {}
        self.uploads: dict[str, dict[str, Any]] = {}
        self.member_files: dict[str, tuple[dict[str, Any], bytes]] = {}
        self.calls: list[tuple[str, dict[str, Any]]] = []
        #: (method, channel, when it arrived by ``time.monotonic``) of each API call answered
        self.call_times: list[tuple[str, str, float]] = []
        self.missing_channels: set[str] = set()
        #: channel id → member ids, listed by ``conversations.members``
        self.channel_members: dict[str, list[str]] = {}
        self.acks: dict[str, float] = {}
        self._limits: dict[str, list[int]] = {}
        self._ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._acked: dict[str, asyncio.Future[dict[str, Any]]] = {}
        #: Socket Mode connections open now, in the order they opened (one per process)
        self._sockets: list[web.WebSocketResponse] = []
        self._turn = itertools.count()
        self.connected = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- set-up -------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base_url(self) -> str:
        return f"{self.url}/api/"

    async def start(self) -> None:
        server = web.Application(client_max_size=50 * 1024 * 1024)
        server.router.add_route("*", "/api/{method}", self._api)
        server.router.add_post("/upload/{file_id}", self._upload)
        server.router.add_get("/download/{file_id}", self._download)
        server.router.add_post("/respond/{key}", self._respond)
        server.router.add_get("/link/", self._link)
        self._runner = web.AppRunner(server, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        for socket in list(self._sockets):
            await socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def add_user(
        self,
        user_id: str,
        *,
        locale: str = "en-US",
        admin: bool = False,
        owner: bool = False,
        real_name: str | None = None,
    ) -> None:
        shown = real_name or user_id.lower()
        real_name = real_name or f"Member {user_id}"
        self.users[user_id] = {
            "id": user_id,
            "name": user_id.lower(),
            "real_name": real_name,
            "profile": {"display_name": shown, "real_name": real_name},
            "is_admin": admin,
            "is_owner": owner,
            "locale": locale,
        }

    def add_member_file(self, name: str, data: bytes, mimetype: str = "image/png") -> str:
        file_id = f"F{next(self._ids):08d}"
        info = {"id": file_id, "name": name, "mimetype": mimetype, "size": len(data)}
        self.member_files[file_id] = (info, data)
        return file_id

    def rate_limit(self, method: str, times: int = 1, retry_after: int = 0) -> None:
        """The next ``times`` calls of ``method`` answer 429 with ``Retry-After``."""
        self._limits.setdefault(method, []).extend([retry_after] * times)

    def response_url(self) -> str:
        return f"{self.url}/respond/{uuid.uuid4().hex}"

    def minted(self, payload: dict[str, Any]) -> dict[str, Any]:
        """``payload`` as Slack delivers a button press: with a ``response_url`` bound to its
        member and channel (the same one for a re-delivery), unless the test gave its own."""
        if payload.get("type") != "block_actions" or "hooks.invalid" not in str(
            payload.get("response_url", "")
        ):
            return payload
        key = hashlib.sha256(str(payload["trigger_id"]).encode()).hexdigest()[:32]
        channel = str((payload.get("channel") or {}).get("id", ""))
        self._bound.setdefault(key, (channel, str(payload["user"]["id"]), RESPONSE_USES))
        return {**payload, "response_url": f"{self.url}/respond/{key}"}

    def expire_responses(self) -> None:
        """Every press's ``response_url`` given so far is past its 30 minutes."""
        self._bound = {key: (c, u, 0) for key, (c, u, _) in self._bound.items()}

    def _ts(self) -> str:
        n = next(self._ids)
        return f"{1_800_000_000 + n}.{n:06d}"

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def until(self, predicate: Callable[[], bool], within: float = 20) -> None:
        """Wait until ``predicate()`` holds (checked after every call the emulator receives)."""
        async with asyncio.timeout(within), self._changed:
            await self._changed.wait_for(predicate)

    def calls_of(self, method: str) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == method]

    def in_channel(self, channel: str) -> list[Posted]:
        return [m for m in self.messages if m.channel == channel]

    # --- Web API ------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        arrived = time.monotonic()
        method = request.match_info["method"]
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.can_read_body:
            params.update(await request.post())
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        token = token or str(params.pop("token", ""))
        pending = self._limits.get(method)
        if pending:
            retry_after = pending.pop(0)
            self.calls.append((f"{method}!429", params))
            return web.json_response(
                {"ok": False, "error": "ratelimited"},
                status=429,
                headers={"Retry-After": str(retry_after)},
            )
        expected = APP_TOKEN if method == "apps.connections.open" else BOT_TOKEN
        if token != expected:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        handler = {
            "auth.test": self._auth_test,
            "apps.connections.open": self._apps_connections_open,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.update": self._chat_update,
            "chat.delete": self._chat_delete,
            "views.open": self._views_open,
            "users.info": self._users_info,
            "users.list": self._users_list,
            "conversations.open": self._conversations_open,
            "conversations.members": self._conversations_members,
            "files.getUploadURLExternal": self._files_get_upload_url,
            "files.completeUploadExternal": self._files_complete_upload,
            "files.info": self._files_info,
        }.get(method)
        if handler is None:
            return web.json_response({"ok": False, "error": "unknown_method"})
        self.calls.append((method, params))
        self.call_times.append((method, str(params.get("channel", "")), arrived))
        result: dict[str, Any] = handler(params)
        await self._notify()
        return web.json_response(result if "ok" in result else {"ok": True, **result})

    def _auth_test(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": "https://chorus-test.slack.com/",
            "team": "Chorus Test",
            "user": "chorus",
            "team_id": "T0CHORUS",
            "user_id": BOT_USER,
            "bot_id": "B0CHORUS",
        }

    def _apps_connections_open(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"url": f"ws://127.0.0.1:{self.port}/link/?ticket={uuid.uuid4().hex}"}

    def _channel(self, params: dict[str, Any]) -> str | dict[str, Any]:
        channel = str(params.get("channel", ""))
        if channel in self.missing_channels or not channel:
            return {"ok": False, "error": "channel_not_found"}
        return f"D{channel[1:]}" if channel.startswith("U") else channel

    def _chat_post_message(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(params)
        if isinstance(channel, dict):
            return channel
        ts = self._ts()
        thread = params.get("thread_ts")
        self.messages.append(
            Posted(
                channel,
                ts,
                str(params.get("text", "")),
                list(params.get("blocks") or []),
                thread_ts=str(thread) if thread else None,
            )
        )
        return {"channel": channel, "ts": ts, "message": {"ts": ts, "text": params.get("text")}}

    def _chat_post_ephemeral(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(params)
        if isinstance(channel, dict):
            return channel
        self.ephemerals.append(params)
        return {"message_ts": self._ts()}

    def _chat_update(self, params: dict[str, Any]) -> dict[str, Any]:
        for message in self.messages:
            if message.channel == params.get("channel") and message.ts == params.get("ts"):
                message.text = str(params.get("text", ""))
                message.blocks = list(params.get("blocks") or [])
                self.updates.append(params)
                return {"channel": message.channel, "ts": message.ts}
        return {"ok": False, "error": "message_not_found"}

    def _chat_delete(self, params: dict[str, Any]) -> dict[str, Any]:
        for message in self.messages:
            if message.channel == params.get("channel") and message.ts == params.get("ts"):
                self.messages.remove(message)
                self.deleted.append(message)
                return {"channel": message.channel, "ts": message.ts}
        return {"ok": False, "error": "message_not_found"}

    def _views_open(self, params: dict[str, Any]) -> dict[str, Any]:
        view = params["view"]
        view = json.loads(view) if isinstance(view, str) else view
        opened = {**view, "id": f"V{next(self._ids):08d}", "hash": uuid.uuid4().hex[:10]}
        self.views.append({"trigger_id": params.get("trigger_id"), "view": opened})
        return {"view": opened}

    def _users_info(self, params: dict[str, Any]) -> dict[str, Any]:
        user = self.users.get(str(params.get("user")))
        if user is None:
            return {"ok": False, "error": "user_not_found"}
        shown = dict(user)
        if str(params.get("include_locale")).lower() not in ("true", "1"):
            shown.pop("locale", None)
        return {"user": shown}

    def _users_list(self, params: dict[str, Any]) -> dict[str, Any]:
        """The workspace's members, ``limit`` per page with a cursor; ``locale`` only with
        ``include_locale``."""
        start = int(params.get("cursor") or 0)
        end = start + int(params.get("limit") or 1000)
        locale = str(params.get("include_locale")).lower() in ("true", "1")
        members = [
            user if locale else {k: v for k, v in user.items() if k != "locale"}
            for user in list(self.users.values())[start:end]
        ]
        following = str(end) if end < len(self.users) else ""
        return {"members": members, "response_metadata": {"next_cursor": following}}

    def _conversations_open(self, params: dict[str, Any]) -> dict[str, Any]:
        user = str(params.get("users", ""))
        if user not in self.users:
            return {"ok": False, "error": "user_not_found"}
        return {"channel": {"id": f"D{user[1:]}"}}

    def _conversations_members(self, params: dict[str, Any]) -> dict[str, Any]:
        """A channel's members from ``channel_members``, ``limit`` per page with a cursor."""
        members = self.channel_members.get(str(params.get("channel", "")))
        if members is None:
            return {"ok": False, "error": "channel_not_found"}
        start = int(params.get("cursor") or 0)
        end = start + int(params.get("limit") or 100)
        following = str(end) if end < len(members) else ""
        return {"members": members[start:end], "response_metadata": {"next_cursor": following}}

    def _files_get_upload_url(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = f"F{next(self._ids):08d}"
        self.uploads[file_id] = {
            "filename": params.get("filename"),
            "length": int(params.get("length", 0)),
            "alt_txt": params.get("alt_txt"),
            "data": None,
        }
        return {"upload_url": f"{self.url}/upload/{file_id}", "file_id": file_id}

    def _files_complete_upload(self, params: dict[str, Any]) -> dict[str, Any]:
        files = json.loads(str(params["files"]))
        channel = str(params.get("channel_id", ""))
        shared = []
        for item in files:
            upload = self.uploads.get(item["id"])
            if upload is None or upload["data"] is None:
                return {"ok": False, "error": "file_not_found"}
            shared.append({"id": item["id"], "title": item.get("title"), **upload, "data": None})
        ts = self._ts()
        self.messages.append(
            Posted(channel, ts, str(params.get("initial_comment", "")), files=shared)
        )
        return {
            "files": [
                {"id": f["id"], "title": f["title"], "shares": {"public": {channel: [{"ts": ts}]}}}
                for f in shared
            ]
        }

    def _files_info(self, params: dict[str, Any]) -> dict[str, Any]:
        found = self.member_files.get(str(params.get("file")))
        if found is None:
            return {"ok": False, "error": "file_not_found"}
        info, _ = found
        return {"file": {**info, "url_private_download": f"{self.url}/download/{info['id']}"}}

    async def _upload(self, request: web.Request) -> web.Response:
        upload = self.uploads.get(request.match_info["file_id"])
        if upload is None:
            return web.Response(status=404)
        upload["data"] = await request.read()
        return web.Response(text=f"OK - {len(upload['data'])}")

    async def _download(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"Bearer {BOT_TOKEN}":
            return web.Response(status=403)
        found = self.member_files.get(request.match_info["file_id"])
        if found is None:
            return web.Response(status=404)
        return web.Response(body=found[1], content_type=found[0]["mimetype"])

    async def _respond(self, request: web.Request) -> web.Response:
        key = request.match_info["key"]
        body = await request.json()
        bound = self._bound.get(key)
        if bound is not None:
            channel, user, left = bound
            if left <= 0:  # Slack: five uses within 30 minutes
                return web.Response(status=404, text="expired_url")
            self._bound[key] = (channel, user, left - 1)
            if not body.get("replace_original") and body.get("response_type") != "in_channel":
                self.ephemerals.append(
                    {"channel": channel, "user": user, "via": "response_url", "key": key, **body}
                )
                await self._notify()
                return web.Response(text="ok")
        self.responses.append({"key": key, **body})
        await self._notify()
        return web.Response(text="ok")

    # --- Socket Mode --------------------------------------------------------------------

    async def _link(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self._sockets.append(socket)
        try:
            await socket.send_json(
                {
                    "type": "hello",
                    "num_connections": len(self._sockets),
                    "debug_info": {"host": "emulator", "approximate_connection_time": 18060},
                    "connection_info": {"app_id": "A0CHORUS"},
                }
            )
            self.connected.set()
            await self._notify()
            async for frame in socket:
                if frame.type != aiohttp.WSMsgType.TEXT:
                    continue
                ack = json.loads(frame.data)
                envelope = str(ack.get("envelope_id", ""))
                self.acks[envelope] = time.perf_counter()
                waiter = self._acked.pop(envelope, None)
                if waiter is not None and not waiter.done():
                    waiter.set_result(ack)
        finally:
            self._sockets.remove(socket)
        return socket

    @property
    def connections(self) -> int:
        """Socket Mode connections open now."""
        return sum(1 for socket in self._sockets if not socket.closed)

    def _socket(self, connection: int | None) -> web.WebSocketResponse:
        """The connection an envelope goes to: the ``connection``-th open one, else each in
        turn (Slack hands a delivery to one of an app's connections)."""
        open_ = [socket for socket in self._sockets if not socket.closed]
        assert open_, "no Socket Mode connection is open"
        return open_[(next(self._turn) if connection is None else connection) % len(open_)]

    async def envelope(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        retry_attempt: int | None = None,
        connection: int | None = None,
    ) -> dict[str, Any]:
        """Send one envelope over a WebSocket (``connection``, else each in turn) and return
        the app's ack."""
        await asyncio.wait_for(self.connected.wait(), 10)
        socket = self._socket(connection)
        envelope_id = uuid.uuid4().hex
        if kind == "interactive":
            payload = self.minted(payload)
        waiter: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._acked[envelope_id] = waiter
        message: dict[str, Any] = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
        }
        if retry_attempt is not None:
            message["retry_attempt"] = retry_attempt
            message["retry_reason"] = "timeout"
        await socket.send_str(json.dumps(message))
        return await asyncio.wait_for(waiter, 10)

    # --- HTTP delivery ------------------------------------------------------------------

    def sign(self, body: str, timestamp: int, secret: str | None = None) -> str:
        base = f"v0:{timestamp}:{body}".encode()
        key = (secret or self.signing_secret).encode()
        return "v0=" + hmac.new(key, base, hashlib.sha256).hexdigest()

    async def post_signed(
        self,
        url: str,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        secret: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        """POST ``body`` to the adapter as Slack would, signed (or mis-signed on purpose)."""
        stamp = int(time.time()) if timestamp is None else timestamp
        sent = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": str(stamp),
            "X-Slack-Signature": self.sign(body, stamp, secret),
            **(headers or {}),
        }
        async with (
            aiohttp.ClientSession() as session,
            session.post(url, data=body.encode(), headers=sent) as response,
        ):
            return response.status, await response.text()


def typed(text: str) -> str:
    """What Slack sends for text a member typed: ``&``, ``<``, ``>`` as ``&amp;``, ``&lt;``,
    ``&gt;`` (slash-command text and message events; modal inputs are sent as typed)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def form_body(fields: dict[str, str]) -> str:
    return urlencode(fields)


def interaction_body(payload: dict[str, Any]) -> str:
    return urlencode({"payload": json.dumps(payload)})
