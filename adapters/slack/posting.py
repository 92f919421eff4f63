"""Messages out on the Web API: posts (text and buttons, then an image or file through the
files upload v2 flow) and deletions, each paced per channel, and the errors no retry fixes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import blockkit
from adapters.slack.pacing import ChannelPacer
from bot.model.actions import Delete, Message

#: Slack errors that no retry will fix: the outbox stops trying.
PERMANENT = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "user_not_found",
        "user_disabled",
        "cannot_dm_bot",
        "account_inactive",
        "messages_tab_disabled",
        "restricted_action",
        "msg_too_long",
        "invalid_blocks",
    }
)


async def delete(api: AsyncWebClient, pacer: ChannelPacer, action: Delete) -> None:
    """``chat.delete`` (a bot may delete its own messages); one already gone is fine."""
    await pacer.turn(action.channel)
    try:
        await api.chat_delete(channel=action.channel, ts=action.message_id)
    except SlackApiError as error:
        if error.response.get("error") != "message_not_found":
            raise


async def post(
    api: AsyncWebClient,
    pacer: ChannelPacer,
    channel: str,
    message: Message,
    *,
    thread: str | None = None,
) -> str:
    """Post text and buttons, then the image or file (its text as initial comment if
    alone); inside ``thread`` (its parent's ``ts``) when given."""
    await pacer.turn(channel)
    attached = message.image is not None or message.file is not None
    if not attached or message.buttons:
        posted = await api.chat_postMessage(
            channel=channel, thread_ts=thread, **blockkit.message_arguments(message)
        )
        message_id = str(posted["ts"])
        if not attached:
            return message_id
        await pacer.turn(channel)
        await api.files_upload_v2(
            thread_ts=thread, **blockkit.upload_arguments(message, channel, False)
        )
        return message_id
    uploaded = await api.files_upload_v2(
        thread_ts=thread, **blockkit.upload_arguments(message, channel, True)
    )
    return shared_ts(uploaded.get("files") or [], channel)


def shared_ts(files: Sequence[Mapping[str, Any]], channel: str) -> str:
    """The ts of the message sharing an uploaded file, when Slack already says; else its id."""
    for file in files:
        for scope in ("public", "private"):
            shares = ((file.get("shares") or {}).get(scope) or {}).get(channel) or []
            if shares:
                return str(shares[0]["ts"])
    return f"file:{files[0]['id']}" if files else ""
