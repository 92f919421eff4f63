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
from storage.rounds import RoundView


async def frozen_entrants(runtime: Runtime, round_: RoundView) -> list[Member]:
    """Enter presses plus authors of approved entries, one per platform account."""
    people = {a.key: a for a in await entrants_of(runtime.db, round_.id)}
    for entry in await entries_of(runtime.db, round_.id):
        people.setdefault(entry.author.key, entry.author)
    return [people[key] for key in sorted(people)]


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
