"""``chorus discord invite-url``: the work behind the command (imported only when it runs)."""

from __future__ import annotations

import asyncio
import os

import aiohttp
import typer

from adapters.discord.adapter import TOKEN_ENV
from adapters.discord.invite import invite_url

DEFAULT_API = "https://discord.com/api/v10"


def invite_url_for(application_id: str | None, api_base_url: str | None) -> str:
    """The invite URL; without an id, ask Discord for it with ``CHORUS_DISCORD_TOKEN``
    (through ``api_base_url``, the config's ``[discord] api_base_url``, when it sets one).

    Raises:
        typer.Exit: no id and no token, Discord unreachable, or an id that is not a number.
    """
    if application_id is None:
        token = os.environ.get(TOKEN_ENV, "").strip()
        if not token:
            typer.echo(f"give --application-id, or set {TOKEN_ENV} to ask Discord", err=True)
            raise typer.Exit(2)
        base = api_base_url or DEFAULT_API
        try:
            application_id = asyncio.run(_application_id(base.rstrip("/"), token))
        except (aiohttp.ClientError, KeyError, ValueError) as exc:
            typer.echo(f"could not ask Discord for the application id: {exc}", err=True)
            raise typer.Exit(1) from None
    if not application_id.isdigit():
        typer.echo("the application id is a number (Developer Portal → General Information)")
        raise typer.Exit(2)
    return invite_url(application_id)


async def _application_id(base: str, token: str) -> str:
    headers = {"Authorization": f"Bot {token}"}
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{base}/oauth2/applications/@me", headers=headers) as response,
    ):
        response.raise_for_status()
        return str((await response.json())["id"])
