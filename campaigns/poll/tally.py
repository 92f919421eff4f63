"""Counting poll ballots: counts, shares, winners and ties."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class OptionCount:
    """One option's standing; ``share`` is the part of voters who chose it (0..1)."""

    index: int
    label: str
    votes: int
    share: float


@dataclass(frozen=True, slots=True)
class PollTally:
    """The standing of a poll round."""

    options: tuple[OptionCount, ...]
    voters: int

    @property
    def winners(self) -> tuple[OptionCount, ...]:
        """The options with the most votes (several when tied; none without votes)."""
        top = max((o.votes for o in self.options), default=0)
        if top == 0:
            return ()
        return tuple(o for o in self.options if o.votes == top)

    @property
    def tie(self) -> bool:
        return len(self.winners) > 1

    def ranked(self) -> list[OptionCount]:
        """Options by votes, most first; equal votes keep the config order."""
        return sorted(self.options, key=lambda o: (-o.votes, o.index))


def count(labels: Sequence[str], ballots: Iterable[Sequence[int]]) -> PollTally:
    """Tally ``ballots`` (each a sequence of option indexes) over ``labels``."""
    return count_grouped(labels, ((ballot, 1) for ballot in ballots))


def count_grouped(labels: Sequence[str], grouped: Iterable[tuple[Sequence[int], int]]) -> PollTally:
    """Tally ballots given as (ballot, how many cast it) over ``labels``."""
    votes = [0] * len(labels)
    voters = 0
    for ballot, times in grouped:
        chosen = {i for i in ballot if 0 <= i < len(labels)}
        if not chosen:
            continue
        voters += times
        for index in chosen:
            votes[index] += times
    options = tuple(
        OptionCount(i, label, votes[i], votes[i] / voters if voters else 0.0)
        for i, label in enumerate(labels)
    )
    return PollTally(options, voters)
