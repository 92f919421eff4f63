"""The browser's session and the CSRF token of every form.

The session lives in a cookie signed by Starlette's ``SessionMiddleware`` (itsdangerous),
HttpOnly and SameSite=Lax, keyed by a secret derived from the signing secret. It holds the user
(as their login link granted them), when it ends by the injected clock, the language chosen and
a random CSRF token. Every POST must echo that token: :func:`checked_form` refuses it with 403
otherwise, so a page of another site cannot make a signed-in browser act.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime, timedelta

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request

from web.people import WebUser

CSRF_FIELD = "csrf"


def current_user(request: Request, now: datetime) -> WebUser | None:
    """The signed-in user, unless their session ended."""
    session = request.session
    data, until = session.get("user"), session.get("until")
    if not isinstance(data, dict) or not isinstance(until, int | float):
        return None
    if now.timestamp() >= until:
        session.pop("user", None)
        return None
    return WebUser.from_dict(data)


def sign_in(request: Request, user: WebUser, now: datetime, lifetime: timedelta) -> None:
    """Start a fresh session for ``user`` (a new CSRF token: nothing carries over)."""
    lang = request.session.get("lang")
    request.session.clear()
    request.session.update(
        user=user.to_dict(),
        until=(now + lifetime).timestamp(),
        csrf=secrets.token_urlsafe(24),
    )
    if isinstance(lang, str):
        request.session["lang"] = lang


def sign_out(request: Request) -> None:
    """Forget the user (the language choice stays)."""
    lang = request.session.get("lang")
    request.session.clear()
    if isinstance(lang, str):
        request.session["lang"] = lang


def csrf_token(request: Request) -> str:
    """The session's CSRF token (made on first use, before signing in too)."""
    token = request.session.get(CSRF_FIELD)
    if not isinstance(token, str):
        token = request.session[CSRF_FIELD] = secrets.token_urlsafe(24)
    return token


async def checked_form(request: Request) -> FormData:
    """The POSTed form, once its CSRF token matches the session's.

    Raises:
        HTTPException: 403 without the token, or with another one.
    """
    form = await request.form()
    given = form.get(CSRF_FIELD)
    expected = request.session.get(CSRF_FIELD)
    if (
        not isinstance(given, str)
        or not isinstance(expected, str)
        or not hmac.compare_digest(given.encode(), expected.encode())
    ):
        raise HTTPException(403, "csrf")
    return form
