"""Compact, tamper-proof button action ids.

A button carries ``verb:arg1:arg2:mac`` where ``mac`` is 8 url-safe base64 characters of an
HMAC-SHA256 over the rest, keyed by a secret kept in the database. It fits Telegram's 64-byte
``callback_data`` and lets any adapter reject forged or stale presses without storing state.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from bot.errors import BadInput

MAX_LENGTH = 64


class ActionSigner:
    """Signs and verifies action ids with one secret."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _mac(self, body: str) -> str:
        digest = hmac.new(self._secret, body.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:6]).decode()

    def derive(self, purpose: str) -> bytes:
        """A 32-byte secret for ``purpose``, derived from the signing secret (HMAC-SHA256).

        Lets the core commit to a secret (e.g. a giveaway seed) without storing it first: the
        same purpose gives the same bytes in every process sharing the database, and knowing
        one derived value tells nothing about the signing secret or any other purpose's value.
        """
        return hmac.new(self._secret, b"derive:" + purpose.encode(), hashlib.sha256).digest()

    def sign(self, verb: str, *args: object) -> str:
        """An action id for ``verb`` with ``args`` (no ``:`` allowed in any part)."""
        parts = [verb, *(str(a) for a in args)]
        if any(":" in part or not part for part in parts):
            raise ValueError(f"action parts must be non-empty and free of ':': {parts}")
        body = ":".join(parts)
        action = f"{body}:{self._mac(body)}"
        if len(action.encode()) > MAX_LENGTH:
            raise ValueError(f"action id longer than {MAX_LENGTH} bytes: {action}")
        return action

    def verify(self, action: str) -> tuple[str, tuple[str, ...]]:
        """Return ``(verb, args)`` of a genuine action id.

        Raises:
            BadInput: when the id was not made by :meth:`sign` with this secret.
        """
        body, _, mac = action.rpartition(":")
        if not body or not hmac.compare_digest(mac, self._mac(body)):
            raise BadInput("error.stale_button")
        verb, *args = body.split(":")
        return verb, tuple(args)
