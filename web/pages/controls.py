"""Round controls: open, close, extend, pause, resume, cancel — each asks to confirm.

The confirmation page is a GET; the POST it sends acts through the same engine functions as
the chat commands and ``chorus round`` (:mod:`bot.rounds.lifecycle`): one compare-and-set with its
audit entry (actor ``web:<platform:id>``) and its announcements queued in the outbox, so the
results are posted once whoever closes the round. Analysts get 403.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.model.durations import parse_duration
from bot.rounds import lifecycle
from storage.rounds import latest_round
from web.pages.campaigns import CONTROLS
from web.pages.common import back_to, campaign_for, dashboard_of, render, signed_in, translator
from web.people import WebRole
from web.sessions import checked_form


def routes() -> list[BaseRoute]:
    return [
        Route("/campaigns/{campaign}/round/{action}", confirm_page),
        Route("/campaigns/{campaign}/round/{action}", act, methods=["POST"]),
    ]


def _action(request: Request) -> str:
    action = str(request.path_params["action"])
    if action not in CONTROLS:
        raise HTTPException(404, "no_page")
    return action


async def confirm_page(request: Request) -> Response:
    user = signed_in(request)
    action = _action(request)
    campaign, _ = campaign_for(request, user, request.path_params["campaign"], WebRole.MODERATOR)
    round_ = await latest_round(dashboard_of(request).runtime.db, campaign.id)
    seen = round_.closes_at.isoformat() if round_ is not None else ""
    return render(request, "confirm.html", campaign=campaign, action=action, closes=seen)


async def act(request: Request) -> Response:
    form = await checked_form(request)
    user = signed_in(request)
    action = _action(request)
    campaign, _ = campaign_for(request, user, request.path_params["campaign"], WebRole.MODERATOR)
    runtime = dashboard_of(request).runtime
    t = translator(request)
    page = f"/campaigns/{campaign.id}"
    round_ = await latest_round(runtime.db, campaign.id)
    if round_ is None:
        return back_to(page, t("round.none", campaign=campaign.id), request)
    value = str(form.get("value") or "").strip()
    actor = user.actor
    if action == "extend":
        try:
            by = parse_duration(value)
        except ValueError:
            return back_to(request.url.path, t("web.control.extend_usage"), request)
        if str(form.get("closes") or "") != round_.closes_at.isoformat():  # sent again, or late
            zone = campaign.zone(runtime.config.bot)
            moved = t("web.control.moved", closes=t.datetime(round_.closes_at, zone))
            return back_to(page, moved, request)
        done = await lifecycle.extend_round(runtime, round_, actor, by)
    elif action == "cancel":
        if not value:
            return back_to(request.url.path, t("web.control.cancel_usage"), request)
        done = await lifecycle.cancel_round(runtime, round_, actor, value)
    elif action == "close":
        done = await lifecycle.close_round(runtime, round_, actor, reason=value)
    else:
        control = {
            "open": lifecycle.open_round,
            "pause": lifecycle.pause_round,
            "resume": lifecycle.resume_round,
        }[action]
        done = await control(runtime, round_, actor)
    if not done:
        named = t(f"web.control.{action}")
        refused = t("web.control.refused", control=named, state=t(f"state.{round_.state}"))
        return back_to(page, refused, request)
    runtime.participation_changed(round_.id)
    after = await latest_round(runtime.db, campaign.id)
    closes = after.closes_at if after is not None else round_.closes_at
    zone = campaign.zone(runtime.config.bot)
    message = t(f"control.{action}.done", id=campaign.title, closes=t.datetime(closes, zone))
    return back_to(page, message, request)
