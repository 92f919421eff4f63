"""The review queue of a contest: pending (and hidden) entries with their photo; approve, or
reject with a reason.

A decision goes through the same functions as the chat's buttons
(:func:`campaigns.contest.review.approve_entry` and ``reject_entry``): the author is told in
chat in their language, the entry is published, the moderators' cards in chat show the
decision, and the audit entry names ``web:<platform:id>``. Photos are served only to the
campaign's moderators, from the media store.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Route

from campaigns.contest.cards import REASONS
from campaigns.contest.review import (
    PRESET,
    approve_entry,
    close_cards,
    decision_key,
    reject_entry,
)
from storage.contest.entries import EntryView, entries_of, get_entry
from storage.rounds import latest_round
from web.pages.common import back_to, campaign_for, dashboard_of, render, signed_in, translator
from web.people import WebRole, WebUser
from web.sessions import checked_form

WAITING = ("pending", "hidden")


def routes() -> list[BaseRoute]:
    return [
        Route("/campaigns/{campaign}/review", review_page),
        Route("/campaigns/{campaign}/review/{entry:int}/{verdict}", decide, methods=["POST"]),
        Route("/media/entries/{entry:int}", entry_photo),
    ]


async def review_page(request: Request) -> Response:
    user = signed_in(request)
    campaign, _ = campaign_for(request, user, request.path_params["campaign"], WebRole.MODERATOR)
    if campaign.kind != "contest":
        raise HTTPException(404, "no_page")
    runtime = dashboard_of(request).runtime
    round_ = await latest_round(runtime.db, campaign.id)
    entries = [] if round_ is None else await entries_of(runtime.db, round_.id, WAITING)
    return render(request, "review.html", campaign=campaign, entries=entries, reasons=REASONS)


async def _entry_of(request: Request, user: WebUser, campaign_id: str) -> EntryView:
    entry = await get_entry(dashboard_of(request).runtime.db, request.path_params["entry"])
    if entry is None or entry.campaign_id != campaign_id:
        raise HTTPException(404, "no_entry")
    return entry


async def decide(request: Request) -> Response:
    form = await checked_form(request)
    user = signed_in(request)
    campaign, _ = campaign_for(request, user, request.path_params["campaign"], WebRole.MODERATOR)
    entry = await _entry_of(request, user, campaign.id)
    runtime = dashboard_of(request).runtime
    t = translator(request)
    page = f"/campaigns/{campaign.id}/review"
    verdict = request.path_params["verdict"]
    if verdict == "approve":
        after = await approve_entry(runtime, campaign, entry, user.actor)
        key = "contest.review.approved"
    elif verdict == "reject":
        preset = str(form.get("preset") or "")
        typed = str(form.get("reason") or "").strip()
        reason = typed or (PRESET + preset if preset in REASONS else "")
        if not reason:
            return back_to(page, t("web.review.reason_needed", entry=entry.id), request)
        after = await reject_entry(runtime, campaign, entry, user.actor, reason[:500])
        key = decision_key(entry)
    else:
        raise HTTPException(404, "no_page")
    if after is None:
        state = t(f"contest.state.{entry.state}")
        return back_to(page, t("contest.review.already", entry=entry.id, state=state), request)
    runtime.participation_changed(after.round_id)
    await close_cards(runtime, after, key, user.name)
    return back_to(page, t(key, entry=entry.id, moderator=user.name), request)


async def entry_photo(request: Request) -> Response:
    """An entry's cleaned photo, for the moderators of its campaign only."""
    user = signed_in(request)
    entry = await get_entry(dashboard_of(request).runtime.db, request.path_params["entry"])
    if entry is None or entry.media_path is None:
        raise HTTPException(404, "no_entry")
    campaign_for(request, user, entry.campaign_id, WebRole.MODERATOR)
    path = dashboard_of(request).runtime.config.media_dir() / entry.media_path
    if not path.is_file():
        raise HTTPException(404, "no_entry")
    return FileResponse(path, headers={"Cache-Control": "private, max-age=300"})
