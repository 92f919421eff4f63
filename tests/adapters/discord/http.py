"""HTTP pieces of the Discord emulator: request bodies and responses the way discord.py wants
them (``Content-Type`` exactly ``application/json``; 429 with ``Via`` and a JSON ``retry_after``).
"""

from __future__ import annotations

import json
import re
from typing import Any

from aiohttp import web

from tests.adapters.discord import payloads as p

Json = dict[str, Any]


_NAME = re.compile(r"^[-_\w]{1,32}$")


def command_problems(command: Json, where: str = "") -> list[str]:
    """What Discord would refuse in a command (or option) definition: names lowercase,
    1–32 word characters, descriptions 1–100 characters (their translations too), required
    options before optional ones."""
    path = f"{where}{command.get('name')}"
    problems = []
    names = [command.get("name", ""), *(command.get("name_localizations") or {}).values()]
    for name in names:
        if not _NAME.match(name) or name != name.lower():
            problems.append(f"{path}: bad name {name!r}")
    if command.get("type", 1) in (1, 2) or "description" in command:
        texts = [
            command.get("description", ""),
            *(command.get("description_localizations") or {}).values(),
        ]
        problems += [f"{path}: description of {len(t)}" for t in texts if not 1 <= len(t) <= 100]
    options = command.get("options") or []
    required = [bool(o.get("required")) for o in options if o.get("type") not in (1, 2)]
    if required != sorted(required, reverse=True):
        problems.append(f"{path}: a required option after an optional one")
    for option in options:
        problems += command_problems(option, f"{path}.")
    return problems


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
