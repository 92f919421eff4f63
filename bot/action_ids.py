"""Compact, tamper-proof button action ids, bound to the place their message is shown.

A button carries ``verb:arg1:arg2:mac`` where ``mac`` is 8 url-safe base64 characters of an
HMAC-SHA256 keyed by a secret kept in the database. It fits Telegram's 64-byte
``callback_data`` and lets any adapter reject forged or stale presses without storing state.

Campaign code signs buttons without knowing where they will be shown (one message often goes
to every channel of a campaign): :meth:`ActionSigner.sign` gives an *unbound* id. Right before a
message leaves for a platform, :func:`bot.places.bound` re-signs each of its buttons with the
place it is shown in (a channel, or one member's private chat), and a press is verified
against the place it came from. The place is covered by the mac but not written in the id, so
binding costs no byte: a vote button of one campaign copied into another campaign's chat, or
into anybody else's private chat, is refused like any forgery. Unbound ids are never accepted
from a press, so buttons posted before binding existed answer as stale buttons.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable

from bot.errors import BadInput

MAX_LENGTH = 64
#: Separates the id's body from the place in the signed bytes (never part of an id).
_PLACE = "\x00"


class ActionSigner:
    """Signs and verifies action ids with one secret."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _mac(self, body: str, place: str) -> str:
        signed = body if not place else f"{body}{_PLACE}{place}"
        digest = hmac.new(self._secret, _bytes(signed), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:6]).decode()

    def derive(self, purpose: str) -> bytes:
        """A 32-byte secret for ``purpose``, derived from the signing secret (HMAC-SHA256).

        Lets the core commit to a secret (e.g. a giveaway seed) without storing it first: the
        same purpose gives the same bytes in every process sharing the database, and knowing
        one derived value tells nothing about the signing secret or any other purpose's value.
        """
        return hmac.new(self._secret, b"derive:" + purpose.encode(), hashlib.sha256).digest()

    def sign(self, verb: str, *args: object) -> str:
        """An unbound action id for ``verb`` with ``args`` (no ``:`` in any part).

        Only :meth:`bind` makes it pressable: campaigns sign, delivery binds.
        """
        parts = [verb, *(str(a) for a in args)]
        if any(":" in part or _PLACE in part or not part for part in parts):
            raise ValueError(f"action parts must be non-empty and free of ':': {parts}")
        body = ":".join(parts)
        action = f"{body}:{self._mac(body, '')}"
        if len(action.encode()) > MAX_LENGTH:
            raise ValueError(f"action id longer than {MAX_LENGTH} bytes: {action}")
        return action

    def bind(self, action: str, place: str) -> str:
        """``action`` (an unbound id of ours) re-signed for ``place``; same length.

        Anything else (a bound id, text that is no id of ours) is returned unchanged: it will
        be refused when pressed, as it would have been anyway.
        """
        body = self._genuine_body(action, "")
        if body is None or not place:
            return action
        return f"{body}:{self._mac(body, place)}"

    def verify(self, action: str, places: Iterable[str]) -> tuple[str, tuple[str, ...]]:
        """Return ``(verb, args)`` of an action id bound to one of ``places`` (the names of
        the place a press came from).

        Raises:
            BadInput: ``error.stale_button`` when the id was not made by :meth:`bind` for
                one of ``places`` with this secret (forged, copied elsewhere, or from before
                binding).
        """
        found = (self._genuine_body(action, place) for place in places if place)
        body = next((b for b in found if b is not None), None)
        if body is None:
            raise BadInput("error.stale_button")
        verb, *args = body.split(":")
        return verb, tuple(args)

    def _genuine_body(self, action: str, place: str) -> str | None:
        body, _, mac = action.rpartition(":")
        # bytes, not str: compare_digest raises TypeError on non-ASCII text (a forged id)
        if not body or not hmac.compare_digest(_bytes(mac), _bytes(self._mac(body, place))):
            return None
        return body


def _bytes(text: str) -> bytes:
    """Any text a press may carry as bytes, lone surrogates from JSON escapes included."""
    return text.encode("utf-8", "surrogatepass")
