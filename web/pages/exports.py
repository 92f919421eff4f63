"""Exports to download: a campaign's records or participants, CSV or JSON, pseudonymised.

The same tables as ``/export`` and ``chorus export`` (:func:`bot.reports.export.build_export`);
analysts may download them too. Each download is written to the audit log.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.model.errors import NotFound
from bot.reports.export import build_export
from storage.moderation.audit import write_audit
from web.pages.common import campaign_for, dashboard_of, signed_in

TABLES = ("records", "participants")
FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def routes() -> list[BaseRoute]:
    return [Route("/campaigns/{campaign}/export/{table}.{fmt}", download)]


async def download(request: Request) -> Response:
    user = signed_in(request)
    campaign, _ = campaign_for(request, user, request.path_params["campaign"])
    table, fmt = request.path_params["table"], request.path_params["fmt"]
    if table not in TABLES or fmt not in FORMATS:
        raise HTTPException(404, "no_page")
    runtime = dashboard_of(request).runtime
    try:
        text, number = await build_export(runtime.db, campaign, fmt, table=table)
    except NotFound:
        raise HTTPException(404, "no_page") from None
    async with runtime.db.transaction() as conn:
        await write_audit(
            conn,
            at=runtime.clock.now(),
            actor=user.actor,
            campaign_id=campaign.id,
            action="web-export",
            after=f"{table}.{fmt}",
        )
    name = f"{campaign.id}-{table}" + (f"-round{number}" if number else "") + f".{fmt}"
    return Response(
        text,
        media_type=FORMATS[fmt],
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )
