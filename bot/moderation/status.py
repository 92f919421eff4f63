"""``/status [campaign]`` for moderators: where the round stands and what needs attention.

State and phase, time left, participation per platform, the accounts among them linked to
one person (and whether they count once), bans, the review queue when the kind
has one, and the fraud signals found in the votes (shown, never acted on).
"""

from __future__ import annotations

from collections import Counter

from bot.engine.command_specs import CAMPAIGN, CommandSpec
from bot.engine.context import Context
from bot.engine.i18n import Translator
from bot.engine.kinds import ReviewQueue
from bot.engine.routes import Route, command
from bot.model.actions import Message
from bot.model.errors import NotFound
from bot.model.events import CommandInvoked, Event
from bot.model.states import ENDED_ROUND, LIVE_ROUND, RoundState
from bot.moderation.fraud import signals_for
from storage.identity.links import persons_of
from storage.moderation.bans import bans_of
from storage.participation import activity
from storage.rounds import RoundView, latest_round

STATUS = CommandSpec("status", moderator=True, params=(CAMPAIGN,))


def status_routes() -> list[Route]:
    """The ``/status`` route."""
    return [command(STATUS, _status)]


async def _status(event: Event, ctx: Context) -> None:
    args = list(event.args) if isinstance(event, CommandInvoked) else []
    campaign = ctx.campaign(args[0] if args else None)
    await ctx.require_moderator(campaign)
    round_ = await latest_round(ctx.runtime.db, campaign.id)
    if round_ is None:
        raise NotFound("round.none", campaign=campaign.id)
    t = ctx.t
    zone = campaign.zone(ctx.runtime.config.bot)
    # when it did open and close, if a moderator moved either (else when it is to)
    opens = t.moment(round_.opened_at or round_.opens_at, zone)
    closes = t.moment(round_.closed_at or round_.closes_at, zone)
    live = round_.state in LIVE_ROUND
    lines = [
        t(
            "status.line",
            id=campaign.id,
            number=round_.number,
            state=t(f"state.{round_.state}"),
            window=t(f"status.window.{_tense(round_)}", opens=opens.shown, closes=closes.shown),
        )
    ]
    if round_.phase and live:
        lines.append(t("status.phase", phase=t(f"status.phase.{round_.phase}")))
    lines.append(_time_left(ctx, round_))
    records = [r for r in await activity(ctx.runtime.db, [round_.id]) if not r.banned]
    per_platform = Counter(platform for platform, _ in {(r.platform, r.user_id) for r in records})
    if per_platform:
        parts = " · ".join(f"{p} {t.number(n)}" for p, n in sorted(per_platform.items()))
        total = t.number(sum(per_platform.values()))
        lines.append(t("status.participation", platforms=parts, total=total))
    else:
        over = round_.state in (*ENDED_ROUND, RoundState.CANCELLED)
        lines.append(t("status.participation_nobody" if over else "status.participation_none"))
    accounts = {(r.platform, r.user_id) for r in records}
    persons = await persons_of(ctx.runtime.db, accounts)
    if persons.sizes:
        counting = "status.linked.person" if campaign.counts_people else "status.linked.account"
        lines.append(
            t(
                "status.linked",
                people=t.number(len(persons.sizes)),
                accounts=t.number(persons.accounts),
                counting=t(counting),
            )
        )
    banned = await bans_of(ctx.runtime.db, campaign.id)
    if banned:
        lines.append(t("status.banned", count=t.number(len(banned))))
    kind = ctx.runtime.kinds[campaign.kind]
    if isinstance(kind, ReviewQueue):
        pending = await kind.pending_reviews(ctx.runtime, campaign, round_)
        lines.append(t("status.pending", count=t.number(pending)))
    signals = await signals_for(ctx.runtime, campaign, round_)
    if signals:
        lines.append(t("status.signals", count=len(signals)))
        lines += [f"⚠ {s.describe(t, zone)}" for s in signals]
    else:
        lines.append(t("status.no_signals"))
    await ctx.reply(Message("\n".join(lines), moments=(opens, closes)))


def _tense(round_: RoundView) -> str:
    """Whether the round's window is told as to come, under way, past, or cut short."""
    if round_.state in LIVE_ROUND:
        return "live"
    if round_.state == RoundState.CANCELLED:
        return "cancelled"
    return "ended" if round_.state in ENDED_ROUND else "scheduled"


def _time_left(ctx: Context, round_: RoundView) -> str:
    t: Translator = ctx.t
    now = ctx.runtime.clock.now()
    if round_.state == RoundState.SCHEDULED:
        return t("status.opens_in", left=t.duration(max(round_.opens_at - now, now - now)))
    if round_.state in LIVE_ROUND:
        return t("status.closes_in", left=t.duration(max(round_.closes_at - now, now - now)))
    return t("status.over")
