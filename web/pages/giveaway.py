"""A giveaway on the dashboard: the commitment, the entrants, the draw, the re-draw.

The draw happens when the round closes (the page links to the round's close, which confirms);
a re-draw for a prize whose winner does not claim it goes through ``/redraw``'s own function
(:func:`campaigns.contest.giveaway.redraw`): the next draw number among the entrants not drawn
before, audited as ``web:<platform:id>``, announced in every channel, the new winner told.
The public verification page (:mod:`web.pages.verify`) is linked for anyone to check.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.config.model import CampaignConfig
from bot.model.errors import UserError
from campaigns.contest.awards import round_seed
from campaigns.contest.common import settings
from campaigns.contest.giveaway import redraw
from campaigns.contest.giveaway_draw import frozen_entrants
from campaigns.contest.settings import ContestSettings
from campaigns.shared.draws import commitment
from storage.contest.awards import awards_of, reveal_of
from storage.rounds import latest_round
from web.pages.common import back_to, campaign_for, dashboard_of, render, signed_in, translator
from web.people import WebRole
from web.sessions import checked_form


def routes() -> list[BaseRoute]:
    return [
        Route("/campaigns/{campaign}/giveaway", giveaway_page),
        Route("/campaigns/{campaign}/giveaway/redraw", confirm_redraw),
        Route("/campaigns/{campaign}/giveaway/redraw", redraw_now, methods=["POST"]),
    ]


def is_giveaway(campaign: CampaignConfig) -> bool:
    return campaign.kind == "contest" and settings(campaign).giveaway


def _giveaway(request: Request, needed: WebRole) -> tuple[CampaignConfig, WebRole]:
    user = signed_in(request)
    campaign, role = campaign_for(request, user, request.path_params["campaign"], needed)
    if not is_giveaway(campaign):
        raise HTTPException(404, "no_page")
    return campaign, role


async def giveaway_page(request: Request) -> Response:
    campaign, role = _giveaway(request, WebRole.ANALYST)
    runtime = dashboard_of(request).runtime
    round_ = await latest_round(runtime.db, campaign.id)
    entrants, awards, reveal, promise = [], [], None, None
    if round_ is not None:
        promise = commitment(round_seed(runtime, round_))
        entrants = await frozen_entrants(runtime, round_)
        awards = await awards_of(runtime.db, round_.id)
        reveal = await reveal_of(runtime.db, round_.id)
    return render(
        request,
        "giveaway.html",
        campaign=campaign,
        round=round_,
        commitment=promise,
        entrants=entrants,
        awards=awards,
        reveal=reveal,
        ranks=_ranks(settings(campaign)),
        can_act=role >= WebRole.MODERATOR,
    )


async def _draws(request: Request, campaign: CampaignConfig) -> int:
    """How many draws the latest round has had (a re-draw confirms against it)."""
    db = dashboard_of(request).runtime.db
    round_ = await latest_round(db, campaign.id)
    return 0 if round_ is None else len(await awards_of(db, round_.id))


def _rank(value: object, campaign: CampaignConfig) -> int | None:
    text = str(value or "")
    rank = int(text) if text.isdigit() else 0
    return rank if 1 <= rank <= settings(campaign).winners else None


async def confirm_redraw(request: Request) -> Response:
    campaign, _ = _giveaway(request, WebRole.MODERATOR)
    rank = _rank(request.query_params.get("rank"), campaign)
    if rank is None:
        t = translator(request)
        said = t("contest.draw.rank", count=settings(campaign).winners)
        return back_to(f"/campaigns/{campaign.id}/giveaway", said, request)
    drawn = await _draws(request, campaign)
    return render(request, "redraw.html", campaign=campaign, rank=rank, drawn=drawn)


async def redraw_now(request: Request) -> Response:
    form = await checked_form(request)
    campaign, _ = _giveaway(request, WebRole.MODERATOR)
    t = translator(request)
    page = f"/campaigns/{campaign.id}/giveaway"
    rank = _rank(form.get("rank"), campaign)
    if rank is None:
        return back_to(page, t("contest.draw.rank", count=settings(campaign).winners), request)
    reason = str(form.get("reason") or "").strip()[:300]
    runtime = dashboard_of(request).runtime
    # the draws seen when confirming: a form sent twice draws once
    if str(form.get("drawn")) != str(await _draws(request, campaign)):
        return back_to(page, t("contest.draw.raced"), request)
    try:
        award = await redraw(runtime, campaign, rank, reason, signed_in(request).actor)
    except UserError as refused:
        return back_to(page, t(refused.key, **refused.params), request)
    said = t("contest.draw.redraw_done", rank=rank, winner=award.winner.name)
    return back_to(page, said, request)


def _ranks(contest: ContestSettings) -> list[tuple[int, str]]:
    """Each winner's rank and how the picker shows it: with its prize when it has one."""
    prizes = list(contest.prizes)
    return [
        (rank, f"{rank} — {prizes[rank - 1]}" if rank <= len(prizes) else str(rank))
        for rank in range(1, contest.winners + 1)
    ]
