"""A campaign's charts on its page: participation over time per platform and the funnel.

The same sections as the brand report (:mod:`bot.reports.audience`), drawn by the same
functions: each chart is a PNG served from this site (the page's Content-Security-Policy
allows images from itself only) with its alt text, and its figures are a table beside it.
"""

from __future__ import annotations

import asyncio

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.config.model import CampaignConfig
from bot.engine.i18n import Translator
from bot.engine.runtime import Runtime
from bot.reports.audience import funnel, participation
from bot.reports.drawing import png
from bot.reports.figures import Section
from bot.reports.report import report_scope
from web.pages.common import campaign_for, dashboard_of, signed_in, translator

SLUGS = ("participation", "funnel")


def routes() -> list[BaseRoute]:
    return [Route("/campaigns/{campaign}/charts/{slug}.png", chart_image)]


async def campaign_charts(
    runtime: Runtime, campaign: CampaignConfig, t: Translator
) -> list[Section]:
    """Participation over time per platform, then the funnel, in the reader's language."""
    scope = await report_scope(runtime.db, runtime.config, campaign, t)
    return [participation(scope.audience, t, scope.zone), funnel(scope.audience, t)]


async def chart_image(request: Request) -> Response:
    """One chart of a campaign the user may see, as drawn now."""
    user = signed_in(request)
    campaign, _ = campaign_for(request, user, request.path_params["campaign"])
    slug = request.path_params["slug"]
    if slug not in SLUGS:
        raise HTTPException(404, "no_page")
    runtime = dashboard_of(request).runtime
    sections = await campaign_charts(runtime, campaign, translator(request))
    section = next(s for s in sections if s.slug == slug)
    if section.chart is None:
        raise HTTPException(404, "no_page")
    image = await asyncio.to_thread(png, section, runtime.config.bot.accent_color)
    return Response(image, media_type="image/png", headers={"Cache-Control": "no-store"})
