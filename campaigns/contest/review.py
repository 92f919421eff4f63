"""The moderation queue: approve, reject with a reason, remove, and members' reports.

Pre-moderation (the default): each entry waits in the moderators' channel with Approve and
Reject buttons; Reject asks for a reason (one press on a usual reason, or
``/reject <entry> <reason>``). Post-moderation: entries are published at once; members report
them (button or ``/report <entry>``), the moderators get the entry back with the count, and it
is hidden after ``reports_to_hide`` reports until a moderator decides. Every decision is a
compare-and-set with its audit entry (who, what, why) and the author's private note in their
language, in one transaction: two moderators pressing at once decide once.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from bot.config.model import CampaignConfig
from bot.delivery.postman import DIRECT_PREFIX
from bot.engine.context import Context
from bot.engine.routes import Route, button, command
from bot.engine.runtime import Runtime
from bot.model.actions import Message
from bot.model.errors import BadInput, NotFound
from bot.model.events import ButtonPressed, CommandInvoked, Event
from bot.model.states import ENTRY_WAITING, EntryState
from campaigns.contest import commands
from campaigns.contest.cards import (
    APPROVE,
    REASONS,
    REJECT,
    REJECT_WHY,
    REPORT,
    author_note,
    describe,
    image_of,
    published_items,
    reason_message,
    review_channels,
)
from campaigns.contest.common import args_of, entry_in, entry_number, settings
from storage.contest.entries import Decision, EntryView, decide
from storage.contest.reports import report_entry
from storage.delivery.outbox import EDIT, OutboxItem, post_once, posted

#: Stored reasons that name a usual reason start with this (translated when shown).
PRESET = "reason:"
#: Entries a moderator can still reject or remove.
DECIDABLE = (EntryState.PENDING, EntryState.APPROVED, EntryState.HIDDEN)
#: Entries members have seen (hidden ones may come back), so rejecting one removes it.
PUBLISHED = (EntryState.APPROVED, EntryState.HIDDEN)


def review_routes() -> list[Route]:
    return [
        button(APPROVE, _approve_pressed),
        button(REJECT, _reject_pressed),
        button(REJECT_WHY, _reason_pressed),
        button(REPORT, _report_pressed),
        command(commands.APPROVE, _approve_command),
        command(commands.REJECT, _reject_command),
        command(commands.REMOVE, _remove_command),
        command(commands.REPORT, _report_command),
    ]


def reason_text(reason: str, runtime: Runtime, campaign: CampaignConfig, locale: str | None) -> str:
    """A stored reason as the reader should see it (usual reasons in their language)."""
    if reason.startswith(PRESET):
        t = runtime.translator(campaign, locale)
        return t(f"contest.reason.{reason.removeprefix(PRESET)}")
    return reason


def _entry_arg(ctx: Context) -> int:
    try:
        return int(ctx.action_args[0])
    except (IndexError, ValueError):
        raise BadInput("error.stale_button") from None


async def _moderated_entry(ctx: Context, entry_id: int) -> tuple[EntryView, CampaignConfig]:
    entry, campaign = await entry_in(ctx.runtime, entry_id)
    await ctx.require_moderator(campaign)
    return entry, campaign


async def _approve_pressed(event: Event, ctx: Context) -> None:
    await _approve(event, ctx, _entry_arg(ctx))


async def _approve_command(event: Event, ctx: Context) -> None:
    args = args_of(event)
    if not args:
        raise BadInput("contest.approve_usage")
    await _approve(event, ctx, entry_number(args[0]))


async def _approve(event: Event, ctx: Context, entry_id: int) -> None:
    entry, campaign = await _moderated_entry(ctx, entry_id)
    after = await approve_entry(ctx.runtime, campaign, entry, event.user.key)
    await _report_decision(ctx, entry, after, "contest.review.approved")


async def approve_entry(
    runtime: Runtime, campaign: CampaignConfig, entry: EntryView, actor: str
) -> EntryView | None:
    """Publish a pending (or hidden) entry and tell its author, in one transaction with the
    audit entry naming ``actor``; None when it was decided already. The chat's buttons and
    commands and the dashboard all decide through here; the caller checked the right."""

    def follow_up(after: EntryView) -> list[OutboxItem]:
        return [
            *published_items(runtime, campaign, after),
            author_note(runtime, campaign, after, "contest.verdict.approved"),
        ]

    return await decide(
        runtime.db,
        Decision(
            entry.id, ENTRY_WAITING, EntryState.APPROVED, actor, "approve", runtime.clock.now()
        ),
        follow_up,
    )


async def _reject_pressed(event: Event, ctx: Context) -> None:
    entry, campaign = await _moderated_entry(ctx, _entry_arg(ctx))
    if entry.state not in DECIDABLE:
        raise BadInput("contest.review.already", entry=entry.id, state=_state(ctx, entry.state))
    await ctx.reply(reason_message(ctx.runtime, campaign, entry, event.user.locale))


async def _reason_pressed(event: Event, ctx: Context) -> None:
    try:
        index = int(ctx.action_args[1])
        reason = REASONS[index]
    except (IndexError, ValueError):
        raise BadInput("error.stale_button") from None
    await _reject(event, ctx, _entry_arg(ctx), PRESET + reason)


async def _reject_command(event: Event, ctx: Context) -> None:
    """``/reject 12 reason`` (and ``/remove 12 reason``, its name for a published entry)."""
    args = args_of(event)
    if len(args) < 2:
        name = event.name if isinstance(event, CommandInvoked) else "reject"
        raise BadInput("contest.reject_usage", command=name)
    await _reject(event, ctx, entry_number(args[0]), " ".join(args[1:]))


async def _remove_command(event: Event, ctx: Context) -> None:
    await _reject_command(event, ctx)


async def _reject(event: Event, ctx: Context, entry_id: int, reason: str) -> None:
    """Reject a pending entry, or remove a published (or hidden) one, telling the author why."""
    entry, campaign = await _moderated_entry(ctx, entry_id)
    after = await reject_entry(ctx.runtime, campaign, entry, event.user.key, reason)
    await _report_decision(ctx, entry, after, decision_key(entry))


def decision_key(entry: EntryView) -> str:
    """What a rejection of ``entry`` (as it was before) is called in the moderators' texts."""
    removing = entry.state in PUBLISHED
    return "contest.review.removed" if removing else "contest.review.rejected"


