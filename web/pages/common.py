"""What every page needs: the dashboard, the reader's language, who they are, which campaign
they may open, and rendering.

A campaign a user was not granted does not exist for them (404, as for an unknown id); one
they may see but not act on refuses the action (403).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse

from bot.config.model import CampaignConfig
from bot.engine.i18n import LOCALES, Translator, pick_locale
from web.people import WebRole, WebUser
from web.sessions import csrf_token, current_user
from web.state import Dashboard


def dashboard_of(request: Request) -> Dashboard:
    dashboard: Dashboard = request.app.state.dashboard
    return dashboard


def language(request: Request) -> str:
    """``?lang=`` (remembered in the session), else the session's choice, else the browser's
    ``Accept-Language`` in its order of preference, else the bot's language."""
    chosen = request.query_params.get("lang")
    if chosen in LOCALES:
        request.session["lang"] = chosen
        return chosen
    remembered = request.session.get("lang")
    if isinstance(remembered, str) and remembered in LOCALES:
        return remembered
    return pick_locale(
        *_accepted(request.headers.get("accept-language", "")),
        dashboard_of(request).runtime.config.bot.locale,
    )


def _accepted(header: str) -> list[str]:
    """Languages of an ``Accept-Language`` header, most wanted first."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and tag != "*" and quality > 0:
            ranked.append((-quality, position, tag))
    return [tag for _, _, tag in sorted(ranked)]


def translator(request: Request) -> Translator:
    return dashboard_of(request).runtime.catalogs.translator(language(request))


def user_of(request: Request) -> WebUser | None:
    return current_user(request, dashboard_of(request).runtime.clock.now())


def signed_in(request: Request) -> WebUser:
    """The signed-in user.

    Raises:
        HTTPException: 401 (a page that says how to get a login link).
    """
    user = user_of(request)
    if user is None:
        raise HTTPException(401, "signed_out")
    return user


def campaign_for(
    request: Request, user: WebUser, campaign_id: str, needed: WebRole = WebRole.ANALYST
) -> tuple[CampaignConfig, WebRole]:
    """The campaign, if the user may see it, and their role in it.

    Raises:
        HTTPException: 404 when it is unknown or not theirs; 403 when their role is below
            ``needed``.
    """
    campaign = dashboard_of(request).runtime.campaign(campaign_id)
    role = user.role_in(campaign_id)
    if campaign is None or role is None:
        raise HTTPException(404, "no_campaign")
    if role < needed:
        raise HTTPException(403, "read_only")
    return campaign, role


def visible_campaigns(request: Request, user: WebUser) -> list[tuple[CampaignConfig, WebRole]]:
    """The running campaigns the user may see, in config order."""
    runtime = dashboard_of(request).runtime
    return [(c, user.grants[c.id]) for c in runtime.campaigns() if c.id in user.grants]


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page in the reader's language, with what every template uses."""
    t = translator(request)
    base = {
        "t": t,
        "lang": t.locale,
        "user": user_of(request),
        "csrf": csrf_token(request),
        "path": request.url.path,
        "in_language": {code: _in_language(request, code) for code in LOCALES},
        "flash": request.session.pop("flash", None),
    }
    return dashboard_of(request).templates.TemplateResponse(
        request, template, {**base, **context}, status_code=status_code
    )


def _in_language(request: Request, code: str) -> str:
    """This page's address in language ``code``: its other query parameters kept (the idea
    to merge into, the prize to draw again), ``lang`` replaced."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return f"{request.url.path}?{urlencode([*kept, ('lang', code)])}"


def error_page(request: Request, status: int, reason: str) -> HTMLResponse:
    """The page shown for a refusal, in the reader's language."""
    key = (
        reason
        if reason in _REASONS
        else {401: "signed_out", 403: "forbidden"}.get(status, "no_page")
    )
    return render(request, "error.html", status_code=status, reason=key)


_REASONS = {
    "signed_out",
    "no_campaign",
    "read_only",
    "csrf",
    "forbidden",
    "no_page",
    "link_used",
    "link_invalid",
    "no_entry",
    "no_idea",
}


def back_to(url: str, flash: str | None = None, request: Request | None = None) -> RedirectResponse:
    """Redirect after a POST (303: the browser GETs the page), with a message to show there."""
    if flash is not None and request is not None:
        request.session["flash"] = flash
    return RedirectResponse(url, status_code=303)
