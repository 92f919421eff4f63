"""Ideas triage: an idea box's ideas with their upvotes, statuses with a note, and merges of
look-alikes compared side by side.

Every change goes through the chat commands' own functions
(:func:`campaigns.ideas.moderation.change_status` for ``/setstatus``, ``merge_ideas`` for
``/merge``): audited as ``web:<platform:id>``, and the author, credited members and upvoters
told privately in their language exactly as from chat, once per status or merge. The
look-alikes suggested are those the chat shows a member submitting an idea (the campaign's
``similarity_threshold``), from this process's index.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.config.model import CampaignConfig
from bot.model.states import IdeaState, IdeaStatus
from campaigns.ideas.common import KIND, settings_of
from campaigns.ideas.moderation import change_status, merge_ideas
from campaigns.ideas.settings import IDEA_STATUSES
from campaigns.ideas.texts import status_label
from storage.ideas.reads import IdeaView, get_idea, ideas_of_round
from storage.ideas.writes import Outcome
from storage.rounds import latest_round
from web.pages.common import back_to, campaign_for, dashboard_of, render, signed_in, translator
from web.pages.review_ideas import indexes_of
from web.people import WebRole
from web.sessions import checked_form

#: The ideas a triage page lists: those members can see, and those a moderator hid.
LISTED = (IdeaState.PUBLISHED, IdeaState.HIDDEN)


@dataclass(frozen=True, slots=True)
class Triaged:
    """An idea on the triage page with the published ideas that look like it."""

    idea: IdeaView
    alike: list[IdeaView]


def routes() -> list[BaseRoute]:
    return [
        Route("/campaigns/{campaign}/ideas", triage_page),
        Route("/campaigns/{campaign}/ideas/{idea:int}/status", set_status, methods=["POST"]),
        Route("/campaigns/{campaign}/ideas/{idea:int}/merge", merge_page),
        Route("/campaigns/{campaign}/ideas/{idea:int}/merge", merge, methods=["POST"]),
    ]


def _idea_box(request: Request) -> CampaignConfig:
    user = signed_in(request)
    campaign, _ = campaign_for(request, user, request.path_params["campaign"], WebRole.MODERATOR)
    if campaign.kind != KIND:
        raise HTTPException(404, "no_page")
    return campaign


async def _idea(request: Request, campaign: CampaignConfig, idea_id: object) -> IdeaView:
    """An idea of this campaign that members have seen.

    Raises:
        HTTPException: 404 for any other.
    """
    try:
        number = int(str(idea_id))
    except ValueError:
        raise HTTPException(404, "no_idea") from None
    idea = await get_idea(dashboard_of(request).runtime.db, number)
    if idea is None or idea.campaign_id != campaign.id or idea.state not in LISTED:
        raise HTTPException(404, "no_idea")
    return idea


async def triage_page(request: Request) -> Response:
    campaign = _idea_box(request)
    runtime = dashboard_of(request).runtime
    round_ = await latest_round(runtime.db, campaign.id)
    listed = [] if round_ is None else await ideas_of_round(runtime.db, round_.id)
    ideas = sorted((i for i in listed if i.state in LISTED), key=lambda i: (-i.upvotes, i.id))
    settings = settings_of(campaign)
    index = await indexes_of(runtime).of(runtime, campaign.id)
    by_id = {idea.id: idea for idea in ideas}
    rows = []
    for idea in ideas:
        found = index.similar(
            f"{idea.title} {idea.body}", settings.similarity_threshold, settings.similar_shown + 1
        )
        alike = [by_id[i] for i, _ in found if i != idea.id and i in by_id]
        rows.append(Triaged(idea, [a for a in alike if a.state == IdeaState.PUBLISHED]))
    t = translator(request)
    statuses = [(status, status_label(t, status)) for status in IDEA_STATUSES]
    return render(request, "triage.html", campaign=campaign, rows=rows, statuses=statuses)


async def set_status(request: Request) -> Response:
    form = await checked_form(request)
    campaign = _idea_box(request)
    idea = await _idea(request, campaign, request.path_params["idea"])
    t = translator(request)
    page = f"/campaigns/{campaign.id}/ideas"
    chosen = str(form.get("status") or "")
    if chosen not in IDEA_STATUSES:
        return back_to(page, t("web.triage.pick_status"), request)
    status = IdeaStatus(chosen)
    note = str(form.get("note") or "").strip()[:500]
    actor = signed_in(request).actor
    result = await change_status(dashboard_of(request).runtime, campaign, idea, status, note, actor)
    label = status_label(t, status)
    if result.outcome is Outcome.UNCHANGED:
        return back_to(page, t("ideas.setstatus.same", number=idea.id, status=label), request)
    if result.outcome is not Outcome.DONE:
        return back_to(page, t("ideas.unknown", number=idea.id), request)
    return back_to(page, t("ideas.setstatus.done", number=idea.id, status=label), request)


async def merge_page(request: Request) -> Response:
    """The two ideas side by side, and a button to merge the first into the second."""
    campaign = _idea_box(request)
    source = await _idea(request, campaign, request.path_params["idea"])
    into = request.query_params.get("into", "").strip().removeprefix("#")
    page = f"/campaigns/{campaign.id}/ideas"
    t = translator(request)
    if not into.isdigit():
        return back_to(page, t("web.triage.pick_target"), request)
    if int(into) == source.id:
        return back_to(page, t("web.triage.merge_itself", number=source.id), request)
    try:
        target = await _idea(request, campaign, into)
    except HTTPException:  # said on the list, where another number can be typed
        return back_to(page, t("web.triage.no_target", number=into), request)
    return render(request, "merge.html", campaign=campaign, source=source, target=target)


async def merge(request: Request) -> Response:
    form = await checked_form(request)
    campaign = _idea_box(request)
    source = await _idea(request, campaign, request.path_params["idea"])
    target = await _idea(request, campaign, form.get("into"))
    runtime = dashboard_of(request).runtime
    t = translator(request)
    actor = signed_in(request).actor
    result = await merge_ideas(runtime, indexes_of(runtime), campaign, source, target, actor)
    page = f"/campaigns/{campaign.id}/ideas"
    if result.outcome is not Outcome.DONE or result.target is None:
        return back_to(page, t("ideas.merge.refused", source=source.id, target=target.id), request)
    said = t(
        "ideas.merge.done",
        source=source.id,
        target=target.id,
        moved=result.moved,
        upvotes=t.number(result.target.upvotes),
    )
    return back_to(page, said, request)
