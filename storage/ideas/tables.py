"""Tables of the idea box: ideas, upvotes and credits.

One upvote per member per idea and one credit per member per idea are database constraints;
an idea's ``state`` says whether members see it (``draft`` until its author confirms it differs
from the similar ideas shown, ``published``, ``hidden`` by a moderator, ``merged`` into another,
``dropped`` when its author upvoted a similar one instead). ``status`` is the brand's answer.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Table, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


def _utc(**kwargs: object) -> object:
    return Field(sa_column=Column(UTCDateTime(), **kwargs))  # type: ignore[arg-type]


class Idea(SQLModel, table=True):
    """An idea a member submitted in a round of an ideas campaign."""

    __table_args__ = (Index("ix_idea_campaign_state", "campaign_id", "state"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: str = Field(foreign_key="campaign.id", max_length=48)
    round_id: int = Field(foreign_key="round.id", index=True)
    author_id: int = Field(foreign_key="participant.id", index=True)
    title: str = Field(max_length=200)
    body: str = Field(sa_column=Column(Text, nullable=False))
    state: str = Field(max_length=16)
    status: str = Field(max_length=16)
    status_note: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    merged_into: int | None = Field(default=None, foreign_key="idea.id")
    origin_channel: str = Field(max_length=100)
    media_sha256: str | None = Field(default=None, foreign_key="media.sha256", max_length=64)
    created_at: datetime = _utc(nullable=False)  # type: ignore[assignment]
    updated_at: datetime = _utc(nullable=False)  # type: ignore[assignment]


class IdeaUpvote(SQLModel, table=True):
    """A member's upvote of an idea; ``round_id`` is the round it was given in (budgets)."""

    __tablename__ = "idea_upvote"
    __table_args__ = (
        UniqueConstraint("idea_id", "participant_id"),
        Index("ix_idea_upvote_member_round", "participant_id", "round_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    idea_id: int = Field(foreign_key="idea.id")
    participant_id: int = Field(foreign_key="participant.id")
    round_id: int = Field(foreign_key="round.id")
    cast_at: datetime = _utc(nullable=False)  # type: ignore[assignment]


class IdeaCredit(SQLModel, table=True):
    """A member credited on an idea besides its author (the author of a merged duplicate)."""

    __tablename__ = "idea_credit"
    __table_args__ = (UniqueConstraint("idea_id", "participant_id"),)

    id: int | None = Field(default=None, primary_key=True)
    idea_id: int = Field(foreign_key="idea.id")
    participant_id: int = Field(foreign_key="participant.id")
    from_idea: int = Field(foreign_key="idea.id")


def _table(model: type[SQLModel]) -> Table:
    return model.__table__  # type: ignore[attr-defined,no-any-return]


IDEA = _table(Idea)
IDEA_UPVOTE = _table(IdeaUpvote)
IDEA_CREDIT = _table(IdeaCredit)
