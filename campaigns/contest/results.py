"""What a contest shows at the end: the results, each winning photo with its author's credit
and prize, and each winner's private note with the claim instructions.

The results message goes to every channel through the round's announcement; the winner cards
and private notes are :func:`announcement_extras`, queued in the same transaction, one outbox
key per winner and channel.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.config.model import CampaignConfig
from bot.engine.i18n import Translator
from bot.engine.runtime import Runtime
from bot.model.actions import Message
from campaigns.contest.awards import Standing, round_seed, settle, standings
from campaigns.contest.cards import describe, image_of
from campaigns.contest.common import settings
from campaigns.contest.giveaway_draw import frozen_entrants, settle_giveaway
from campaigns.shared.draws import commitment
from storage.contest.awards import AwardView, Reveal
from storage.contest.entries import EntryView, entries_of
from storage.contest.entry_votes import votes_per_entry
from storage.delivery.outbox import OutboxItem
from storage.rounds import RoundView

MEDALS = ("🥇", "🥈", "🥉")
SHOWN = 10


def prize_of(campaign: CampaignConfig, rank: int) -> str:
    prizes = settings(campaign).prizes
    return prizes[rank - 1] if 0 < rank <= len(prizes) else ""


def _medal(rank: int) -> str:
    return MEDALS[rank - 1] if rank <= len(MEDALS) else f"{rank}."


def _score_line(row: Standing, campaign: CampaignConfig, t: Translator) -> str:
    votes = t("contest.results.votes", count=row.votes)
    if row.jury is None:
        return votes
    jury = t("contest.results.jury", points=t.number(round(float(row.jury), 1)))
    return f"{votes} · {jury} · " + t(
        "contest.results.score", score=t.number(round(float(row.score) * 100, 1))
    )


def award_line(
    award: AwardView,
    entry: EntryView | None,
    campaign: CampaignConfig,
    t: Translator,
) -> str:
    """``🥇 #12 «Title» — Léa — Prize: …`` (a giveaway winner has no entry)."""
    who = describe(entry, t).split("\n", 1)[0] if entry is not None else award.winner.name
    line = f"{_medal(award.rank)} {who}"
    prize = prize_of(campaign, award.rank)
    if prize:
        line += " — " + t("contest.results.prize", prize=prize)
    return line


async def results_message(
    runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
) -> Message:
    """The announcement: winners (decided now, once), standing and, for draws, the reveal."""
    contest = settings(campaign)
    lines = [t("contest.results.title", title=campaign.title)]
    if round_.note == "closed_late":
        lines.append(t("round.closed_late"))
    if contest.giveaway:
        awards, reveal = await settle_giveaway(runtime, campaign, round_)
        if reveal is not None:
            lines.extend(reveal_lines(reveal, campaign, t))
        for award in awards:
            lines.append(award_line(award, None, campaign, t))
        if not awards:
            lines.append(t("contest.results.none"))
        return Message("\n".join(lines))
    awards = await settle(runtime, campaign, round_)
    standing = await standings(runtime, campaign, round_)
    entries = {s.entry.id: s.entry for s in standing}
    by_entry = {s.entry.id: s for s in standing}
    for award in awards:
        entry = entries.get(award.entry_id or 0)
        line = award_line(award, entry, campaign, t)
        if award.entry_id in by_entry:
            line += f" ({_score_line(by_entry[award.entry_id], campaign, t)})"
        lines.append(line)
    if not awards:
        lines.append(t("contest.results.none"))
    lines.append(t("contest.results.entries", count=len(standing)))
    if any(a.how == "draw" for a in awards):
        lines.append(
            t(
                "contest.results.tie_draw",
                seed=round_seed(runtime, round_),
                commitment=commitment(round_seed(runtime, round_)),
            )
        )
    first = entries.get(awards[0].entry_id or 0) if awards else None
    image = None if first is None else image_of(runtime, first, t)
    return Message("\n".join(lines), image=image)


def reveal_lines(reveal: Reveal, campaign: CampaignConfig, t: Translator) -> list[str]:
    return [
        t("contest.draw.revealed", seed=reveal.seed, commitment=reveal.commitment),
        t("contest.draw.entrants", count=reveal.entrants, hash=reveal.entrants_hash),
        t("contest.draw.verify", campaign=campaign.id),
    ]


async def live_message(
    runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
) -> Message:
    """The standing while the round runs (jury points stay private until the close)."""
    standing = await standings(runtime, campaign, round_)
    lines = [t("contest.live.title", title=campaign.title, count=len(standing))]
    ranked = sorted(standing, key=lambda s: -s.votes)
    for row in ranked[:SHOWN]:
        lines.append(
            describe(row.entry, t).split("\n", 1)[0]
            + " — "
            + t("contest.results.votes", count=row.votes)
        )
    return Message("\n".join(lines))


async def progress_line(
    runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
) -> str:
    """``12 entries · 40 votes`` (a giveaway: ``25 entrants``), for the live opening message."""
    if settings(campaign).giveaway:
        return t("contest.live.entrants", count=len(await frozen_entrants(runtime, round_)))
    votes = await votes_per_entry(runtime.db, round_.id)
    entries = await entries_of(runtime.db, round_.id)
    return t(
        "contest.live.progress",
        entries=t.plural("contest.live.entries", len(entries)),
        votes=t.plural("contest.live.votes", sum(votes.values())),
    )


async def announcement_extras(
    runtime: Runtime, campaign: CampaignConfig, round_: RoundView
) -> list[OutboxItem]:
    """Winner cards with photo, credit and prize in every channel; private notes to winners."""
    contest = settings(campaign)
    if contest.giveaway:
        awards, _ = await settle_giveaway(runtime, campaign, round_)
        return winner_items(runtime, campaign, round_, awards, None)
    awards = await settle(runtime, campaign, round_)
    entries = {e.id: e for e in await entries_of(runtime.db, round_.id)}
    return winner_items(runtime, campaign, round_, awards, entries)


def winner_items(
    runtime: Runtime,
    campaign: CampaignConfig,
    round_: RoundView,
    awards: Sequence[AwardView],
    entries: dict[int, EntryView] | None,
    *,
    announce: Message | None = None,
) -> list[OutboxItem]:
    """Public cards (or ``announce``) and a private note per award."""
    t = runtime.translator(campaign)
    contest = settings(campaign)
    items: list[OutboxItem] = []
    for award in awards:
        entry = None if entries is None else entries.get(award.entry_id or 0)
        public = announce
        if public is None and entry is not None:
            text = "\n".join(
                [
                    t("contest.winner.card", rank=award.rank, title=campaign.title),
                    award_line(award, entry, campaign, t),
                ]
            )
            public = Message(text, image=image_of(runtime, entry, t))
        if public is not None:
            items += [
                OutboxItem(round_.id, f"winner-{award.position}", ch, public.to_dict())
                for ch in campaign.channels
            ]
        mine = runtime.translator(campaign, award.winner.locale)
        note = [
            mine(
                "contest.winner.note",
                rank=award.rank,
                title=campaign.title,
                prize=prize_of(campaign, award.rank) or mine("contest.winner.no_prize"),
            )
        ]
        if contest.claim_instructions:
            note.append(mine("contest.winner.claim", instructions=contest.claim_instructions))
        channel = award.winner.private_channel
        items.append(
            OutboxItem(
                round_.id, f"won-{award.position}", channel, Message("\n".join(note)).to_dict()
            )
        )
    return items
