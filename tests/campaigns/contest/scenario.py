"""The full-contest scenario the platform end-to-end tests share (Telegram, Discord): six
members ``0``–``5`` (Ana, Bea, Cal, Dan, Eve, Flo); the first four enter one photo each (#1–#4),
a moderator approves #1–#3 and rejects #4, and the members vote so that #1 and #2 tie (the
earlier, #1, wins) and #3 gets one vote. What the database holds afterwards is checked here."""

from __future__ import annotations

from storage.contest.awards import awards_of
from storage.contest.entries import entries_of
from storage.contest.entry_votes import votes_per_entry
from storage.db import Database
from storage.rounds import latest_round

#: Lines of ``[campaigns.contest]`` the scenario needs (moderators' channel and roles apart).
SETTINGS = """max_size_mb = 1
votes_per_member = 2
winners = 2
prizes = ["A year of ice cream", "A cone"]
claim_instructions = "write to prizes@example.com"
"""
#: ``(member, published entry index)`` of the votes cast after the refused ones; with Cal's
#: vote for #1 they make #1: 3, #2: 3, #3: 1.
BALLOTS = ((4, 0), (5, 0), (0, 1), (3, 1), (4, 1), (5, 2))


async def round_of(db: Database, campaign_id: str = "summer") -> int:
    round_ = await latest_round(db, campaign_id)
    assert round_ is not None
    return round_.id


async def check_tally(db: Database) -> None:
    """The votes counted per entry, whatever platform they came from."""
    assert await votes_per_entry(db, await round_of(db)) == {1: 3, 2: 3, 3: 1}


async def check_outcome(db: Database) -> None:
    """Three approved entries, one rejected, two winners: the tie went to the earlier entry."""
    round_id = await round_of(db)
    assert len(await entries_of(db, round_id)) == 3
    assert len(await entries_of(db, round_id, ("rejected",))) == 1
    awards = await awards_of(db, round_id)
    assert [(a.rank, a.entry_id) for a in awards] == [(1, 1), (2, 2)]
