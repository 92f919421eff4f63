"""Banning from a fraud signal: the accounts behind a signal, a confirmation, the ban.

The campaign page offers, beside each signal that names accounts, a button to ban them; the
confirmation page lists them (each can be unticked) with the reason the members will read,
and its POST bans each ticked one through the chat's own ban
(:func:`bot.moderation.moderation.ban_member`): the ban and its audit entry naming
``web:<platform:id>``, the live standing refreshed, each member told privately exactly as after
``/ban``. Only accounts of a signal the round shows now can be banned here.
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.config.model import CampaignConfig
from bot.moderation.fraud import Signal, signals_for
from bot.moderation.moderation import ban_member
from storage.rounds import latest_round
from web.pages.common import back_to, campaign_for, dashboard_of, render, signed_in, translator
from web.people import WebRole
from web.sessions import checked_form


def routes() -> list[BaseRoute]:
    return [
        Route("/campaigns/{campaign}/ban", confirm_page),
        Route("/campaigns/{campaign}/ban", ban, methods=["POST"]),
    ]


async def _signal(request: Request, campaign: CampaignConfig, signal_id: str) -> Signal | None:
    """The round's signal with that id, while it still names accounts."""
    runtime = dashboard_of(request).runtime
    round_ = await latest_round(runtime.db, campaign.id)
    if round_ is None:
        return None
    found = [s for s in await signals_for(runtime, campaign, round_) if s.id == signal_id]
    return found[0] if found and found[0].members else None


async def confirm_page(request: Request) -> Response:
    user = signed_in(request)
    campaign, _ = campaign_for(request, user, request.path_params["campaign"], WebRole.MODERATOR)
    signal = await _signal(request, campaign, request.query_params.get("signal", ""))
    if signal is None:
        return back_to(f"/campaigns/{campaign.id}", translator(request)("web.ban.gone"), request)
    t = translator(request)
    members = [m for m in signal.members if m != user.key]
    # what the members will read: the campaign's language, and nothing of how they were found
    told = dashboard_of(request).runtime.translator(campaign)
    return render(
        request,
        "ban.html",
        campaign=campaign,
        signal=signal,
        found=signal.describe(t, campaign.zone(dashboard_of(request).runtime.config.bot)),
        reason=told("web.ban.default_reason"),
        members=members,
    )


async def ban(request: Request) -> Response:
    form = await checked_form(request)
    user = signed_in(request)
    campaign, _ = campaign_for(request, user, request.path_params["campaign"], WebRole.MODERATOR)
    t = translator(request)
    page = f"/campaigns/{campaign.id}"
    signal = await _signal(request, campaign, str(form.get("signal") or ""))
    if signal is None:
        return back_to(page, t("web.ban.gone"), request)
    chosen = sorted({str(value) for value in form.getlist("member")})
    if any(member not in signal.members for member in chosen):
        raise HTTPException(404, "no_page")
    chosen = [member for member in chosen if member != user.key]
    reason = str(form.get("reason") or "").strip()
    if not chosen or not reason:
        again = f"{page}/ban?" + urlencode({"signal": signal.id})
        return back_to(again, t("web.ban.usage"), request)
    runtime = dashboard_of(request).runtime
    banned = 0
    for member in chosen:
        request_key = f"web:{user.key}:{campaign.id}:{member}:{signal.id}"
        if await ban_member(runtime, campaign, member, reason, user.actor, request_key):
            banned += 1
    return back_to(page, t("web.ban.done", count=banned, campaign=campaign.title), request)
