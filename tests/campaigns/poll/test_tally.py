"""Counting ballots one by one or grouped by the database gives the same standing."""

from __future__ import annotations

from campaigns.poll.tally import count, count_grouped

LABELS = ("Vanilla", "Pistachio", "Lemon")


def test_grouped_ballots_tally_as_the_same_ballots_one_by_one() -> None:
    ballots = [(0,), (1,), (0,), (0, 2), (), (2, 0), (1,), (7,)]
    grouped = [((0,), 2), ((1,), 2), ((0, 2), 1), ((), 1), ((2, 0), 1), ((7,), 1)]
    assert count_grouped(LABELS, grouped) == count(LABELS, ballots)
    tally = count_grouped(LABELS, grouped)
    assert tally.voters == 6  # the empty ballot and the unknown option count nobody
    assert [o.votes for o in tally.options] == [4, 2, 2]
