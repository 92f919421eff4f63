"""The campaigns page, a campaign's page and its live standing (Server-Sent Events)."""

from __future__ import annotations

from collections.abc import AsyncIterator

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from bot.model.states import RoundState
from bot.moderation.fraud import signals_for
from bot.reports.drawing import height
from campaigns.contest.common import settings
from storage.rounds import latest_round
from web.overview import standing, summarise
from web.pages.charts import campaign_charts
from web.pages.common import (
    campaign_for,
    dashboard_of,
    render,
    signed_in,
    translator,
    visible_campaigns,
)
from web.pages.review_ideas import reviews_ideas
from web.people import WebRole

#: A comment line this often keeps proxies from closing a quiet stream.
KEEP_ALIVE_SECONDS = 15.0
STILL_HERE = b": still here\n\n"
CONTROLS = ("open", "close", "extend", "pause", "resume", "cancel")
#: The controls a round in each state takes (the others are not offered).
CONTROLS_IN = {
    RoundState.SCHEDULED: ("open", "cancel"),
    RoundState.OPEN: ("close", "extend", "pause", "cancel"),
    RoundState.PAUSED: ("resume", "close", "extend", "cancel"),
}


def routes() -> list[BaseRoute]:
    return [
        Route("/campaigns", campaigns_page),
        Route("/campaigns/{campaign}", campaign_page),
        Route("/campaigns/{campaign}/live", live_standing),
    ]


async def campaigns_page(request: Request) -> Response:
    user = signed_in(request)
    runtime = dashboard_of(request).runtime
    t = translator(request)
    rows = [
        await summarise(runtime, campaign, role, t)
        for campaign, role in visible_campaigns(request, user)
    ]
    return render(request, "campaigns.html", rows=rows)


async def campaign_page(request: Request) -> Response:
    user = signed_in(request)
    campaign, role = campaign_for(request, user, request.path_params["campaign"])
    runtime = dashboard_of(request).runtime
    t = translator(request)
    summary = await summarise(runtime, campaign, role, t)
    lines = await standing(runtime, campaign, summary.round, role, t)
    # the signals of /status, for the same people: moderators and owners
    can_act = role >= WebRole.MODERATOR
    round_ = await latest_round(runtime.db, campaign.id) if can_act else None
    signals = await signals_for(runtime, campaign, round_) if round_ is not None else []
    zone = campaign.zone(runtime.config.bot)
    return render(
        request,
        "campaign.html",
        summary=summary,
        lines=lines,
        can_act=can_act,
        signals=[
            {"text": s.describe(t, zone), "id": s.id, "members": len(s.members)} for s in signals
        ],
        controls=CONTROLS_IN.get(round_.state, ()) if round_ is not None else (),
        has_review=campaign.kind == "contest" or reviews_ideas(campaign),
        charts=await campaign_charts(runtime, campaign, t),
        chart_height=height,
        has_giveaway=campaign.kind == "contest" and settings(campaign).giveaway,
    )


async def live_standing(request: Request) -> Response:
    """The standing, sent again (as the HTML of its section) when it changes.

    The page only waits on its mailbox in the live feed: the rendering is done once per tick
    for every page showing the same view (:mod:`web.live`), and arrives already encoded.
    """
    user = signed_in(request)
    campaign, role = campaign_for(request, user, request.path_params["campaign"])
    dashboard = dashboard_of(request)
    runtime, feed = dashboard.runtime, dashboard.feed
    t = translator(request)
    template = dashboard.templates.get_template("standing.html")
    round_ = await latest_round(runtime.db, campaign.id)
    round_id = round_.id if round_ is not None else 0

    async def render() -> str:
        summary = await summarise(runtime, campaign, role, t)
        lines = await standing(runtime, campaign, summary.round, role, t)
        return template.render(t=t, lines=lines, summary=summary)

    async def events() -> AsyncIterator[bytes]:
        page = feed.subscribe(round_id, (campaign.id, role >= WebRole.MODERATOR, t.locale), render)
        try:
            while True:
                frame = await page.next(KEEP_ALIVE_SECONDS)
                if page.ended:
                    return
                yield frame or STILL_HERE
        finally:
            feed.unsubscribe(round_id, page)

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