async def reject_entry(
    runtime: Runtime, campaign: CampaignConfig, entry: EntryView, actor: str, reason: str
) -> EntryView | None:
    """Reject a pending entry, or remove a published (or hidden) one, telling the author why
    in their language; None when it was decided already. Shared by chat and dashboard."""
    removing = entry.state in PUBLISHED
    key = "contest.verdict.removed" if removing else "contest.verdict.rejected"

    def follow_up(after: EntryView) -> list[OutboxItem]:
        why = reason_text(reason, runtime, campaign, after.author.locale)
        return [author_note(runtime, campaign, after, key, reason=why)]

    return await decide(
        runtime.db,
        Decision(
            entry.id,
            (entry.state,) if entry.state in DECIDABLE else (),
            EntryState.REMOVED if removing else EntryState.REJECTED,
            actor,
            "remove" if removing else "reject",
            runtime.clock.now(),
            reason,
        ),
        follow_up,
    )


async def _report_decision(
    ctx: Context, before: EntryView, after: EntryView | None, key: str
) -> None:
    """Tell the moderator what happened, and update the review card they pressed."""
    if after is None:
        raise BadInput("contest.review.already", entry=before.id, state=_state(ctx, before.state))
    ctx.runtime.participation_changed(after.round_id)
    await _close_cards(ctx, after, key)
    done = ctx.t(key, entry=after.id, moderator=ctx.event.user.name)
    await ctx.reply(done)


async def _close_cards(ctx: Context, entry: EntryView, key: str) -> None:
    """Replace the buttons of the moderators' cards of the entry by the decision (``key``).

    The cards in channels are found in the outbox (the review card, and the report alerts of
    post-moderation), not from the pressed message: a decision pressed on the reason prompt or
    made by ``/reject`` closes them too. A press in a private chat also closes the message
    pressed (a card sent privately: its chat id is only known from the press). Each keeps its
    photo. Best effort: the decision stands even if a platform refuses the edit.
    """
    event = ctx.event
    pressed = []
    if isinstance(event, ButtonPressed) and event.chat.private and event.message_id:
        pressed.append((event.platform, event.chat.id, event.message_id))
    await close_cards(ctx.runtime, entry, key, event.user.name, pressed)


