"""Signing in with a one-time link, and out.

``GET /login/<token>`` only shows whom the link signs in and a button; pressing it (a POST
with the page's CSRF token) uses the link, once, and opens the session. Each sign-in is
written to the audit log.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from storage.moderation.audit import write_audit
from web.links import read_link, redeem_link
from web.pages.common import back_to, dashboard_of, render, user_of
from web.sessions import checked_form, sign_in, sign_out


def routes() -> list[BaseRoute]:
    return [
        Route("/", home),
        Route("/login/{token}", login_page),
        Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
    ]


async def home(request: Request) -> Response:
    """The campaigns when signed in; otherwise how to get a link."""
    if user_of(request) is not None:
        return back_to("/campaigns")
    return render(request, "home.html")


async def login_page(request: Request) -> Response:
    runtime = dashboard_of(request).runtime
    token = request.path_params["token"]
    found = read_link(runtime, token)
    if found is None or runtime.clock.now() >= found[1]:
        raise HTTPException(403, "link_invalid")
    return render(request, "login.html", token=token, who=found[2].name)


async def login(request: Request) -> Response:
    form = await checked_form(request)
    dashboard = dashboard_of(request)
    runtime = dashboard.runtime
    token = form.get("token")
    user = await redeem_link(runtime, token) if isinstance(token, str) else None
    if user is None:
        raise HTTPException(403, "link_used")
    now = runtime.clock.now()
    sign_in(request, user, now, dashboard.session_lifetime)
    async with runtime.db.transaction() as conn:
        await write_audit(
            conn,
            at=now,
            actor=user.actor,
            campaign_id=None,
            action="web-login",
            after=f"{len(user.grants)} campaigns",
        )
    return back_to("/campaigns")


async def logout(request: Request) -> Response:
    await checked_form(request)
    sign_out(request)
    return back_to("/")
