"""Pre-moderation (``moderation = "pre"``): an idea waits for a moderator before anyone sees it.

Its review card goes to ``moderators_channel`` — the same moderators' channel contests use —
or, without one, privately to every moderator listed in the config, with Approve and Reject
buttons. The first decision wins (a compare-and-set on the idea's state): Approve publishes the
idea in every channel of the campaign, Reject leaves it unseen; either way the author is told
privately, in their language, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.config.model import CampaignConfig
from bot.engine.context import Context
from bot.engine.i18n import defuse
from bot.engine.runtime import Runtime
from bot.model.actions import Button, Message
from bot.model.errors import BadInput
from bot.model.events import Event
from bot.model.members import Member
from bot.model.states import IdeaState
from campaigns.ideas.cards import publisher
from campaigns.ideas.common import Indexes, idea_of_any
from campaigns.ideas.texts import card
from storage.delivery.outbox import OutboxItem
from storage.ideas.moderation import Moderation, review
from storage.ideas.reads import IdeaView
from storage.ideas.writes import Outcome

APPROVE = "ia"
REJECT = "ir"


def review_channels(runtime: Runtime, campaign: CampaignConfig) -> list[str]:
    """Where review cards go: the moderators' channel (the campaign's, else the ideas
    section's), else each listed moderator privately."""
    channel = campaign.moderators_place()
    if channel is not None:
        return [channel]
    listed = dict.fromkeys([*campaign.moderators, *runtime.config.bot.moderators])
    return [f"{member.split(':', 1)[0]}:dm:{member.split(':', 1)[1]}" for member in listed]


class ReviewCards:
    """Builds the review card of a pending idea, in the campaign's language."""

    def __init__(self, runtime: Runtime, campaign: CampaignConfig) -> None:
        self.runtime = runtime
        self.campaign = campaign

    def __call__(self, idea: IdeaView, _: Sequence[Member]) -> list[OutboxItem]:
        t = self.runtime.translator(self.campaign)
        signer = self.runtime.signer
        message = Message(
            "\n".join([t("ideas.review.title", campaign=self.campaign.title), card(t, idea)]),
            (
                Button(t("ideas.review.approve"), signer.sign(APPROVE, idea.id)),
                Button(t("ideas.review.reject"), signer.sign(REJECT, idea.id)),
            ),
        )
        return [
            OutboxItem(idea.round_id, f"review-idea-{idea.id}", channel, message.to_dict())
            for channel in review_channels(self.runtime, self.campaign)
        ]


class Decision:
    """The messages of a decision: the publication when approved, the author's note."""

    def __init__(self, runtime: Runtime, campaign: CampaignConfig) -> None:
        self.runtime = runtime
        self.campaign = campaign

    def __call__(self, idea: IdeaView, authors: Sequence[Member]) -> list[OutboxItem]:
        approved = idea.state == IdeaState.PUBLISHED
        items = publisher(self.runtime, self.campaign)(idea, ()) if approved else []
        key = "ideas.review.approved" if approved else "ideas.review.rejected"
        for author in authors:
            t = self.runtime.translator(self.campaign, author.locale)
            text = t(key, number=idea.id, title=defuse(idea.title))
            items.append(
                OutboxItem(
                    idea.round_id,
                    f"decided-{idea.id}",
                    author.private_channel,
                    Message(text).to_dict(),
                )
            )
        return items


class Reviewing:
    """The Approve and Reject buttons of review cards."""

    def __init__(self, indexes: Indexes) -> None:
        self.indexes = indexes

    async def approve(self, event: Event, ctx: Context) -> None:
        await self._decide(ctx, approve=True)

    async def reject(self, event: Event, ctx: Context) -> None:
        await self._decide(ctx, approve=False)

    async def _decide(self, ctx: Context, *, approve: bool) -> None:
        try:
            (idea_id,) = (int(arg) for arg in ctx.action_args)
        except ValueError:
            raise BadInput("error.stale_button") from None
        idea, campaign = await idea_of_any(ctx.runtime, idea_id)
        await ctx.require_moderator(campaign)
        decided = await decide_idea(
            ctx.runtime, campaign, idea.id, ctx.event.user.key, self.indexes, approve=approve
        )
        if decided is None:
            raise BadInput("ideas.review.already", number=idea.id)
        key = "ideas.review.done_approved" if approve else "ideas.review.done_rejected"
        await ctx.reply(ctx.t(key, number=idea.id))


async def decide_idea(
    runtime: Runtime,
    campaign: CampaignConfig,
    idea_id: int,
    actor: str,
    indexes: Indexes,
    *,
    approve: bool,
) -> IdeaView | None:
    """Approve (publish) or reject a pending idea and tell its author, in one transaction with
    the audit entry naming ``actor``; None when it was reviewed already. The chat's buttons and
    the dashboard decide through here; the caller checked the right."""
    by = Moderation(actor, runtime.clock.now())
    result = await review(runtime.db, by, idea_id, approve, Decision(runtime, campaign))
    if result.outcome is not Outcome.DONE or result.idea is None:
        return None
    if approve:
        await indexes.published(runtime, result.idea)
        runtime.participation_changed(result.idea.round_id)
    return result.idea
