"""A Discord emulator on 127.0.0.1: the gateway WebSocket and the REST routes Chorus uses.

Gateway: HELLO, heartbeat ACK, IDENTIFY → READY + GUILD_CREATE, RESUME → replay of the events
the client missed + RESUMED, INTERACTION_CREATE dispatch; :meth:`DiscordEmulator.drop` cuts the
connection the way a network blip does. REST (``/api/v10``): ``/users/@me``,
``/oauth2/applications/@me``, command sync, channel messages (JSON or multipart with files),
interaction callbacks (3-second window, one response only, suggestions only to autocomplete),
webhook follow-ups and edits, message deletions, DM channels, server members
(``/guilds/{id}/members/{user}``: those in ``guild_members``, else 404 Unknown Member),
attachment downloads (``/files/…``). Channel message routes send the ``X-RateLimit-*``
headers of a 5-per-window bucket; a request over it, or one chosen with
:meth:`DiscordEmulator.limit`, gets a 429 with a ``Via`` header and a JSON ``retry_after``.
"""

from __future__ import annotations

import asyncio
import mimetypes
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.adapters.discord import http
from tests.adapters.discord import payloads as p
from tests.adapters.discord.gateway import Gateway

Json = dict[str, Any]
RESPONSE_WINDOW = 3.0
CALLBACK_MESSAGE, CALLBACK_DEFERRED, CALLBACK_DEFERRED_UPDATE, CALLBACK_UPDATE = 4, 5, 6, 7
#: An autocomplete interaction, and the only response it takes (its suggestions).
AUTOCOMPLETE, CALLBACK_AUTOCOMPLETE = 4, 8
LOADING = 1 << 7  # message flag of a deferred response still "thinking…"


@dataclass
class Interaction:
    """One interaction sent to the bot and everything the bot answered to it."""

    payload: Json
    sent_at: float
    callback_type: int | None = None
    callback_data: Json | None = None  # what the first response carried
    first_response_after: float | None = None
    original: Json | None = None  # the response message (type 4/5), edited by follow-ups
    followups: list[Json] = field(default_factory=list)
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    acked: asyncio.Event = field(default_factory=asyncio.Event)
    deleted_original: bool = False

    @property
    def id(self) -> str:
        return str(self.payload["id"])

    def answers(self) -> list[Json]:
        """Visible answers: the original response (unless still "thinking"), then follow-ups."""
        shown = []
        if self.original is not None and not self.original.get("_loading"):
            shown.append(self.original)
        return shown + self.followups

    async def until(self, condition: Callable[[Interaction], bool]) -> None:
        """Wait (at most 10 s) until ``condition(self)`` holds after some change."""
        async with asyncio.timeout(10):
            while not condition(self):
                self.changed.clear()
                await self.changed.wait()

    async def answer(self) -> Json:
        """The first visible answer, waiting for it (at most 10 s)."""
        async with asyncio.timeout(10):
            while not self.answers():
                self.changed.clear()
                await self.changed.wait()
        return self.answers()[0]