async def close_cards(
    runtime: Runtime,
    entry: EntryView,
    key: str,
    moderator: str,
    pressed: list[tuple[str, str, str]] | None = None,
) -> None:
    """Replace the buttons of the moderators' cards of ``entry`` by the decision ``key`` made
    by ``moderator`` (and the message ``pressed`` privately, as ``(platform, chat, id)``).

    The edits go through the outbox like every message: retried if a platform is down, made
    once per card and decision.
    """
    _, campaign = await entry_in(runtime, entry.id)
    t = runtime.translator(campaign)
    done = t(key, entry=entry.id, moderator=moderator)
    message = Message("\n".join([describe(entry, t), done]), image=image_of(runtime, entry, t))
    targets = [
        (platform, chat, message_id)
        for channel, message_id in await _cards_of(runtime, campaign, entry)
        for platform, _, chat in [channel.partition(":")]
        if not chat.startswith(DIRECT_PREFIX)
    ]
    targets.extend(pressed or [])
    edits = [
        OutboxItem(
            entry.round_id,
            _card_edit_kind(entry, message_id, key),
            f"{platform}:{chat}",
            {**message.to_dict(), EDIT: message_id},
        )
        for platform, chat, message_id in dict.fromkeys(targets)
        if platform in runtime.adapters
    ]
    await post_once(runtime.db, edits, runtime.clock.now())


def _card_edit_kind(entry: EntryView, message_id: str, key: str) -> str:
    """The outbox kind of the edit of one card by one decision: short enough for the column
    (message ids run to 20 characters), distinct per card and decision so each is made once."""
    digest = hashlib.blake2b(f"{message_id}:{key}".encode(), digest_size=6).hexdigest()
    return f"card-{entry.id}-{digest}"


async def _cards_of(
    runtime: Runtime, campaign: CampaignConfig, entry: EntryView
) -> list[tuple[str, str]]:
    """``(channel, message id)`` of the cards posted to moderators about ``entry``."""
    threshold = settings(campaign).reports_to_hide
    kinds = dict.fromkeys(
        [f"review-{entry.id}", f"reported-{entry.id}-1", f"reported-{entry.id}-{threshold}"]
    )
    return [card for kind in kinds for card in await posted(runtime.db, entry.round_id, kind)]


async def _report_pressed(event: Event, ctx: Context) -> None:
    await _report(event, ctx, _entry_arg(ctx))


async def _report_command(event: Event, ctx: Context) -> None:
    args = args_of(event)
    if not args:
        raise BadInput("contest.report_usage")
    await _report(event, ctx, entry_number(args[0]))


async def _report(event: Event, ctx: Context, entry_id: int) -> None:
    """A member flags an entry: moderators see it; enough reports hide it meanwhile.

    Reporting is taking part (a few reports hide an entry), so it follows the participation
    rule: no reports from banned members or from outside the campaign's community.
    """
    entry, campaign = await entry_in(ctx.runtime, entry_id)
    await ctx.require_participant(campaign)
    if entry.state not in PUBLISHED:
        raise NotFound("contest.no_entry", entry=entry_id)
    contest = settings(campaign)
    runtime = ctx.runtime
    reporter = event.user
    t = runtime.translator(campaign)

    def alert(count: int) -> list[OutboxItem]:
        text = t("contest.report.alert", entry=entry.id, count=count, campaign=campaign.title)
        card = reason_message(runtime, campaign, entry)
        message = Message("\n".join([text, describe(entry, t)]), card.buttons)
        return [
            OutboxItem(entry.round_id, f"reported-{entry.id}-{count}", channel, message.to_dict())
            for channel in review_channels(runtime, campaign)
            if count in (1, contest.reports_to_hide)
        ]

    outcome = await report_entry(
        runtime.db,
        entry,
        reporter,
        event.delivery_id,
        _now(ctx),
        hide_at=contest.reports_to_hide,
        alert=alert,
        by_person=campaign.counts_people,
    )
    if outcome is None:
        return
    await ctx.reply(ctx.t("contest.report.thanks" if outcome else "contest.report.already"))


def _state(ctx: Context, state: str) -> str:
    return ctx.t(f"contest.state.{state}")


def _now(ctx: Context) -> datetime:
    return ctx.runtime.clock.now()
