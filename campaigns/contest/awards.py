"""Ranking entries and deciding the winners of a contest.

An entry's score is its public votes, or, with a jury, a weighted mix of both parts, each
scaled to 0–1: ``(1 - jury_weight) × votes / most votes + jury_weight × mean points /
jury_max_points`` (a juror who did not score an entry gives it 0). Exact fractions are
compared, so equal scores really are equal. Ties are broken by the configured rule: the
earlier entry first, or a fair draw (:mod:`campaigns.shared.draws`) with the round's committed seed
among the tied entries. The top ``winners`` entries with a score above zero win; awards are
recorded once, so every later look shows the same winners.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from bot.config.model import CampaignConfig
from bot.engine.runtime import Runtime
from campaigns.contest.common import settings
from campaigns.contest.settings import ContestSettings
from campaigns.shared.draws import draw_many
from storage.contest.awards import AwardView, awards_of, record_awards
from storage.contest.entries import EntryView, entries_of
from storage.contest.entry_votes import jury_points, votes_per_entry
from storage.rounds import RoundView


@dataclass(frozen=True, slots=True)
class Standing:
    """An entry with its public votes, its mean jury points (None without jury) and score."""

    entry: EntryView
    votes: int
    jury: Fraction | None
    score: Fraction


def round_seed(runtime: Runtime, round_: RoundView) -> str:
    """The secret seed of a round's draws (revealed at its close), as 64 hex digits."""
    return runtime.signer.derive(f"draw:{round_.id}").hex()


async def standings(
    runtime: Runtime, campaign: CampaignConfig, round_: RoundView
) -> list[Standing]:
    """Every approved entry, best first, ties broken by the configured rule."""
    contest = settings(campaign)
    entries = await entries_of(runtime.db, round_.id)
    votes = await votes_per_entry(runtime.db, round_.id)
    points = await jury_points(runtime.db, round_.id) if contest.jury else {}
    most = max(votes.values(), default=0)
    rows = []
    for entry in entries:
        count = votes.get(entry.id, 0)
        jury = None
        score = Fraction(count)
        if contest.jury:
            jury = Fraction(sum(points.get(entry.id, [])), len(contest.jury))
            public = Fraction(count, most) if most else Fraction(0)
            weight = Fraction(contest.jury_weight).limit_denominator(1000)
            score = (1 - weight) * public + weight * jury / contest.jury_max_points
        rows.append(Standing(entry, count, jury, score))
    return _ordered(rows, contest, round_seed(runtime, round_))


def _ordered(rows: list[Standing], contest: ContestSettings, seed: str) -> list[Standing]:
    """Best score first; within equal scores, the tie rule decides."""
    by_score: dict[Fraction, list[Standing]] = {}
    for row in rows:
        by_score.setdefault(row.score, []).append(row)
    ordered: list[Standing] = []
    for score in sorted(by_score, reverse=True):
        group = sorted(by_score[score], key=lambda s: (s.entry.submitted_at, s.entry.id))
        if contest.tie_rule == "draw" and len(group) > 1:
            order = draw_many(seed, [f"entry:{s.entry.id}" for s in group], len(group))
            index = {f"entry:{s.entry.id}": s for s in group}
            group = [index[key] for key in order]
        ordered.extend(group)
    return ordered


def tied(standing: list[Standing], position: int) -> bool:
    """Whether the entry at ``position`` (0-based) has the same score as a neighbour."""
    score = standing[position].score
    return any(
        0 <= other < len(standing) and standing[other].score == score
        for other in (position - 1, position + 1)
    )


async def settle(runtime: Runtime, campaign: CampaignConfig, round_: RoundView) -> list[AwardView]:
    """The round's winners, decided now if they were not yet (once, see module docstring)."""
    existing = await awards_of(runtime.db, round_.id)
    if existing:
        return existing
    contest = settings(campaign)
    standing = [s for s in await standings(runtime, campaign, round_) if s.score > 0]
    awards = []
    for position, row in enumerate(standing[: contest.winners], start=1):
        how = "draw" if contest.tie_rule == "draw" and tied(standing, position - 1) else "rank"
        awards.append(
            AwardView(position, position, row.entry.id, row.entry.author, float(row.score), how)
        )
    return await record_awards(runtime.db, round_.id, awards, runtime.clock.now())
