"""Submitting an idea: similar ideas first, then publish.

``/idea [campaign] <text>`` checks the campaign's published ideas for look-alikes. With none,
the idea is published at once in every channel of the campaign. With some, it is kept as a
draft and the member sees them, each with "upvote this one instead", plus "mine is different"
which publishes the draft (under pre-moderation: sends it to the moderators, see
:mod:`.review`). The idea, the delivery and the messages that follow are written in one
transaction, so a re-delivered command or press has one effect.
"""

from __future__ import annotations

from bot.config.model import CampaignConfig
from bot.engine.context import Context
from bot.engine.i18n import defuse
from bot.engine.runtime import Runtime
from bot.model.actions import Button, Message
from bot.model.errors import BadInput, NotAllowed, RoundNotOpen
from bot.model.events import Event
from bot.model.states import IdeaState
from campaigns.ideas.cards import publisher
from campaigns.ideas.common import (
    Indexes,
    args_of,
    delivery_of,
    ideas_campaign,
    member_of,
    settings_of,
)
from campaigns.ideas.pictures import picture_of
from campaigns.ideas.review import ReviewCards
from campaigns.ideas.texts import parse_idea
from storage.ideas.reads import IdeaView, get_idea
from storage.ideas.writes import Announce, Outcome, Submission, confirm_draft, submit

CONFIRM = "ic"
INSTEAD = "ii"


class Submissions:
    """The ``/idea`` command and the two buttons of the similar-ideas answer."""

    def __init__(self, indexes: Indexes) -> None:
        self.indexes = indexes

    async def command(self, event: Event, ctx: Context) -> None:
        campaign, rest = await ideas_campaign(ctx, "idea", args_of(event))
        await ctx.require_participant(campaign)
        settings = settings_of(campaign)
        draft = parse_idea(" ".join(rest), settings)
        picture = await picture_of(event, ctx, settings)
        index = await self.indexes.of(ctx.runtime, campaign.id)
        similar = index.similar(draft.text, settings.similarity_threshold, settings.similar_shown)
        alike = [idea for idea in [await get_idea(ctx.runtime.db, i) for i, _ in similar] if idea]
        alike = [idea for idea in alike if idea.state == IdeaState.PUBLISHED]
        result = await submit(
            ctx.runtime.db,
            delivery_of(event, ctx),
            Submission(
                campaign.id,
                member_of(event),
                draft.title,
                draft.body,
                event.chat.key,
                not alike,
                picture,
                reviewed=_reviewed(campaign),
            ),
            follow_up(ctx.runtime, campaign),
        )
        if result.outcome is Outcome.DUPLICATE:
            return
        if result.outcome is Outcome.CLOSED or result.idea is None:
            raise RoundNotOpen("ideas.round_closed")
        if alike:
            await ctx.reply(self._alike(ctx, campaign, result.idea, alike))
            return
        await self._settled(ctx, result.idea)

    def _alike(
        self, ctx: Context, campaign: CampaignConfig, draft: IdeaView, alike: list[IdeaView]
    ) -> Message:
        signer = ctx.runtime.signer
        lines = [ctx.t("ideas.similar.title")]
        buttons = []
        for idea in alike:
            lines.append(
                ctx.t(
                    "ideas.similar.line",
                    number=idea.id,
                    title=defuse(idea.title),
                    upvotes=ctx.t.number(idea.upvotes),
                )
            )
            buttons.append(
                Button(
                    ctx.t("ideas.button.instead", number=idea.id),
                    signer.sign(INSTEAD, draft.id, idea.id),
                )
            )
        lines.append(ctx.t("ideas.similar.choose"))
        buttons.append(Button(ctx.t("ideas.button.different"), signer.sign(CONFIRM, draft.id)))
        return Message("\n".join(lines), tuple(buttons))

    async def _settled(self, ctx: Context, idea: IdeaView, *, prompted: bool = False) -> None:
        """Tell the author where their idea stands (``prompted``: in place of the look-alike
        prompt they answered, whose buttons go)."""
        if idea.state == IdeaState.PENDING:
            text = ctx.t("ideas.pending", number=idea.id, title=defuse(idea.title))
            await ctx.reply(text, replace=prompted)
            return
        await self.indexes.published(ctx.runtime, idea)
        ctx.runtime.participation_changed(idea.round_id)
        text = ctx.t("ideas.published", number=idea.id, title=defuse(idea.title))
        await ctx.reply(text, replace=prompted)

    async def confirm(self, event: Event, ctx: Context) -> None:
        """ "Mine is different": publish the draft."""
        draft_id = _one_number(ctx.action_args)
        draft = await get_idea(ctx.runtime.db, draft_id)
        campaign = ctx.runtime.campaign(draft.campaign_id) if draft is not None else None
        if draft is None or campaign is None:
            raise BadInput("error.stale_button")
        result = await confirm_draft(
            ctx.runtime.db,
            delivery_of(event, ctx),
            draft_id,
            member_of(event),
            follow_up(ctx.runtime, campaign),
            reviewed=_reviewed(campaign),
        )
        if result.outcome is Outcome.DUPLICATE:
            return
        if result.outcome is Outcome.NOT_YOURS:
            raise NotAllowed("ideas.not_your_draft")
        if result.outcome is Outcome.CLOSED:
            raise RoundNotOpen("ideas.round_closed")
        if result.outcome is Outcome.DONE and result.idea is not None:
            await self._settled(ctx, result.idea, prompted=True)
            return
        raise BadInput("ideas.draft_settled", number=draft_id)


def _reviewed(campaign: CampaignConfig) -> bool:
    return settings_of(campaign).moderation == "pre"


def follow_up(runtime: Runtime, campaign: CampaignConfig) -> Announce:
    """What a submission leads to: the review card (pre-moderation) or the publication."""
    if _reviewed(campaign):
        return ReviewCards(runtime, campaign)
    return publisher(runtime, campaign)


def _one_number(args: tuple[str, ...]) -> int:
    try:
        (value,) = (int(a) for a in args)
    except ValueError:
        raise BadInput("error.stale_button") from None
    return value
