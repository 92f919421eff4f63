"""Round lifecycle: ``scheduled → open → closed → announced`` (plus ``paused``, ``cancelled``).

Each step is one compare-and-set transition (``storage.rounds.apply``) that also writes the
audit entry and the outbox messages it decides, so a step taken twice — by a retry, a sweep
after a crash, or a second process — has exactly one effect. :func:`catch_up` is the single
"what is due now" routine that the scheduler's jobs and sweeps call.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta

from bot.config.model import CampaignConfig
from bot.config.rules import rule_changes, rules_of
from bot.engine.faults import crash_point
from bot.engine.kinds import Periodic, PrivateOutcomes
from bot.engine.runtime import Runtime
from bot.model.actions import Message
from bot.model.errors import ConfigError
from bot.model.states import FINAL_ROUND, LIVE_ROUND, RoundState
from bot.rounds.openings import deadline_edits, ended_edits, reminder_kind
from storage import rounds
from storage.delivery.outbox import OutboxItem, post_once
from storage.rounds import RoundView, Transition

log = logging.getLogger(__name__)

SYSTEM = "system"
LATE_AFTER = timedelta(minutes=1)


async def sync_campaigns(runtime: Runtime) -> None:
    """Store every enabled campaign and make sure it has a round; apply window changes to
    rounds that have not opened yet.

    Raises:
        ConfigError: when the config changes the rules of a round that is running.
    """
    problems = await rule_changes(runtime.db, runtime.config)
    if problems:
        raise ConfigError(problems)
    now = runtime.clock.now()
    for campaign in runtime.campaigns():
        await rounds.save_campaign(
            runtime.db,
            campaign.id,
            campaign.kind,
            campaign.title,
            rules_of(campaign),
            now,
        )
        round_ = await rounds.latest_round(runtime.db, campaign.id)
        if round_ is None:
            opens, closes = campaign.window_utc(runtime.config.bot, now)
            voting = campaign.voting_opens(runtime.config.bot, opens, 0)
            await rounds.create_round(runtime.db, campaign.id, 1, opens, closes, voting)
        elif round_.state == RoundState.SCHEDULED:
            await _follow_config(runtime, campaign, round_)


async def _follow_config(runtime: Runtime, campaign: CampaignConfig, round_: RoundView) -> None:
    """Move a round that has not opened yet to the window the config now gives it."""
    bot = runtime.config.bot
    if round_.number == 1:
        if campaign.opens_at is None:
            return
        opens, closes = campaign.window_utc(bot, runtime.clock.now())
        voting = campaign.voting_opens(bot, opens, 0)
    else:
        first = await rounds.first_round(runtime.db, campaign.id)
        if first is None:
            return
        opens, closes = campaign.occurrence(bot, first.opens_at, round_.number - 1)
        voting = campaign.voting_opens(bot, first.opens_at, round_.number - 1)
    if (opens, closes, voting) != (round_.opens_at, round_.closes_at, round_.voting_opens_at):
        await rounds.reschedule(runtime.db, round_.id, opens, closes, voting)


async def catch_up(runtime: Runtime) -> None:
    """Open, remind, close and announce every round that is due now, and schedule the next
    round of recurring campaigns. Safe to call any time, from any process."""
    now = runtime.clock.now()
    to_announce = []
    for round_ in await rounds.rounds_in(
        runtime.db, (RoundState.SCHEDULED, RoundState.OPEN, RoundState.CLOSED)
    ):
        campaign = runtime.campaign(round_.campaign_id)
        if campaign is None:
            continue
        try:
            if round_.state == RoundState.SCHEDULED and round_.opens_at <= now:
                await open_round(runtime, round_, SYSTEM)
                round_ = await _reload(runtime, round_)
            if round_.state == RoundState.OPEN and round_.closes_at <= now:
                crash_point("before-close")
                late = now - round_.closes_at > LATE_AFTER
                if await close_round(runtime, round_, SYSTEM, late=late, then_announce=False):
                    to_announce.append(round_)
            elif round_.state == RoundState.OPEN:
                if round_.phase == "submissions" and _voting_due(round_, now):
                    await start_voting(runtime, round_, SYSTEM)
                await remind(runtime, campaign, round_)
                await _periodic(runtime, campaign, round_)
            elif round_.state == RoundState.CLOSED:
                to_announce.append(round_)
        except Exception as error:
            runtime.errors.report(
                error, "could not advance round %s of %s", round_.id, round_.campaign_id
            )
    # every due round is closed first: counting results and drawing charts come after
    for round_ in to_announce:
        try:
            await announce(runtime, await _reload(runtime, round_))
        except Exception as error:
            runtime.errors.report(
                error, "could not announce round %s of %s", round_.id, round_.campaign_id
            )
    for campaign in runtime.campaigns():
        if campaign.repeat is not None:
            try:
                await schedule_next(runtime, campaign)
            except Exception as error:
                runtime.errors.report(error, "could not schedule the next round of %s", campaign.id)


async def schedule_next(runtime: Runtime, campaign: CampaignConfig) -> RoundView | None:
    """Create the next round of a recurring campaign once its latest round is over.

    Occurrences whose window passed entirely while Chorus was down are skipped (their numbers
    stay unused): nobody could have taken part in them.
    """
    latest = await rounds.latest_round(runtime.db, campaign.id)
    first = await rounds.first_round(runtime.db, campaign.id)
    if latest is None or first is None or latest.state not in FINAL_ROUND:
        return None
    bot, now = runtime.config.bot, runtime.clock.now()
    index = latest.number
    while campaign.has_occurrence(bot, first.opens_at, index):
        opens, closes = campaign.occurrence(bot, first.opens_at, index)
        if closes > now:
            voting = campaign.voting_opens(bot, first.opens_at, index)
            return await rounds.create_round(
                runtime.db, campaign.id, index + 1, opens, closes, voting
            )
        index += 1
    return None


async def _periodic(runtime: Runtime, campaign: CampaignConfig, round_: RoundView) -> None:
    """Let a kind with scheduled work (e.g. the idea box's digest) do what is due."""
    kind = runtime.kinds.get(campaign.kind)
    if isinstance(kind, Periodic):
        await kind.on_tick(runtime, campaign, round_)


async def remind(runtime: Runtime, campaign: CampaignConfig, round_: RoundView) -> None:
    """Queue the reminders that are due (each once per round and channel)."""
    now = runtime.clock.now()
    due = [r for r in campaign.reminders if round_.closes_at - r <= now < round_.closes_at]
    if not due:
        return
    t = runtime.translator(campaign)
    opening = runtime.kinds[campaign.kind].opening(runtime, campaign, round_, t)
    items = []
    for before in due:
        left = t("round.reminder", title=campaign.title, left=t.duration(before))
        items += _everywhere(
            campaign, round_, reminder_kind(before), Message(left, opening.buttons)
        )
    await post_once(runtime.db, items, now)


async def _reload(runtime: Runtime, round_: RoundView) -> RoundView:
    fresh = await rounds.get_round(runtime.db, round_.id)
    return fresh if fresh is not None else round_


async def open_round(runtime: Runtime, round_: RoundView, actor: str) -> bool:
    """Open a scheduled round and queue its opening message on every channel."""
    campaign = _campaign(runtime, round_)
    message = runtime.kinds[campaign.kind].opening(
        runtime, campaign, round_, runtime.translator(campaign)
    )
    now = runtime.clock.now()
    return await _apply(
        runtime,
        Transition(
            round_.id,
            (RoundState.SCHEDULED,),
            RoundState.OPEN,
            now,
            actor,
            "open",
            fields={
                "opened_at": now,
                "phase": "" if round_.voting_opens_at is None else "submissions",
            },
            outbox=_everywhere(campaign, round_, "opening", message),
        ),
    )


def _voting_due(round_: RoundView, now: datetime) -> bool:
    return round_.voting_opens_at is not None and round_.voting_opens_at <= now


async def start_voting(runtime: Runtime, round_: RoundView, actor: str) -> bool:
    """Contests: end the submissions phase of an open round and open the vote (once)."""
    campaign = _campaign(runtime, round_)
    t = runtime.translator(campaign)
    opening = runtime.kinds[campaign.kind].opening(runtime, campaign, round_, t)
    message = Message(t("round.voting_open", title=campaign.title), opening.buttons)
    return await _apply(
        runtime,
        Transition(
            round_.id,
            (RoundState.OPEN,),
            RoundState.OPEN,
            runtime.clock.now(),
            actor,
            "voting",
            detail="submissions → voting",
            fields={"phase": "voting"},
            outbox=_everywhere(campaign, round_, "voting", message),
            from_phase="submissions",
        ),
    )


async def close_round(
    runtime: Runtime,
    round_: RoundView,
    actor: str,
    *,
    late: bool = False,
    reason: str = "",
    then_announce: bool = True,
) -> bool:
    """Close an open (or paused) round, then (unless told not to) announce its results; the
    messages carrying its buttons say it is closed and lose them. Closed because it is due
    (``SYSTEM``), it closes only if its closing time is still the one that made it due (a
    moderator may have extended it meanwhile)."""
    now = runtime.clock.now()
    done = await _apply(
        runtime,
        Transition(
            round_.id,
            LIVE_ROUND,
            RoundState.CLOSED,
            now,
            actor,
            "close",
            detail=reason,
            fields={"closed_at": now, "note": "closed_late" if late else ""},
            outbox=await ended_edits(runtime, _campaign(runtime, round_), round_),
            from_closes_at=round_.closes_at if actor == SYSTEM else None,
        ),
    )
    crash_point("after-close")
    if then_announce:
        await announce(runtime, await _reload(runtime, round_))
    return done


async def announce(runtime: Runtime, round_: RoundView) -> bool:
    """Queue the results of a closed round on every channel, and the private notices of kinds
    that send them, once."""
    if round_.state != RoundState.CLOSED:
        return False
    campaign = _campaign(runtime, round_)
    kind = runtime.kinds[campaign.kind]
    message = await kind.results(runtime, campaign, round_, runtime.translator(campaign))
    notices = (
        await kind.outcome_notices(runtime, campaign, round_)
        if isinstance(kind, PrivateOutcomes)
        else ()
    )
    now = runtime.clock.now()
    return await _apply(
        runtime,
        Transition(
            round_.id,
            (RoundState.CLOSED,),
            RoundState.ANNOUNCED,
            now,
            SYSTEM,
            "announce",
            fields={"announced_at": now},
            outbox=[*_everywhere(campaign, round_, "results", message), *notices],
        ),
    )


def _everywhere(
    campaign: CampaignConfig, round_: RoundView, kind: str, message: Message
) -> list[OutboxItem]:
    """One outbox item per channel of the campaign."""
    return [OutboxItem(round_.id, kind, ch, message.to_dict()) for ch in campaign.channels]


async def _apply(runtime: Runtime, change: Transition) -> bool:
    """Apply a transition (the messages it queues wake the outbox sender by themselves)."""
    return await rounds.apply(runtime.db, change)


async def pause_round(runtime: Runtime, round_: RoundView, actor: str) -> bool:
    """Stop accepting participation until resumed; the opening says so at once."""
    now = runtime.clock.now()
    paused = replace(round_, state=RoundState.PAUSED, paused_at=now)
    return await _change(runtime, round_, paused, "pause", actor, {"paused_at": now})


async def resume_round(runtime: Runtime, round_: RoundView, actor: str) -> bool:
    """Accept participation again; the time spent paused is added to the window."""
    now = runtime.clock.now()
    closes_at = round_.closes_at + (now - (round_.paused_at or now))
    resumed = replace(round_, state=RoundState.OPEN, closes_at=closes_at, paused_at=None)
    fields = {"closes_at": closes_at, "paused_at": None}
    return await _change(runtime, round_, resumed, "resume", actor, fields)


async def extend_round(runtime: Runtime, round_: RoundView, actor: str, by: timedelta) -> bool:
    """Push a live round's closing time back by ``by``; the opening shows it at once."""
    closes_at = round_.closes_at + by
    extended = replace(round_, closes_at=closes_at)
    fields = {"closes_at": closes_at}
    return await _change(runtime, round_, extended, "extend", actor, fields, detail=str(by))


async def _change(
    runtime: Runtime,
    before: RoundView,
    after: RoundView,
    action: str,
    actor: str,
    fields: Mapping[str, datetime | None],
    *,
    detail: str = "",
) -> bool:
    """A pause, resume or extension (``before`` → ``after``), with the edits of the opening
    it calls for. Each applies only to the closing time it was decided on: two extensions made
    at once from the same round move it once, and a resume decided before an extension does
    not write the old closing time back over it."""
    now = runtime.clock.now()
    edits = await deadline_edits(runtime, _campaign(runtime, before), after, action, now)
    from_states = {"pause": (RoundState.OPEN,), "resume": (RoundState.PAUSED,)}.get(
        action, LIVE_ROUND
    )
    return await rounds.apply(
        runtime.db,
        Transition(
            before.id,
            from_states,
            after.state,
            now,
            actor,
            action,
            detail=detail,
            fields=dict(fields),
            outbox=edits,
            from_closes_at=before.closes_at,
        ),
    )


async def cancel_round(runtime: Runtime, round_: RoundView, actor: str, reason: str) -> bool:
    """Stop a round for good without results; members are told why in every channel of a
    round that had opened, and the messages carrying its buttons lose them."""
    now = runtime.clock.now()
    campaign = _campaign(runtime, round_)
    told: list[OutboxItem] = []
    if round_.state in LIVE_ROUND:
        t = runtime.translator(campaign)
        notice = Message(t("round.cancelled.notice", title=campaign.title, reason=reason))
        told = _everywhere(campaign, round_, "cancelled", notice)
    return await rounds.apply(
        runtime.db,
        Transition(
            round_.id,
            (RoundState.SCHEDULED, RoundState.OPEN, RoundState.PAUSED),
            RoundState.CANCELLED,
            now,
            actor,
            "cancel",
            detail=reason,
            fields={"closed_at": now, "note": reason[:500]},
            outbox=[*await ended_edits(runtime, campaign, round_, reason=reason), *told],
        ),
    )


def _campaign(runtime: Runtime, round_: RoundView) -> CampaignConfig:
    campaign = runtime.config.campaign(round_.campaign_id)
    if campaign is None:
        raise LookupError(f"round {round_.id} belongs to unknown campaign {round_.campaign_id}")
    return campaign
