"""The gateway half of the Discord emulator: one WebSocket endpoint, sessions that RESUME.

HELLO on connect; heartbeat (op 1) → ACK (op 11); IDENTIFY (op 2) with the right token →
READY then a GUILD_CREATE per server on the session's shard; RESUME (op 6) → every event
after the client's last sequence number again, then RESUMED; an unknown session gets
INVALID_SESSION. Events dispatched while no connection is up are kept in the session and
replayed on RESUME, as Discord does. With shards, an event about a server goes to the session
of the shard that server is on (``(server id >> 22) % shard count``), as Discord routes it.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.adapters.discord import payloads as p

Json = dict[str, Any]
HEARTBEAT_MS = 41250


def on_shard(guild_id: str, shard: list[int] | None) -> bool:
    """Whether the server's events go to a session identified with ``shard`` ([id, count])."""
    return shard is None or (int(guild_id) >> 22) % shard[1] == shard[0]


@dataclass
class Session:
    id: str
    seq: int = 0
    events: list[Json] = field(default_factory=list)
    socket: web.WebSocketResponse | None = None
    shard: list[int] | None = None


class Gateway:
    """Sessions and their connections; ``url()`` is where READY tells clients to resume."""

    def __init__(self, token: str, url: Callable[[], str]) -> None:
        self.token = token
        self.url = url
        self.sessions: dict[str, Session] = {}
        self.identifies: list[Json] = []
        self.resumes: list[Json] = []
        self.connected = asyncio.Event()
        #: The servers the bot is in (GUILD_CREATE on identify, to their shard's session).
        self.guilds: list[Json] = [p.guild()]

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        await ws.send_json(
            {"op": 10, "s": None, "t": None, "d": {"heartbeat_interval": HEARTBEAT_MS}}
        )
        session: Session | None = None
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                continue
            frame = json.loads(msg.data)
            op, data = frame.get("op"), frame.get("d")
            if op == 1:
                await ws.send_json({"op": 11, "s": None, "t": None, "d": None})
            elif op == 2:
                if data.get("token") != self.token:
                    await ws.close(code=4004, message=b"Authentication failed.")
                    break
                session = await self._identify(ws, data)
            elif op == 6:
                session = await self._resume(ws, data)
        if session is not None and session.socket is ws:
            session.socket = None
        return ws

    async def _identify(self, ws: web.WebSocketResponse, data: Json) -> Session:
        self.identifies.append(data)
        session = Session(id=p.snowflake(), socket=ws, shard=data.get("shard"))
        self.sessions[session.id] = session
        await self.emit(session, "READY", p.ready(session.id, self.url(), session.shard))
        for guild in self.guilds:
            if on_shard(str(guild["id"]), session.shard):
                await self.emit(session, "GUILD_CREATE", guild)
        self.connected.set()
        return session

    async def _resume(self, ws: web.WebSocketResponse, data: Json) -> Session | None:
        self.resumes.append(data)
        session = self.sessions.get(data.get("session_id", ""))
        if session is None:
            await ws.send_json({"op": 9, "s": None, "t": None, "d": False})
            return None
        session.socket = ws
        for event in [e for e in session.events if e["s"] > (data.get("seq") or 0)]:
            await ws.send_json(event)
        await self.emit(session, "RESUMED", {})
        self.connected.set()
        return session

    async def emit(self, session: Session, name: str, data: Json) -> None:
        session.seq += 1
        frame = {"op": 0, "s": session.seq, "t": name, "d": data}
        session.events.append(frame)
        if session.socket is not None and not session.socket.closed:
            await session.socket.send_json(frame)

    def live(self) -> Session:
        """The newest connected session (else the newest one)."""
        return max(self.sessions.values(), key=lambda s: (s.socket is not None, int(s.id)))

    async def dispatch(self, name: str, data: Json) -> None:
        guild_id = data.get("guild_id")
        sessions = [
            s for s in self.sessions.values() if guild_id is None or on_shard(guild_id, s.shard)
        ]
        if not sessions:
            sessions = list(self.sessions.values())
        await self.emit(max(sessions, key=lambda s: (s.socket is not None, int(s.id))), name, data)

    async def drop(self) -> None:
        """Close the live connection abnormally (code 4000): the client RESUMEs."""
        session = self.live()
        self.connected.clear()
        if session.socket is not None:
            socket, session.socket = session.socket, None
            await socket.close(code=4000, message=b"network blip")

    async def close(self) -> None:
        for session in self.sessions.values():
            if session.socket is not None and not session.socket.closed:
                await session.socket.close()
