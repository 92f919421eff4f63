"""What a vote asks for: the member casting it and the option pressed, with its delivery.

Apart from :mod:`storage.poll.votes` so that the driver-level writers
(:mod:`storage.poll.ballot_writers`) can name them without importing the ballot box back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.model.members import Member


@dataclass(frozen=True, slots=True)
class VoteRequest:
    """One press of a vote button (or ``/vote``), identified by its delivery."""

    delivery_id: str
    voter: Member
    round_id: int
    option: int
    at: datetime
    max_choices: int = 1
    #: The campaign counts people: linked accounts share one ballot
    #: (:mod:`storage.identity.voices`).
    by_person: bool = False
