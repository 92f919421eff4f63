"""The review queue of a pre-moderated idea box: ideas waiting for a moderator; approve or
reject them, one by one or every ticked one at once.

A decision goes through the same function as the chat's Approve and Reject buttons
(:func:`campaigns.ideas.review.decide_idea`): the author is told in chat in their language,
an approved idea is published in every channel and joins the look-alike index, and the audit
entry names ``web:<platform:id>`` — once per idea, even in a batch.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.config.model import CampaignConfig
from bot.engine.runtime import Runtime
from bot.model.states import IdeaState
from campaigns.ideas import Ideas
from campaigns.ideas.common import KIND, Indexes, settings_of
from campaigns.ideas.review import decide_idea
from storage.ideas.reads import IdeaView, get_idea, ideas_of_round
from storage.rounds import latest_round
from web.pages.common import back_to, campaign_for, dashboard_of, render, signed_in, translator
from web.people import WebRole
from web.sessions import checked_form

VERDICTS = ("approve", "reject")


def routes() -> list[BaseRoute]:
    return [
        Route("/campaigns/{campaign}/review/ideas", decide_many, methods=["POST"]),
        Route("/campaigns/{campaign}/review/idea/{idea:int}/{verdict}", decide, methods=["POST"]),
    ]


def reviews_ideas(campaign: CampaignConfig) -> bool:
    """Whether the campaign is an idea box whose ideas wait for a moderator."""
    return campaign.kind == KIND and settings_of(campaign).moderation == "pre"


def indexes_of(runtime: Runtime) -> Indexes:
    """The look-alike indexes of this process's ideas kind (a fresh, unbuilt one otherwise)."""
    kind = runtime.kinds.get(KIND)
    return kind.indexes if isinstance(kind, Ideas) else Indexes()


async def queue_page(request: Request, campaign: CampaignConfig) -> Response:
    """The pending ideas of the campaign's latest round, oldest first."""
    runtime = dashboard_of(request).runtime
    round_ = await latest_round(runtime.db, campaign.id)
    ideas = [] if round_ is None else await ideas_of_round(runtime.db, round_.id)
    waiting = [idea for idea in ideas if idea.state == IdeaState.PENDING]
    return render(request, "review_ideas.html", campaign=campaign, ideas=waiting)


def _moderated(request: Request) -> CampaignConfig:
    user = signed_in(request)
    campaign, _ = campaign_for(request, user, request.path_params["campaign"], WebRole.MODERATOR)
    if not reviews_ideas(campaign):
        raise HTTPException(404, "no_page")
    return campaign


async def _decide_one(
    request: Request, campaign: CampaignConfig, idea: IdeaView, approve: bool
) -> str:
    """Decide ``idea`` as its chat button would, and say what happened (for the flash)."""
    runtime = dashboard_of(request).runtime
    t = translator(request)
    actor = signed_in(request).actor
    decided = await decide_idea(
        runtime, campaign, idea.id, actor, indexes_of(runtime), approve=approve
    )
    if decided is None:
        return t("ideas.review.already", number=idea.id)
    key = "ideas.review.done_approved" if approve else "ideas.review.done_rejected"
    return t(key, number=idea.id)


async def _ideas_of(request: Request, campaign: CampaignConfig, ids: list[int]) -> list[IdeaView]:
    """The ideas ``ids``, all of ``campaign``; a 404 when any is unknown or of another one."""
    db = dashboard_of(request).runtime.db
    found = [await get_idea(db, idea_id) for idea_id in ids]
    ideas = [idea for idea in found if idea is not None and idea.campaign_id == campaign.id]
    if len(ideas) != len(ids):
        raise HTTPException(404, "no_entry")
    return ideas


async def decide(request: Request) -> Response:
    await checked_form(request)
    campaign = _moderated(request)
    (idea,) = await _ideas_of(request, campaign, [request.path_params["idea"]])
    verdict = request.path_params["verdict"]
    if verdict not in VERDICTS:
        raise HTTPException(404, "no_page")
    said = await _decide_one(request, campaign, idea, verdict == "approve")
    return back_to(f"/campaigns/{campaign.id}/review", said, request)


async def decide_many(request: Request) -> Response:
    """Approve or reject every ticked idea; an idea of another campaign is refused whole."""
    form = await checked_form(request)
    campaign = _moderated(request)
    page = f"/campaigns/{campaign.id}/review"
    verdict = str(form.get("verdict") or "")
    if verdict not in VERDICTS:
        raise HTTPException(404, "no_page")
    try:
        ids = sorted({int(str(value)) for value in form.getlist("idea")})
    except ValueError:
        raise HTTPException(404, "no_entry") from None
    if not ids:
        return back_to(page, translator(request)("web.review.no_idea_ticked"), request)
    ideas = await _ideas_of(request, campaign, ids)
    said = [await _decide_one(request, campaign, idea, verdict == "approve") for idea in ideas]
    return back_to(page, " ".join(said), request)
