"""The delivery health page: what waits in the outbox per platform, what was given up on.

A user sees the messages of the campaigns granted to them; the messages of no campaign
(moderators' alerts, ban notices, exports and privacy answers sent privately) only the bot's
owners see.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from storage.delivery.outbox_health import delivery_health
from web.pages.common import dashboard_of, render, signed_in, translator, visible_campaigns


def routes() -> list[BaseRoute]:
    return [Route("/delivery", delivery_page)]


async def delivery_page(request: Request) -> Response:
    user = signed_in(request)
    runtime = dashboard_of(request).runtime
    campaigns = [campaign.id for campaign, _ in visible_campaigns(request, user)]
    health = await delivery_health(
        runtime.db, campaigns, without_round=user.key in runtime.config.bot.owners
    )
    t = translator(request)
    zone = ZoneInfo(runtime.config.bot.timezone)
    return render(
        request,
        "delivery.html",
        health=health,
        when=lambda moment: t.datetime(moment, zone),
    )
