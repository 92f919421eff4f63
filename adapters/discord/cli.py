"""``chorus discord invite-url``: the work behind the command (imported only when it runs)."""

from __future__ import annotations

import asyncio
import os

import aiohttp

from adapters.discord.adapter import TOKEN_ENV
from adapters.discord.invite import invite_url
from bot.model.errors import BadInput, Undeliverable

DEFAULT_API = "https://discord.com/api/v10"


def invite_url_for(application_id: str | None, api_base_url: str | None) -> str:
    """The invite URL; without an id, ask Discord for it with ``CHORUS_DISCORD_TOKEN``
    (through ``api_base_url``, the config's ``[discord] api_base_url``, when it sets one).

    Raises:
        BadInput: no id and no token, or an id that is not a number (a catalog key).
        Undeliverable: Discord could not be asked (the reason in ``args``).
    """
    if application_id is None:
        token = os.environ.get(TOKEN_ENV, "").strip()
        if not token:
            raise BadInput("invite.no_id", name=TOKEN_ENV)
        base = api_base_url or DEFAULT_API
        try:
            application_id = asyncio.run(_application_id(base.rstrip("/"), token))
        except (aiohttp.ClientError, KeyError, ValueError) as exc:
            raise Undeliverable(str(exc) or type(exc).__name__) from None
    if not application_id.isdigit():
        raise BadInput("invite.not_a_number")
    return invite_url(application_id)


async def _application_id(base: str, token: str) -> str:
    headers = {"Authorization": f"Bot {token}"}
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{base}/oauth2/applications/@me", headers=headers) as response,
    ):
        response.raise_for_status()
        return str((await response.json())["id"])
