"""The dashboard's ASGI application: routes, sessions, templates, security headers.

Why Starlette: a small, typed ASGI toolkit (the one FastAPI is built on) that uvicorn serves in
Chorus's own event loop, so a page calls the same engine functions as a chat command; Jinja2
renders the pages on the server (they work without JavaScript) and the live standing is a
plain ``StreamingResponse`` of Server-Sent Events, read by the browser's own ``EventSource``:
no front-end build step.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.engine.runtime import Runtime
from web.feed import LiveFeed
from web.pages import all_routes
from web.pages.common import error_page
from web.state import Dashboard

HERE = Path(__file__).parent
#: The session cookie's name (one per dashboard; a port suffix would not isolate hosts).
COOKIE = "chorus_session"
_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; "
        b"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders:
    """Adds the headers every answer carries (no framing, no inline script, no referrer: a
    login link's token never leaves in a ``Referer``). Pure ASGI, so streams stay streams."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], *_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


def build_app(runtime: Runtime, feed: LiveFeed) -> Starlette:
    """The dashboard for ``runtime``; ``feed`` wakes its live pages."""
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    dashboard = Dashboard(runtime, feed, templates)
    settings = runtime.config.web
    app = Starlette(
        routes=[
            *all_routes(),
            Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
        ],
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(
                SessionMiddleware,
                secret_key=runtime.signer.derive("web-session").hex(),
                session_cookie=COOKIE,
                max_age=int(timedelta(hours=settings.session_hours).total_seconds()),
                same_site="lax",
                https_only=settings.base_url().startswith("https://"),
            ),
        ],
        exception_handlers={HTTPException: _on_http_error},
    )
    app.state.dashboard = dashboard
    return app


async def _on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return error_page(request, exc.status_code, exc.detail)
