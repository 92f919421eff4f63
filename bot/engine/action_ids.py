"""Compact, tamper-proof button action ids, bound to the place their message is shown.

A button carries ``verb:arg1:arg2:mac`` where ``mac`` is 8 url-safe base64 characters of an
HMAC-SHA256 keyed by a secret kept in the database. It fits Telegram's 64-byte
``callback_data`` and lets any adapter reject forged or stale presses without storing state.

Campaign code signs buttons without knowing where they will be shown (one message often goes
to every channel of a campaign): :meth:`ActionSigner.sign` gives an *unbound* id. Right before a
message leaves for a platform, :func:`bot.engine.places.bound` re-signs each of its buttons with the
place it is shown in (a channel, or one member's private chat), and a press is verified
against the place it came from. The place is covered by the mac but not written in the id, so
binding costs no byte: a vote button of one campaign copied into another campaign's chat, or
into anybody else's private chat, is refused like any forgery. Unbound ids are never accepted
from a press, so buttons posted before binding existed answer as stale buttons.

``chorus secret rotate`` replaces the secret; buttons signed with the old one keep working for
:data:`ROTATION_GRACE`, then read as stale.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.model.clock import Clock, SystemClock
from bot.model.errors import BadInput

if TYPE_CHECKING:
    from storage.meta import SigningKeys

MAX_LENGTH = 64
#: Separates the id's body from the place in the signed bytes (never part of an id).
_PLACE = "\x00"
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
    def _mac(secret: bytes, body: str, place: str) -> str:
        signed = body if not place else f"{body}{_PLACE}{place}"
        digest = hmac.new(secret, _bytes(signed), hashlib.sha256).digest()
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
        """An unbound action id for ``verb`` with ``args`` (no ``:`` in any part).

        Only :meth:`bind` makes it pressable: campaigns sign, delivery binds.
        """
        parts = [verb, *(str(a) for a in args)]
        if any(":" in part or _PLACE in part or not part for part in parts):
            raise ValueError(f"action parts must be non-empty and free of ':': {parts}")
        body = ":".join(parts)
        action = f"{body}:{self._mac(self._secret, body, '')}"
        if len(action.encode()) > MAX_LENGTH:
            raise ValueError(f"action id longer than {MAX_LENGTH} bytes: {action}")
        return action

    def bind(self, action: str, place: str) -> str:
        """``action`` (an unbound id of ours) re-signed for ``place``; same length.

        Anything else (a bound id, text that is no id of ours) is returned unchanged: it will
        be refused when pressed, as it would have been anyway.
        """
        body = self._genuine_body(action, "", [self._secret])
        if body is None or not place:
            return action
        return f"{body}:{self._mac(self._secret, body, place)}"

    def verify(self, action: str, places: Iterable[str]) -> tuple[str, tuple[str, ...]]:
        """Return ``(verb, args)`` of an action id bound to one of ``places`` (the names of
        the place a press came from).

        Raises:
            BadInput: ``error.stale_button`` when the id was not made by :meth:`bind` for
                one of ``places`` with the current secret, or with the previous one while it
                is still accepted (forged, copied elsewhere, from before binding, or too old).
        """
        secrets = self._accepted()
        found = (self._genuine_body(action, place, secrets) for place in places if place)
        body = next((b for b in found if b is not None), None)
        if body is None:
            raise BadInput("error.stale_button")
        verb, *args = body.split(":")
        return verb, tuple(args)

    def _accepted(self) -> list[bytes]:
        until = self._previous_until
        if self._previous is None or until is None or self._clock.now() >= until:
            return [self._secret]
        return [self._secret, self._previous]

    def _genuine_body(self, action: str, place: str, secrets: Iterable[bytes]) -> str | None:
        body, _, mac = action.rpartition(":")
        if not body:
            return None
        # bytes, not str: compare_digest raises TypeError on non-ASCII text (a forged id)
        given = _bytes(mac)
        if any(hmac.compare_digest(given, _bytes(self._mac(s, body, place))) for s in secrets):
            return body
        return None


def _bytes(text: str) -> bytes:
    """Any text a press may carry as bytes, lone surrogates from JSON escapes included."""
    return text.encode("utf-8", "surrogatepass")
