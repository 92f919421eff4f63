"""The dashboard's pages, one module per page or group of actions."""

from __future__ import annotations

from starlette.routing import BaseRoute


def all_routes() -> list[BaseRoute]:
    """Every route of the dashboard."""
    from web.pages import (
        bans,
        campaigns,
        charts,
        controls,
        delivery,
        exports,
        giveaway,
        login,
        review,
        review_ideas,
        triage,
        verify,
    )

    return [
        *login.routes(),
        *campaigns.routes(),
        *charts.routes(),
        *controls.routes(),
        *bans.routes(),
        *review.routes(),
        *review_ideas.routes(),
        *triage.routes(),
        *giveaway.routes(),
        *verify.routes(),
        *exports.routes(),
        *delivery.routes(),
    ]
