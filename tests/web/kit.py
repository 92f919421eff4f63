"""Builders for dashboard tests: a config with two polls moderated by different people, and
signing in through a link asked with ``/dashboard`` in chat."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from bot.config.model import Config
from bot.model.events import Chat
from campaigns import parse_config
from tests.conftest import Running
from tests.factories import command, member

TOML = """
[bot]
locale = "en"
timezone = "Europe/Paris"
owners = ["console:boss"]

[web]
enabled = true
listen_port = 0
analysts = ["console:ana"]

[[campaigns]]
id = "flavour"
kind = "poll"
title = "Next flavour"
channels = ["console:main"]
moderators = ["console:mod"]
duration = "7d"

[campaigns.poll]
options = ["Vanilla", "Pistachio", "Lemon"]

[[campaigns]]
id = "colour"
kind = "poll"
title = "Next colour"
channels = ["console:other"]
moderators = ["console:modb"]
duration = "7d"

[campaigns.poll]
options = ["Red", "Blue"]
"""

LINK = re.compile(r"/login/(\S+)")
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def two_polls(extra: str = "") -> Config:
    """``flavour`` in console:main (moderated by ``mod``) and ``colour`` in console:other
    (moderated by ``modb``); ``boss`` owns both, ``ana`` is an analyst."""
    return parse_config(TOML + extra)


def base_url(running: Running) -> str:
    assert running.app.web is not None, "the dashboard did not start"
    return running.app.web.url


async def link_from_chat(running: Running, user_id: str, channel: str = "main") -> str:
    """The login link path ``/login/<token>`` that ``/dashboard`` answered ``user_id``."""
    await running.adapter.push(command(member(user_id), "dashboard", chat=Chat("console", channel)))
    answer = running.adapter.replies_to(user_id)[-1]
    found = LINK.search(answer)
    assert found, f"no link in {answer!r}"
    return f"/login/{found.group(1)}"


def csrf_in(html: str) -> str:
    found = CSRF.search(html)
    assert found, "no CSRF token in the page"
    return found.group(1)


async def use_link(client: httpx.AsyncClient, path: str) -> httpx.Response:
    """Open the link page and press "Sign in"."""
    page = await client.get(path)
    page.raise_for_status()
    token = path.rsplit("/", 1)[1]
    return await client.post("/login", data={"csrf": csrf_in(page.text), "token": token})


@asynccontextmanager
async def signed_in(running: Running, user_id: str) -> AsyncIterator[httpx.AsyncClient]:
    """A browser-like client signed in as ``console:<user_id>``."""
    async with httpx.AsyncClient(base_url=base_url(running)) as client:
        answer = await use_link(client, await link_from_chat(running, user_id))
        assert answer.status_code == 303, answer.text
        yield client
