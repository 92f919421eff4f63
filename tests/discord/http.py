"""HTTP pieces of the Discord emulator: request bodies and responses the way discord.py wants
them (``Content-Type`` exactly ``application/json``; 429 with ``Via`` and a JSON ``retry_after``).
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from tests.discord import payloads as p

Json = dict[str, Any]


def public(message: Json) -> Json:
    return {k: v for k, v in message.items() if not k.startswith("_")}


def registered(command: Json) -> Json:
    return {
        "id": p.snowflake(),
        "application_id": p.APPLICATION_ID,
        "version": p.snowflake(),
        "type": 1,
        "default_member_permissions": None,
        "dm_permission": True,
        "nsfw": False,
        "options": [],
        **command,
    }


async def body(request: web.Request) -> tuple[Json, list[tuple[str, str, bytes]]]:
    """A JSON body, or a multipart one (``payload_json`` plus ``files[n]``)."""
    if request.method in ("GET", "DELETE") or not request.can_read_body:
        return {}, []
    if request.content_type == "application/json":
        return await request.json(), []
    body: Json = {}
    files: list[tuple[str, str, bytes]] = []
    reader = await request.multipart()
    async for part in reader:
        if part.name == "payload_json":  # type: ignore[union-attr]
            body = json.loads(await part.text())  # type: ignore[union-attr]
        else:
            data = await part.read()  # type: ignore[union-attr]
            files.append(
                (part.filename or "file", part.headers.get("Content-Type", ""), bytes(data))
            )  # type: ignore[union-attr]
    return body, files


def json_response(
    data: object, headers: dict[str, str] | None = None, status: int = 200
) -> web.Response:
    """JSON with the exact ``Content-Type`` discord.py requires to parse it (no charset)."""
    return web.Response(
        status=status,
        body=json.dumps(data).encode(),
        headers={**(headers or {}), "Content-Type": "application/json"},
    )


def error(status: int, code: int, message: str) -> web.Response:
    return json_response({"code": code, "message": message}, status=status)


def too_many(retry_after: float) -> web.Response:
    body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": False}
    headers = {"Via": "1.1 google", "Retry-After": str(max(1, round(retry_after)))}
    return json_response(body, headers, status=429)
