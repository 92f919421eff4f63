"""Compact, tamper-proof button action ids.

A button carries ``verb:arg1:arg2:mac`` where ``mac`` is 8 url-safe base64 characters of an
HMAC-SHA256 over the rest, keyed by a secret kept in the database. It fits Telegram's 64-byte
``callback_data`` and lets any adapter reject forged or stale presses without storing state.
``chorus secret rotate`` replaces the secret; buttons signed with the old one keep working for
:data:`ROTATION_GRACE`, then read as stale.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.clock import Clock, SystemClock
from bot.errors import BadInput

if TYPE_CHECKING:
    from storage.meta import SigningKeys

MAX_LENGTH = 64


#: How long buttons signed with a replaced secret keep working after ``chorus secret rotate``:
#: a week covers the posts members still scroll to, while a leaked secret soon stops counting.
ROTATION_GRACE = timedelta(days=7)


class ActionSigner:
    """Signs action ids with the current secret; verifies them with it, or with the secret it
    replaced until ``previous_until`` (by ``clock``)."""

    def __init__(
        self,
        secret: bytes,
        *,
        previous: bytes | None = None,
        previous_until: datetime | None = None,
        derivation: bytes | None = None,
        clock: Clock | None = None,
    ) -> None:
        self._secret = secret
        self._previous = previous if previous_until is not None else None
        self._previous_until = previous_until
        self._derivation = derivation or secret
        self._clock = clock or SystemClock()

    @classmethod
    def from_keys(cls, keys: SigningKeys, clock: Clock) -> ActionSigner:
        """The signer for the database's keys (see :func:`storage.meta.signing_keys`)."""
        return cls(
            keys.current,
            previous=keys.previous,
            previous_until=keys.previous_until,
            derivation=keys.derivation,
            clock=clock,
        )

    @staticmethod
    def _mac(secret: bytes, body: str) -> str:
        digest = hmac.new(secret, body.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:6]).decode()

    def derive(self, purpose: str) -> bytes:
        """A 32-byte secret for ``purpose``, derived from the signing secret (HMAC-SHA256).

        Lets the core commit to a secret (e.g. a giveaway seed) without storing it first: the
        same purpose gives the same bytes in every process sharing the database, and knowing
        one derived value tells nothing about the signing secret or any other purpose's value.
        Rotating the signing secret does not change it (commitments already published stay
        verifiable): it is keyed by the first signing secret.
        """
        return hmac.new(self._derivation, b"derive:" + purpose.encode(), hashlib.sha256).digest()

    def sign(self, verb: str, *args: object) -> str:
        """An action id for ``verb`` with ``args`` (no ``:`` allowed in any part)."""
        parts = [verb, *(str(a) for a in args)]
        if any(":" in part or not part for part in parts):
            raise ValueError(f"action parts must be non-empty and free of ':': {parts}")
        body = ":".join(parts)
        action = f"{body}:{self._mac(self._secret, body)}"
        if len(action.encode()) > MAX_LENGTH:
            raise ValueError(f"action id longer than {MAX_LENGTH} bytes: {action}")
        return action

    def verify(self, action: str) -> tuple[str, tuple[str, ...]]:
        """Return ``(verb, args)`` of a genuine action id.

        Raises:
            BadInput: when the id was not made by :meth:`sign` with the current secret, nor
                with the previous one while it is still accepted.
        """
        body, _, mac = action.rpartition(":")
        if not body or not any(
            hmac.compare_digest(mac, self._mac(secret, body)) for secret in self._accepted()
        ):
            raise BadInput("error.stale_button")
        verb, *args = body.split(":")
        return verb, tuple(args)

    def _accepted(self) -> list[bytes]:
        until = self._previous_until
        if self._previous is None or until is None or self._clock.now() >= until:
            return [self._secret]
        return [self._secret, self._previous]
