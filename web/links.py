"""One-time login links: short-lived, single use, signed, rate-limited per member.

A link is ``<public url>/login/<token>``; the token is the signed payload (the user, the
campaigns granted, the expiry, a random nonce), signed with a secret derived from the
button-signing secret (:meth:`bot.engine.action_ids.ActionSigner.derive`), so every process sharing
the database accepts it and nobody can forge one. Its nonce is recorded when issued and marked
used when redeemed (:mod:`storage.web_logins`): a second use is refused, even after a restart.
Opening the link only shows a "sign in" button; the link is used when it is pressed, so a chat
platform fetching the URL for a preview does not burn it.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from itsdangerous import BadSignature, URLSafeSerializer

from bot.engine.runtime import Runtime
from bot.model.errors import BadInput
from storage.web_logins import links_issued_since, purge_links, record_link, use_link
from web.people import WebUser

#: Long enough to switch from the chat to a browser, short enough that a leaked link is stale.
LINK_LIFETIME = timedelta(minutes=10)
#: Links a member may ask for within one :data:`LINK_LIFETIME`.
LINKS_PER_WINDOW = 5
_SALT = "chorus-web-login"


def _serializer(runtime: Runtime) -> URLSafeSerializer:
    return URLSafeSerializer(runtime.signer.derive("web-login"), salt=_SALT)


def _hash(runtime: Runtime, text: str) -> str:
    """A keyed hash: the table cannot be matched to a member without the secret."""
    key = runtime.signer.derive("web-login-hash")
    return hashlib.blake2b(text.encode(), key=key, digest_size=32).hexdigest()


async def issue_link(runtime: Runtime, user: WebUser) -> str:
    """A fresh login link for ``user``.

    Raises:
        BadInput: ``web.link.too_many`` when the member asked for too many links lately.
    """
    now = runtime.clock.now()
    member = _hash(runtime, user.key)
    if await links_issued_since(runtime.db, member, now - LINK_LIFETIME) >= LINKS_PER_WINDOW:
        raise BadInput("web.link.too_many", minutes=int(LINK_LIFETIME.total_seconds() // 60))
    nonce = secrets.token_urlsafe(18)
    expires = now + LINK_LIFETIME
    await record_link(runtime.db, _hash(runtime, nonce), member, now, expires)
    payload = {"n": nonce, "x": expires.timestamp(), "u": user.to_dict()}
    token = _serializer(runtime).dumps(payload)
    return f"{runtime.config.web.base_url()}/login/{token}"


def read_link(runtime: Runtime, token: str) -> tuple[str, datetime, WebUser] | None:
    """The nonce, expiry and user a token carries, if we signed it (used or not)."""
    try:
        payload = _serializer(runtime).loads(token)
    except BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    nonce, expires, data = payload.get("n"), payload.get("x"), payload.get("u")
    if not isinstance(nonce, str) or not isinstance(expires, int | float):
        return None
    user = WebUser.from_dict(data) if isinstance(data, dict) else None
    if user is None:
        return None
    return nonce, datetime.fromtimestamp(expires, tz=UTC), user


async def redeem_link(runtime: Runtime, token: str) -> WebUser | None:
    """The user the link signs in, once; None when it is forged, expired or already used."""
    found = read_link(runtime, token)
    if found is None:
        return None
    nonce, expires, user = found
    now = runtime.clock.now()
    if now >= expires:
        return None
    if not await use_link(runtime.db, _hash(runtime, nonce), now):
        return None
    return user


async def purge_stale_links(runtime: Runtime) -> int:
    """A scheduler chore: forget links expired for a day (they can open nothing)."""
    return await purge_links(runtime.db, runtime.clock.now() - timedelta(days=1))