class DiscordEmulator:
    """Start with ``await emulator.start()``; ``api_url`` and ``gateway_url`` are the knobs."""

    def __init__(self, *, bucket_size: int = 5, bucket_window: float = 5.0) -> None:
        self.token = "test-bot-token"
        self.bucket_size = bucket_size
        self.bucket_window = bucket_window
        self.gateway = Gateway(self.token, lambda: self.gateway_url)
        self.identifies = self.gateway.identifies
        self.resumes = self.gateway.resumes
        self.connected = self.gateway.connected
        self.synced: dict[str, list[Json]] = {}
        self.messages: dict[str, Json] = {}  # every message by id (channels and DMs)
        self.channel_posts: list[Json] = []
        #: messages taken down (``DELETE /channels/{id}/messages/{id}``), gone from the above
        self.deleted: list[Json] = []
        self.edits: list[Json] = []
        self.interactions: dict[str, Interaction] = {}
        self.by_token: dict[str, Interaction] = {}
        self.dm_channels: dict[str, str] = {}  # channel id → user id
        self.guild_members: set[str] = set()  # user ids the server's member route knows
        self.closed_dms: set[str] = set()
        self.files: dict[str, bytes] = {}
        self.uploads: dict[str, bytes] = {}
        self.downloads: list[str] = []
        self.injected: dict[str, list[float]] = defaultdict(list)
        self.injected_429s = 0
        self.refused_callbacks = 0  # second responses to one interaction (40060)
        self.invalid_429s = 0
        self.requests: list[tuple[str, str]] = []
        #: When each REST request arrived (``time.monotonic``), with its route.
        self.request_times: list[tuple[str, float]] = []
        #: Channels that accept messages (besides private ones).
        self.channels: set[str] = {p.CHANNEL_ID, p.OTHER_CHANNEL_ID}
        self._buckets: dict[str, tuple[float, int]] = {}
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/v10"

    @property
    def gateway_url(self) -> str:
        return self.base_url.replace("http://", "ws://") + "/gateway"

    # ---- life cycle -------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_get("/files/{name}", self._file)
        app.router.add_route("*", "/api/v10/{path:.*}", self._rest)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        await self.gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # ---- gateway ----------------------------------------------------------------------------

    def add_guild(self, guild_id: str, channel_id: str) -> None:
        """Put the bot in another server, with one text channel."""
        self.gateway.guilds.append(p.guild(guild_id, [p.channel(channel_id, guild_id=guild_id)]))
        self.channels.add(channel_id)

    async def dispatch(self, name: str, data: Json) -> None:
        """Send a gateway event on the live session (kept for replay if it is down)."""
        await self.gateway.dispatch(name, data)

    async def drop(self) -> None:
        """Close the live connection abnormally; the client reconnects and RESUMEs."""
        await self.gateway.drop()

    # ---- interactions -----------------------------------------------------------------------

    async def interact(self, payload: Json) -> Interaction:
        """Dispatch INTERACTION_CREATE and return its record (to await its answer)."""
        record = Interaction(payload, time.monotonic())
        self.interactions[record.id] = record
        self.by_token[payload["token"]] = record
        await self.dispatch("INTERACTION_CREATE", payload)
        return record

    async def replay(self, record: Interaction) -> None:
        """Deliver the very same interaction again (as a replay after a resume may)."""
        await self.dispatch("INTERACTION_CREATE", record.payload)

    def press_payload(
        self,
        member: Json,
        message_id: str,
        custom_id: str,
        *,
        locale: str = "en-US",
        guild_id: str = p.GUILD_ID,
    ) -> Json:
        """A button press on a message we hold; an id not on it is added, as a tampered
        client would send it."""
        message = self.messages[message_id]
        buttons = [c for row in message["components"] for c in row["components"]]
        if not any(b.get("custom_id") == custom_id for b in buttons):
            message = {
                **message,
                "components": [
                    {
                        "type": 1,
                        "components": [
                            {"type": 2, "style": 1, "label": "x", "custom_id": custom_id}
                        ],
                    }
                ],
            }
        data = {"custom_id": custom_id, "component_type": 2}
        return p.interaction(
            3,
            data,
            member,
            locale=locale,
            channel_id=message["channel_id"],
            message=message,
            guild_id=guild_id,
        )

    # ---- REST -------------------------------------------------------------------------------

    def limit(self, route: str, times: int = 1, retry_after: float = 0.05) -> None:
        """Answer the next ``times`` requests to ``route`` (``"POST /channels/{id}/messages"``
        with the real id) with a 429."""
        self.injected[route].extend([retry_after] * times)

    async def until(self, predicate: Callable[[], bool], within: float = 20) -> None:
        """Wait until ``predicate()`` holds (checked after every REST request answered)."""
        async with asyncio.timeout(within), self._changed:
            await self._changed.wait_for(predicate)

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        try:
            return await self._serve(request)
        finally:
            async with self._changed:
                self._changed.notify_all()

    async def _serve(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["path"]
        route = f"{request.method} {path}"
        self.requests.append((request.method, path))
        self.request_times.append((route, time.monotonic()))
        if self.injected.get(route):
            self.injected_429s += 1
            return http.too_many(self.injected[route].pop(0))
        parts = path.strip("/").split("/")
        auth = request.headers.get("Authorization")
        webhook = parts[0] in ("webhooks", "interactions")
        if not webhook and auth != f"Bot {self.token}":
            return http.error(401, 0, "401: Unauthorized")
        if route == "GET /users/@me":
            return http.json_response(p.BOT_USER)
        if route == "GET /oauth2/applications/@me":
            return http.json_response(p.application())
        if route == "GET /gateway/bot":
            return http.json_response(
                {"url": self.gateway_url, "shards": 1, "session_start_limit": {}}
            )
        if request.method == "PUT" and parts[0] == "applications" and parts[-1] == "commands":
            scope = parts[3] if len(parts) > 3 and parts[2] == "guilds" else "global"
            commands = await request.json()
            problems = [problem for c in commands for problem in http.command_problems(c)]
            if problems:
                return http.error(400, 50035, "Invalid Form Body: " + "; ".join(problems))
            self.synced[scope] = commands
            return http.json_response([http.registered(c) for c in commands])
        if route == "POST /users/@me/channels":
            body = await request.json()
            channel_id = p.snowflake()
            self.dm_channels[channel_id] = str(body["recipient_id"])
            return http.json_response(
                {
                    "id": channel_id,
                    "type": 1,
                    "last_message_id": None,
                    "recipients": [p.user(str(body["recipient_id"]), "member")],
                }
            )
        if route.startswith("GET /guilds/") and len(parts) == 4 and parts[2] == "members":
            if parts[1] != p.GUILD_ID or parts[3] not in self.guild_members:
                return http.error(404, 10007, "Unknown Member")
            return http.json_response(p.member(parts[3], f"Member{parts[3][-3:]}"))
        if parts[0] == "channels" and len(parts) >= 3 and parts[2] == "messages":
            return await self._channel_messages(request, parts)
        if parts[0] == "interactions":
            return await self._callback(request, parts[1], parts[2])
        if parts[0] == "webhooks":
            return await self._webhook(request, parts)
        return http.error(404, 0, f"404: Not Found ({route})")

    async def _channel_messages(self, request: web.Request, parts: list[str]) -> web.Response:
        channel_id = parts[1]
        known = channel_id in self.channels or channel_id in self.dm_channels
        if not known:
            return http.error(404, 10003, "Unknown Channel")
        headers, over = self._bucket(f"{channel_id}")
        if over is not None:
            self.invalid_429s += 1
            return http.too_many(over)
        if channel_id in self.dm_channels and self.dm_channels[channel_id] in self.closed_dms:
            return http.error(403, 50007, "Cannot send messages to this user")
        body, files = await http.body(request)
        if request.method == "POST" and len(parts) == 3:
            message_id = p.snowflake()
            message = p.message(message_id, channel_id, body, attachments=self._keep(files))
            self.messages[message_id] = message
            self.channel_posts.append(message)
            return http.json_response(message, headers)
        if request.method == "PATCH" and len(parts) == 4 and parts[3] in self.messages:
            message = self._edit(self.messages[parts[3]], body, files)
            self.edits.append(message)
            return http.json_response(message, headers)
        if request.method == "DELETE" and len(parts) == 4 and parts[3] in self.messages:
            message = self.messages.pop(parts[3])
            if message in self.channel_posts:
                self.channel_posts.remove(message)
            self.deleted.append(message)
            return web.Response(status=204, headers=headers)
        return http.error(404, 10008, "Unknown Message")

    def _bucket(self, key: str) -> tuple[dict[str, str], float | None]:
        now = time.monotonic()
        start, used = self._buckets.get(key, (now, 0))
        if now - start >= self.bucket_window:
            start, used = now, 0
        reset_after = self.bucket_window - (now - start)
        if used >= self.bucket_size:
            return {}, reset_after
        used += 1
        self._buckets[key] = (start, used)
        return {
            "X-RateLimit-Limit": str(self.bucket_size),
            "X-RateLimit-Remaining": str(self.bucket_size - used),
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": f"channel-{key}",
        }, None

    def _keep(self, files: list[tuple[str, str, bytes]]) -> list[Json]:
        """Store uploaded files; like Discord, the attachment's ``content_type`` comes from
        the file name (discord.py sends every part as ``application/octet-stream``)."""
        kept = []
        for filename, sent_type, data in files:
            content_type = mimetypes.guess_type(filename)[0] or sent_type
            attachment_id = p.snowflake()
            name = f"{attachment_id}-{filename}"
            self.uploads[name] = data
            url = f"{self.base_url}/files/{name}"
            kept.append(p.attachment(attachment_id, filename, len(data), url, content_type))
        return kept

    def _edit(self, message: Json, body: Json, files: list[tuple[str, str, bytes]]) -> Json:
        for key in ("content", "embeds", "components"):
            if key in body:
                message[key] = body[key] or ([] if key != "content" else "")
        if "attachments" in body or files:
            message["attachments"] = self._keep(files)
        message["edited_timestamp"] = p.now_iso()
        if message.pop("_loading", None):
            message["flags"] = int(message.get("flags") or 0) & ~LOADING
        return message

    async def _callback(
        self, request: web.Request, interaction_id: str, token: str
    ) -> web.Response:
        record = self.interactions.get(interaction_id)
        if record is None or record.payload["token"] != token:
            return http.error(404, 10062, "Unknown interaction")
        if record.callback_type is not None:
            self.refused_callbacks += 1
            record.changed.set()
            return http.error(400, 40060, "Interaction has already been acknowledged.")
        elapsed = time.monotonic() - record.sent_at
        if elapsed > RESPONSE_WINDOW:
            return http.error(404, 10062, "Unknown interaction")
        body, files = await http.body(request)
        kind, data = int(body["type"]), body.get("data") or {}
        if (record.payload["type"] == AUTOCOMPLETE) != (kind == CALLBACK_AUTOCOMPLETE):
            return http.error(400, 50035, "Invalid Form Body (interaction response type)")
        record.callback_type, record.first_response_after = kind, elapsed
        record.callback_data = data
        answer: Json = {"interaction": {"id": interaction_id, "type": record.payload["type"]}}
        if kind in (CALLBACK_MESSAGE, CALLBACK_DEFERRED):
            flags = int(data.get("flags") or 0)
            message = p.message(
                p.snowflake(),
                record.payload["channel_id"],
                data,
                attachments=self._keep(files),
                flags=flags,
            )
            if kind == CALLBACK_DEFERRED:
                message["_loading"] = True
                message["flags"] = flags | LOADING
            record.original = message
            self.messages[message["id"]] = message
            answer["interaction"].update(
                response_message_id=message["id"],
                response_message_loading=kind == CALLBACK_DEFERRED,
                response_message_ephemeral=bool(flags & p.EPHEMERAL),
            )
            answer["resource"] = {"type": kind, "message": http.public(message)}
        elif kind == CALLBACK_UPDATE and self._pressed(record) is not None:
            pressed = self._pressed(record)  # the message whose button was pressed, in place
            assert pressed is not None
            record.original = self._edit(pressed, data, files)
            answer["resource"] = {"type": kind, "message": http.public(pressed)}
        else:
            answer["resource"] = {"type": kind}
        record.acked.set()
        record.changed.set()
        return http.json_response(answer)

    def _pressed(self, record: Interaction) -> Json | None:
        """The message whose button an interaction pressed, when we hold it."""
        return self.messages.get(str((record.payload.get("message") or {}).get("id")))

    async def _webhook(self, request: web.Request, parts: list[str]) -> web.Response:
        if len(parts) < 3 or parts[1] != p.APPLICATION_ID or parts[2] not in self.by_token:
            return http.error(404, 10015, "Unknown Webhook")
        record = self.by_token[parts[2]]
        body, files = await http.body(request)
        original = len(parts) == 5 and parts[4] == "@original"
        if request.method == "POST" and len(parts) == 3:
            if record.original is not None and record.original.get("_loading"):
                message = self._edit(record.original, body, files)
            else:
                flags = int(body.get("flags") or 0)
                message = p.message(
                    p.snowflake(),
                    record.payload["channel_id"],
                    body,
                    attachments=self._keep(files),
                    flags=flags,
                )
                self.messages[message["id"]] = message
                record.followups.append(message)
            record.changed.set()
            return http.json_response(http.public(message))
        if original and record.original is not None:
            if request.method == "DELETE":
                record.deleted_original = True
                self.messages.pop(record.original["id"], None)
                record.original = None
                record.changed.set()
                return web.Response(status=204)
            if request.method == "PATCH":
                message = self._edit(record.original, body, files)
                record.changed.set()
                return http.json_response(http.public(message))
            if request.method == "GET":
                return http.json_response(http.public(record.original))
        return http.error(404, 10008, "Unknown Message")

    async def _file(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        self.downloads.append(name)
        data = self.files.get(name, self.uploads.get(name))
        if data is None:
            return web.Response(status=404)
        return web.Response(body=data, content_type="application/octet-stream")

    def add_file(self, name: str, data: bytes) -> str:
        """Make ``data`` downloadable, as a member's upload; return its URL."""
        self.files[name] = data
        return f"{self.base_url}/files/{name}"
