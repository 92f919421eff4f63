"""Answers to a member's own command or button press, each by the cheapest way Slack shows it.

* A command's answer goes to its ``response_url``: ephemeral, or in the channel for a
  moderator's announcement.
* A press on a one-shot prompt replaces the prompt through the press's ``response_url``.
* A private answer to a press is ephemeral, posted to the press's ``response_url``: no Web
  API call, so no rate-limit tier, and no need to be in the channel. Slack takes five answers
  on a ``response_url`` within 30 minutes; past that (an answer delayed by a restart) it is
  ``chat.postEphemeral``, and the member's direct messages with the app when Chorus cannot post
  in the channel.
* A public answer is posted in the channel (in the thread of the message pressed, if any).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import blockkit, translate
from adapters.slack.pacing import ChannelPacer
from adapters.slack.posting import post
from bot.model.actions import Message, Reply
from bot.model.events import ButtonPressed, CommandInvoked

log = logging.getLogger(__name__)


async def answer(
    api: AsyncWebClient, session: aiohttp.ClientSession, pacer: ChannelPacer, reply: Reply
) -> None:
    """Send ``reply`` where Slack shows it best and most cheaply (see the module)."""
    event, message = reply.to, reply.message
    raw = event.raw if isinstance(event.raw, Mapping) else {}
    response_url = raw.get("response_url")
    if isinstance(event, CommandInvoked) and response_url:
        await respond(
            session,
            str(response_url),
            {
                "response_type": "ephemeral" if reply.private else "in_channel",
                "replace_original": False,
                **blockkit.message_arguments(message),
            },
        )
        return
    if reply.replace and isinstance(event, ButtonPressed) and response_url:
        # a one-shot prompt shows the outcome in its place, without its buttons; Slack
        # takes a response_url for 30 minutes: later, the answer comes as usual
        try:
            await respond(
                session,
                str(response_url),
                {"replace_original": True, **blockkit.message_arguments(message)},
            )
            return
        except (ConnectionError, aiohttp.ClientError) as exc:
            log.info("one-shot prompt not replaced: %s", exc)
    thread = translate.thread_of(raw) if isinstance(event, ButtonPressed) else None
    if not reply.private and isinstance(event, ButtonPressed | CommandInvoked):
        await post(api, pacer, event.chat.id, message, thread=thread)
        return
    pressed = isinstance(event, ButtonPressed) and response_url
    if pressed and await whisper(session, str(response_url), message, thread):
        return
    try:
        await api.chat_postEphemeral(
            channel=event.chat.id,
            user=event.user.id,
            thread_ts=thread,
            **blockkit.message_arguments(message),
        )
    except SlackApiError as error:
        if error.response.get("error") not in ("channel_not_found", "not_in_channel"):
            raise
        # the app's DM with the member
        await post(api, pacer, event.user.id, message)


async def whisper(
    session: aiohttp.ClientSession, response_url: str, message: Message, thread: str | None
) -> bool:
    """Answer a press privately through its own ``response_url``: an ephemeral message
    like ``chat.postEphemeral``'s, but no Web API call and no rate-limit tier (and no need
    for Chorus to be in the channel). False when Slack refuses it (a ``response_url`` takes
    five answers within 30 minutes) or cannot be reached: the caller answers otherwise."""
    body: dict[str, Any] = {
        "response_type": "ephemeral",
        "replace_original": False,
        **blockkit.message_arguments(message),
    }
    if thread is not None:
        body["thread_ts"] = thread
    try:
        await respond(session, response_url, body)
    except (ConnectionError, aiohttp.ClientError, TimeoutError) as exc:
        log.info("slack: response_url refused a private answer (%s): chat.postEphemeral", exc)
        return False
    return True


async def respond(session: aiohttp.ClientSession, response_url: str, body: dict[str, Any]) -> None:
    """Post an answer to an interaction's ``response_url``."""
    async with session.post(response_url, json=body) as response:
        if response.status >= 400:
            raise ConnectionError(f"response_url answered {response.status}")
