"""The review queue of a contest: pending (and hidden) entries with their photo, and published
ones members reported (with how many did); approve, or reject (remove) with a reason.

Several entries can be decided at once (ticked boxes and one form): each is decided on its own,
exactly as if its own button were pressed, with its own audit entry and note to its author.

A decision goes through the same functions as the chat's buttons
(:func:`campaigns.contest.review.approve_entry` and ``reject_entry``): the author is told in
chat in their language, the entry is published, the moderators' cards in chat show the
decision, and the audit entry names ``web:<platform:id>``. Photos are served only to the
campaign's moderators, from the media store.
"""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Route

from bot.config.model import CampaignConfig
from bot.model.states import ENTRY_WAITING, EntryState
from campaigns.contest.cards import REASONS
from campaigns.contest.review import (
    PRESET,
    approve_entry,
    close_cards,
    decision_key,
    reject_entry,
)
from storage.contest.entries import EntryView, entries_of, get_entry
from storage.contest.reports import report_counts
from storage.rounds import latest_round
from web.pages.common import back_to, campaign_for, dashboard_of, render, signed_in, translator
from web.pages.review_ideas import queue_page, reviews_ideas
from web.people import WebRole, WebUser
from web.sessions import checked_form

VERDICTS = ("approve", "reject")


def routes() -> list[BaseRoute]:
    return [
        Route("/campaigns/{campaign}/review", review_page),
        Route("/campaigns/{campaign}/review/batch", decide_many, methods=["POST"]),
        Route("/campaigns/{campaign}/review/{entry:int}/{verdict}", decide, methods=["POST"]),
        Route("/media/entries/{entry:int}", entry_photo),
    ]


async def review_page(request: Request) -> Response:
    user = signed_in(request)
    campaign, _ = campaign_for(request, user, request.path_params["campaign"], WebRole.MODERATOR)
    if reviews_ideas(campaign):
        return await queue_page(request, campaign)
    if campaign.kind != "contest":
        raise HTTPException(404, "no_page")
    runtime = dashboard_of(request).runtime
    round_ = await latest_round(runtime.db, campaign.id)
    if round_ is None:
        return render(request, "review.html", campaign=campaign, entries=[], reasons=REASONS)
    reports = await report_counts(runtime.db, round_.id)
    listed = await entries_of(runtime.db, round_.id, (*ENTRY_WAITING, EntryState.APPROVED))
    entries = [e for e in listed if e.state in ENTRY_WAITING or reports.get(e.id, 0) > 0]
    return render(
        request, "review.html", campaign=campaign, entries=entries, reasons=REASONS, reports=reports
    )


async def _entry_of(request: Request, user: WebUser, campaign_id: str) -> EntryView:
    entry = await get_entry(dashboard_of(request).runtime.db, request.path_params["entry"])
    if entry is None or entry.campaign_id != campaign_id:
        raise HTTPException(404, "no_entry")
    return entry


def _reason_in(form: FormData) -> str:
    """The rejection reason of a form: the typed one, else the usual one picked, else ""."""
    preset = str(form.get("preset") or "")
    typed = str(form.get("reason") or "").strip()
    return (typed or (PRESET + preset if preset in REASONS else ""))[:500]


async def _decide_one(
    request: Request, campaign: CampaignConfig, entry: EntryView, verdict: str, reason: str
) -> str:
    """Decide ``entry`` as its chat button would, and say what happened (for the flash)."""
    user = signed_in(request)
    runtime = dashboard_of(request).runtime
    t = translator(request)
    if verdict == "approve":
        after = await approve_entry(runtime, campaign, entry, user.actor)
        key = "contest.review.approved"
    else:
        if not reason:
            return t("web.review.reason_needed", entry=entry.id)
        after = await reject_entry(runtime, campaign, entry, user.actor, reason)
        key = decision_key(entry)
    if after is None:
        state = t(f"contest.state.{entry.state}")
        return t("contest.review.already", entry=entry.id, state=state)
    runtime.participation_changed(after.round_id)
    await close_cards(runtime, after, key, user.name)
    return t(key, entry=entry.id, moderator=user.name)


async def decide(request: Request) -> Response:
    form = await checked_form(request)
    user = signed_in(request)
    campaign, _ = campaign_for(request, user, request.path_params["campaign"], WebRole.MODERATOR)
    entry = await _entry_of(request, user, campaign.id)
    verdict = request.path_params["verdict"]
    if verdict not in VERDICTS:
        raise HTTPException(404, "no_page")
    said = await _decide_one(request, campaign, entry, verdict, _reason_in(form))
    return back_to(f"/campaigns/{campaign.id}/review", said, request)


async def decide_many(request: Request) -> Response:
    """Approve or reject every ticked entry; an entry of another campaign is refused whole."""
    form = await checked_form(request)
    user = signed_in(request)
    campaign, _ = campaign_for(request, user, request.path_params["campaign"], WebRole.MODERATOR)
    page = f"/campaigns/{campaign.id}/review"
    verdict = str(form.get("verdict") or "")
    if verdict not in VERDICTS:
        raise HTTPException(404, "no_page")
    try:
        ids = sorted({int(str(value)) for value in form.getlist("entry")})
    except ValueError:
        raise HTTPException(404, "no_entry") from None
    if not ids:
        return back_to(page, translator(request)("web.review.none_ticked"), request)
    db = dashboard_of(request).runtime.db
    entries = [await get_entry(db, entry_id) for entry_id in ids]
    chosen = [entry for entry in entries if entry is not None and entry.campaign_id == campaign.id]
    if len(chosen) != len(ids):
        raise HTTPException(404, "no_entry")
    reason = _reason_in(form)
    said = [await _decide_one(request, campaign, entry, verdict, reason) for entry in chosen]
    return back_to(page, " ".join(said), request)


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
