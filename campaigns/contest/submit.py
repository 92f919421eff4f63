"""``/submit [contest] [title]`` with a photo attached (or the text itself, for text contests).

Checks run cheapest first — the round accepts entries, the member is eligible, the title fits,
the photo is the member's own (not forwarded, unless ``accept_forwarded``), the platform's
claimed size — before downloading anything; the photo is then checked and
re-encoded (:mod:`bot.model.images`) and stored by its hash, and the entry recorded exactly once
with its review card (pre-moderation) or its publication (post-moderation).
"""

from __future__ import annotations

import asyncio

from bot.engine.context import Context
from bot.model.errors import BadInput, TooLarge
from bot.model.events import Attachment, CommandInvoked, Event
from bot.model.images import CleanImage, clean_image
from bot.model.member_text import shortened
from bot.model.states import EntryState
from campaigns.contest.cards import published_items, review_items
from campaigns.contest.common import (
    SUBMITTING,
    args_of,
    contest_named,
    current_round,
    refuse_unless_open,
    settings,
    zone_of,
)
from campaigns.contest.eligibility import check_eligible
from campaigns.contest.settings import ContestSettings
from storage.contest.entries import EntryView, NewEntry, Submitted, submit_entry
from storage.delivery.outbox import OutboxItem
from storage.media import MediaStore


async def submit(event: Event, ctx: Context) -> None:
    """Handle ``/submit``: answer the member privately with what happened."""
    campaign, rest = await contest_named(ctx, "submit", args_of(event))
    contest = settings(campaign)
    round_ = await current_round(ctx.runtime, campaign)
    refuse_unless_open(round_, SUBMITTING, "contest.submissions_closed", zone_of(ctx, campaign))
    await check_eligible(ctx, campaign)
    title, text = _words(contest, " ".join(rest).strip())
    media = None
    if contest.entry_type == "photo":
        attachment = _attachment(event, contest)
        image = await _clean(ctx, attachment, contest)
        media = await asyncio.to_thread(
            MediaStore(ctx.runtime.config.media_dir()).keep,
            image,
            ctx.event.platform,
            attachment.file_ref,
        )
    runtime = ctx.runtime
    pre = contest.moderation == "pre"

    def follow_up(entry: EntryView) -> list[OutboxItem]:
        if pre:
            return review_items(runtime, campaign, entry)
        return published_items(runtime, campaign, entry)

    result = await submit_entry(
        runtime.db,
        NewEntry(
            delivery_id=event.delivery_id,
            campaign_id=campaign.id,
            round_id=round_.id,
            author=event.user,
            title=title,
            text=text,
            state=EntryState.PENDING if pre else EntryState.APPROVED,
            at=runtime.clock.now(),
            by_person=campaign.counts_people,
        ),
        media,
        contest.entries_per_member,
        follow_up,
    )
    if result.outcome is Submitted.REDELIVERED:
        return
    if result.outcome is Submitted.DUPLICATE:
        raise BadInput("media.duplicate")
    if result.outcome is Submitted.FULL:
        raise BadInput("contest.entries_full", count=contest.entries_per_member)
    assert result.entry is not None
    key = "contest.submitted.pending" if pre else "contest.submitted.published"
    await ctx.reply(ctx.t(key, entry=result.entry.id, campaign=campaign.title))


def _words(contest: ContestSettings, words: str) -> tuple[str, str]:
    """``(title, text)``: a photo's title, or a text entry (whose title is the text)."""
    if contest.entry_type == "text":
        if not words:
            raise BadInput("contest.text_missing")
        if len(words) > contest.text_max:
            raise BadInput("contest.text_too_long", max=contest.text_max)
        return shortened(words, contest.title_max), words
    if len(words) > contest.title_max:
        raise BadInput("contest.title_too_long", max=contest.title_max)
    return words, ""


def _attachment(event: Event, contest: ContestSettings) -> Attachment:
    """The photo sent with the command, refused early on what the platform claims."""
    attachments = event.attachments if isinstance(event, CommandInvoked) else ()
    if not attachments:
        raise BadInput("media.missing")
    attachment = attachments[0]
    if attachment.forwarded and not contest.accept_forwarded:
        raise BadInput("contest.forwarded")
    if attachment.size is not None and attachment.size > contest.max_bytes:
        raise TooLarge(contest.max_bytes)
    if attachment.mime_type and not attachment.mime_type.startswith("image/"):
        raise BadInput("media.not_image", types=", ".join(contest.accepted_types).upper())
    return attachment


async def _clean(ctx: Context, attachment: Attachment, contest: ContestSettings) -> CleanImage:
    adapter = ctx.runtime.adapters.get(ctx.event.platform)
    if adapter is None:
        raise BadInput("media.unreadable")
    data = await adapter.download(attachment, contest.max_bytes)
    if len(data) > contest.max_bytes:  # an adapter that did not stop at the limit
        raise TooLarge(contest.max_bytes)
    return await asyncio.to_thread(
        clean_image,
        data,
        accepted=contest.accepted_types,
        max_width=contest.max_width,
        max_height=contest.max_height,
    )
