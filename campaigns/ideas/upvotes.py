"""Upvotes: one per member per idea, withdrawn by pressing again while the round is open.

The campaign may cap the upvotes a member gives in a round and forbids upvoting one's own
idea unless ``self_upvote`` is set. Members on every platform count in the same tally: an
upvote belongs to the member's participant row, whatever chat the press came from.
"""

from __future__ import annotations

from bot.engine.context import Context
from bot.engine.i18n import defuse
from bot.model.errors import BadInput, NotAllowed, NotFound, RoundNotOpen
from bot.model.events import Event
from campaigns.ideas.common import Indexes, delivery_of, idea_of, member_of, settings_of
from storage.ideas.writes import Outcome, Upvoted, UpvoteRequest, Vote, upvote


class Upvotes:
    """The upvote button, and "upvote this one instead" on a draft's similar ideas."""

    def __init__(self, indexes: Indexes) -> None:
        self.indexes = indexes

    async def pressed(self, event: Event, ctx: Context) -> None:
        (idea_id,) = _numbers(ctx.action_args, 1)
        await self._upvote(event, ctx, idea_id, toggle=True, drop_draft=None)

    async def instead(self, event: Event, ctx: Context) -> None:
        draft_id, idea_id = _numbers(ctx.action_args, 2)
        await self._upvote(event, ctx, idea_id, toggle=False, drop_draft=draft_id)

    async def _upvote(
        self, event: Event, ctx: Context, idea_id: int, *, toggle: bool, drop_draft: int | None
    ) -> None:
        _, campaign = await idea_of(ctx.runtime, idea_id)
        await ctx.require_participant(campaign)
        settings = settings_of(campaign)
        result = await upvote(
            ctx.runtime.db,
            delivery_of(event, ctx),
            UpvoteRequest(
                idea_id,
                member_of(event),
                toggle=toggle,
                drop_draft=drop_draft,
                budget=settings.upvotes_per_round,
                self_upvote=settings.self_upvote,
                by_person=campaign.counts_people,
            ),
        )
        if result.outcome is Outcome.DUPLICATE:
            return
        if result.outcome is Outcome.CLOSED:
            raise RoundNotOpen("ideas.round_closed")
        if result.outcome is Outcome.GONE or result.idea is None or result.vote is None:
            raise NotFound("ideas.gone", number=idea_id)
        if result.vote is Vote.SELF and drop_draft is not None:
            await ctx.reply(ctx.t("ideas.instead.own", number=result.idea.id), replace=True)
            return
        if result.vote is Vote.SELF:
            raise NotAllowed("ideas.upvote.self")
        if result.vote is Vote.BUDGET:
            raise BadInput("ideas.upvote.budget", count=settings.upvotes_per_round)
        if result.vote in (Vote.ADDED, Vote.WITHDRAWN):
            ctx.runtime.participation_changed(result.idea.round_id)
        answer = self._answer(ctx, result, settings.upvotes_per_round, drop_draft)
        await ctx.reply(answer, replace=drop_draft is not None)

    def _answer(
        self, ctx: Context, result: Upvoted, budget: int | None, drop_draft: int | None
    ) -> str:
        assert result.idea is not None and result.vote is not None
        idea = result.idea
        key = {
            Vote.ADDED: "ideas.upvote.added",
            Vote.WITHDRAWN: "ideas.upvote.withdrawn",
            Vote.ALREADY: "ideas.upvote.already",
        }[result.vote]
        lines = []
        if drop_draft is not None:
            lines.append(ctx.t("ideas.instead.done", number=idea.id))
        lines.append(
            ctx.t(
                key,
                number=idea.id,
                title=defuse(idea.title),
                upvotes=ctx.t.number(idea.upvotes),
            )
        )
        if budget is not None:
            left = max(budget - result.used, 0)
            lines.append(ctx.t("ideas.upvote.left", left=left, count=budget))
        return "\n".join(lines)


def _numbers(args: tuple[str, ...], count: int) -> tuple[int, ...]:
    try:
        numbers = tuple(int(a) for a in args)
    except ValueError:
        raise BadInput("error.stale_button") from None
    if len(numbers) != count:
        raise BadInput("error.stale_button")
    return numbers
