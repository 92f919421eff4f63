"""Settling a giveaway round: freeze the entrant list, reveal the seed, draw the winners."""

from __future__ import annotations

from bot.config.model import CampaignConfig
from bot.engine.runtime import Runtime
from bot.model.members import Member
from campaigns.contest.awards import round_seed
from campaigns.contest.common import settings
from campaigns.shared.draws import commitment, draw_many, entrants_hash
from storage.contest.awards import (
    AwardView,
    Reveal,
    awards_of,
    entrants_of,
    record_awards,
    reveal_of,
)
from storage.contest.entries import entries_of
from storage.identity.voices import one_per_person
from storage.rounds import RoundView


async def frozen_entrants(runtime: Runtime, round_: RoundView) -> list[Member]:
    """Enter presses plus authors of approved entries, one per platform account, or one per
    person where the campaign counts people (accounts linked in the round are one entrant)."""
    people = {a.key: a for a in await entrants_of(runtime.db, round_.id)}
    for entry in await entries_of(runtime.db, round_.id):
        people.setdefault(entry.author.key, entry.author)
    ordered = [people[key] for key in sorted(people)]
    campaign = runtime.campaign(round_.campaign_id)
    if campaign is None or not campaign.counts_people:
        return ordered
    return await one_per_person(runtime.db, round_.id, ordered)


async def settle_giveaway(
    runtime: Runtime, campaign: CampaignConfig, round_: RoundView
) -> tuple[list[AwardView], Reveal | None]:
    """Draw the winners once at the close; later calls return what was drawn."""
    existing = await awards_of(runtime.db, round_.id)
    if existing:
        return existing, await reveal_of(runtime.db, round_.id)
    people = await frozen_entrants(runtime, round_)
    keys = [p.key for p in people]
    seed = round_seed(runtime, round_)
    reveal = Reveal(commitment(seed), seed, entrants_hash(keys), len(keys))
    by_key = {p.key: p for p in people}
    awards = [
        AwardView(n, n, None, by_key[key], 0.0, "draw")
        for n, key in enumerate(draw_many(seed, keys, settings(campaign).winners), start=1)
    ]
    stored = await record_awards(
        runtime.db, round_.id, awards, runtime.clock.now(), reveal=reveal, entrants=people
    )
    return stored, await reveal_of(runtime.db, round_.id)
