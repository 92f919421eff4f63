"""``[campaigns.contest]``: the contest kind's settings, declared to config validation."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from bot.config.kinds import KindSettings, Section
from bot.config.types import ChannelRef, Duration, ImageType, MemberRef, RoleRef, Text


class ContestSettings(Section):
    """``[campaigns.contest]``: photo or text entries, moderation, a public vote (and an
    optional jury), winners and prizes; or a fair giveaway drawn verifiably.

    The reference, with defaults and examples, is ``docs/contests.md``.
    """

    entry_type: Literal["photo", "text"] = "photo"
    entries_per_member: Annotated[int, Field(ge=1, le=20)] = 1
    title_max: Annotated[int, Field(ge=10, le=200)] = 80
    text_max: Annotated[int, Field(ge=10, le=2000)] = 280
    accepted_types: Annotated[list[ImageType], Field(min_length=1)] = ["jpeg", "png", "webp"]
    max_size_mb: Annotated[float, Field(gt=0, le=50)] = 10
    max_width: Annotated[int, Field(ge=64, le=20_000)] = 6000
    max_height: Annotated[int, Field(ge=64, le=20_000)] = 6000
    votes_per_member: Annotated[int, Field(ge=1, le=50)] = 1
    self_votes: bool = False
    winners: Annotated[int, Field(ge=1, le=50)] = 1
    prizes: list[Text] = []
    tie_rule: Literal["earliest", "draw"] = "earliest"
    moderation: Literal["pre", "post"] = "pre"
    moderators_channel: ChannelRef | None = None
    reports_to_hide: Annotated[int, Field(ge=1, le=100)] = 3
    jury: list[MemberRef] = []
    jury_weight: Annotated[float, Field(ge=0, le=1)] = 0.5
    jury_max_points: Annotated[int, Field(ge=1, le=100)] = 10
    giveaway: bool = False
    claim_instructions: Text | None = None
    accept_private: bool = False
    #: Take a forwarded photo (or another member's, replied to) as the member's entry.
    accept_forwarded: bool = False
    min_account_age: Duration | None = None
    required_roles: list[RoleRef] = []
    banned: list[MemberRef] = []

    @property
    def max_bytes(self) -> int:
        """``max_size_mb`` in bytes (1 MB = 1,000,000 bytes, as platforms count)."""
        return int(self.max_size_mb * 1_000_000)

    @model_validator(mode="after")
    def _coherent(self) -> ContestSettings:
        if len(self.prizes) > self.winners:
            raise PydanticCustomError(
                "too_many_prizes",
                "more prizes ({count}) than winners ({winners}): add winners or remove prizes",
                {"count": len(self.prizes), "winners": self.winners},
            )
        if self.jury and self.giveaway:
            raise PydanticCustomError("jury_giveaway", "a giveaway is drawn: it has no jury")
        if len(set(self.jury)) != len(self.jury):
            raise PydanticCustomError("duplicate_juror", "a juror is listed twice")
        return self


#: Contest rounds may split into submissions, then voting.
SETTINGS = KindSettings("contest", ContestSettings, phases=True)
