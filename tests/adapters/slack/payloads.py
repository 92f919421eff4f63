"""Slack payloads as Slack sends them (trimmed to the fields Bolt and Chorus read), and the two
ways the emulator delivers them: Socket Mode envelopes or signed HTTP requests."""

from __future__ import annotations

import itertools
import json
from typing import Any, Protocol

from tests.adapters.slack.emulator import SlackEmulator, form_body, interaction_body, typed

TEAM = {"id": "T0CHORUS", "domain": "chorus-test"}
_ids = itertools.count(1)


def _next() -> int:
    return next(_ids)


def slash_command(
    emulator: SlackEmulator, user: str, channel: str, text: str, *, trigger_id: str | None = None
) -> dict[str, str]:
    """``/chorus text``, ``text`` as the member typed it (sent encoded, as Slack does)."""
    n = _next()
    return {
        "token": "legacy-verification-token",
        "team_id": TEAM["id"],
        "team_domain": TEAM["domain"],
        "channel_id": channel,
        "channel_name": "general",
        "user_id": user,
        "user_name": user.lower(),
        "command": "/chorus",
        "text": typed(text),
        "api_app_id": "A0CHORUS",
        "is_enterprise_install": "false",
        "response_url": emulator.response_url(),
        "trigger_id": trigger_id or f"{n}.{n}.trigger{n:06d}",
    }


def block_actions(
    user: str,
    channel: str,
    message_ts: str,
    value: str,
    *,
    action_id: str | None = None,
    action_ts: str | None = None,
    response_url: str | None = None,
    thread_ts: str | None = None,
) -> dict[str, Any]:
    """A press on a button of the message ``message_ts``; ``thread_ts`` when that message
    is a reply inside a thread (Slack names the thread's parent in the container and the
    message)."""
    n = _next()
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM["id"]},
        "api_app_id": "A0CHORUS",
        "token": "legacy-verification-token",
        "container": {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": channel,
            "is_ephemeral": False,
        },
        "trigger_id": f"{n}.{n}.press{n:06d}",
        "team": TEAM,
        "channel": {"id": channel, "name": "general"},
        "message": {"type": "message", "ts": message_ts, "text": "poll"},
        "response_url": response_url or f"https://hooks.invalid/actions/{n}",
        "actions": [
            {
                "type": "button",
                "block_id": "chorus-buttons-0",
                "action_id": action_id or value,
                "value": value,
                "text": {"type": "plain_text", "text": "option"},
                "action_ts": action_ts or f"1800000000.{n:06d}",
            }
        ],
    }
    if thread_ts is not None:
        payload["container"]["thread_ts"] = thread_ts
        payload["message"]["thread_ts"] = thread_ts
    return payload


def view_submission(
    user: str, view: dict[str, Any], values: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """The submission of an opened modal; ``values`` is ``{block_id: {action_id: value}}``."""
    return {
        "type": "view_submission",
        "team": TEAM,
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM["id"]},
        "api_app_id": "A0CHORUS",
        "token": "legacy-verification-token",
        "trigger_id": f"{_next()}.view",
        "view": {**view, "state": {"values": values}},
        "response_urls": [],
    }


def message_event(user: str, channel: str, text: str, *, event_id: str) -> dict[str, Any]:
    """A member's message, ``text`` as typed (sent encoded, as Slack does)."""
    return {
        "token": "legacy-verification-token",
        "team_id": TEAM["id"],
        "api_app_id": "A0CHORUS",
        "event": {
            "type": "message",
            "channel": channel,
            "channel_type": "im",
            "user": user,
            "text": typed(text),
            "ts": f"1800000000.{_next():06d}",
        },
        "type": "event_callback",
        "event_id": event_id,
        "event_time": 1800000000,
        "authorizations": [{"team_id": TEAM["id"], "user_id": "UCHORUS", "is_bot": True}],
    }


class Delivery(Protocol):
    """How the emulator hands a payload to the adapter; each call returns once Slack would
    have its acknowledgement, with the HTTP status (200 for a Socket Mode ack)."""

    async def command(self, form: dict[str, str]) -> int: ...

    async def interaction(self, payload: dict[str, Any], retry: int | None = None) -> int: ...

    async def event(self, body: dict[str, Any], retry: int | None = None) -> int: ...


class SocketDelivery:
    def __init__(self, emulator: SlackEmulator) -> None:
        self.emulator = emulator

    async def command(self, form: dict[str, str]) -> int:
        await self.emulator.envelope("slash_commands", form)
        return 200

    async def interaction(self, payload: dict[str, Any], retry: int | None = None) -> int:
        await self.emulator.envelope("interactive", payload, retry_attempt=retry)
        return 200

    async def event(self, body: dict[str, Any], retry: int | None = None) -> int:
        await self.emulator.envelope("events_api", body, retry_attempt=retry)
        return 200


class HttpDelivery:
    def __init__(self, emulator: SlackEmulator, url: str) -> None:
        self.emulator = emulator
        self.url = url

    @staticmethod
    def _retry(retry: int | None) -> dict[str, str]:
        if retry is None:
            return {}
        return {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}

    async def command(self, form: dict[str, str]) -> int:
        status, _ = await self.emulator.post_signed(
            self.url, form_body(form), "application/x-www-form-urlencoded"
        )
        return status

    async def interaction(self, payload: dict[str, Any], retry: int | None = None) -> int:
        status, _ = await self.emulator.post_signed(
            self.url,
            interaction_body(self.emulator.minted(payload)),
            "application/x-www-form-urlencoded",
            headers=self._retry(retry),
        )
        return status

    async def event(self, body: dict[str, Any], retry: int | None = None) -> int:
        status, _ = await self.emulator.post_signed(
            self.url, json.dumps(body), "application/json", headers=self._retry(retry)
        )
        return status
