"""The tables. Every uniqueness rule that protects a count is a database constraint."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, String, Table, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


def _utc(**kwargs: object) -> object:
    return Field(sa_column=Column(UTCDateTime(), **kwargs))  # type: ignore[arg-type]


class Meta(SQLModel, table=True):
    """Key/value facts about this installation (e.g. the action-signing secret)."""

    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(sa_column=Column(Text, nullable=False))


class Campaign(SQLModel, table=True):
    """A campaign as last synchronised from ``config.toml``."""

    id: str = Field(primary_key=True, max_length=48)
    kind: str = Field(max_length=16)
    title: str = Field(max_length=200)
    rules: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = _utc(nullable=False)  # type: ignore[assignment]


class Round(SQLModel, table=True):
    """One round of a campaign. ``state`` only moves by compare-and-set (see storage.rounds)."""

    __table_args__ = (UniqueConstraint("campaign_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: str = Field(foreign_key="campaign.id", index=True, max_length=48)
    number: int
    state: str = Field(max_length=16, index=True)
    opens_at: datetime = _utc(nullable=False)  # type: ignore[assignment]
    closes_at: datetime = _utc(nullable=False)  # type: ignore[assignment]
    opened_at: datetime | None = _utc(nullable=True)  # type: ignore[assignment]
    closed_at: datetime | None = _utc(nullable=True)  # type: ignore[assignment]
    announced_at: datetime | None = _utc(nullable=True)  # type: ignore[assignment]
    paused_at: datetime | None = _utc(nullable=True)  # type: ignore[assignment]
    phase: str = Field(default="", sa_column=Column(String(16), nullable=False, server_default=""))
    voting_opens_at: datetime | None = _utc(nullable=True)  # type: ignore[assignment]
    note: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class Participant(SQLModel, table=True):
    """A member of some platform, as seen by Chorus: every table that names a person refers
    to this row by ``participant_id`` (only :mod:`storage.participants` looks a member up by
    platform and id). Erasure moves announced records to a placeholder row (platform
    ``erased``) so counts stay true without naming anyone."""

    __table_args__ = (UniqueConstraint("platform", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    user_id: str = Field(max_length=64)
    display_name: str = Field(max_length=200)
    locale: str | None = Field(default=None, max_length=16)
    #: When the member's platform account was created, where the platform tells (fraud signals).
    created_at: datetime | None = _utc(nullable=True)  # type: ignore[assignment]


class Ballot(SQLModel, table=True):
    """A member's vote in a round: one row per member per round, by constraint."""

    __table_args__ = (UniqueConstraint("round_id", "participant_id"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id")
    participant_id: int = Field(foreign_key="participant.id")
    choices: str = Field(max_length=128)
    cast_at: datetime = _utc(nullable=False)  # type: ignore[assignment]
    updated_at: datetime = _utc(nullable=False)  # type: ignore[assignment]


class Pledge(SQLModel, table=True):
    """A member's pledge in a round: one row per member per round, by constraint.

    ``tier`` is the index of a preset tier (None for a custom amount or a plain "I back it");
    ``amount`` is in the currency's minor units (cents), 0 when the goal counts backers only.
    A withdrawn pledge is deleted: only live pledges count and are exported.
    """

    __table_args__ = (UniqueConstraint("round_id", "participant_id"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id")
    participant_id: int = Field(foreign_key="participant.id")
    tier: int | None = Field(default=None)
    amount: int = Field(default=0)
    pledged_at: datetime = _utc(nullable=False)  # type: ignore[assignment]
    updated_at: datetime = _utc(nullable=False)  # type: ignore[assignment]


class Delivery(SQLModel, table=True):
    """The inbox: a platform delivery id recorded with its effect, so it has one effect."""

    platform: str = Field(primary_key=True, max_length=16)
    delivery_id: str = Field(primary_key=True, max_length=128)
    received_at: datetime = _utc(nullable=False, index=True)  # type: ignore[assignment]


class PendingDelivery(SQLModel, table=True):
    """The delivery journal: a raw delivery kept from before its acknowledgement until handled.

    Slack considers a delivery done once acknowledged (and Discord an interaction once
    deferred), so it is written here first; a process that dies before handling it replays it
    at its next start. The row is removed once handled; leftovers are purged after a day.
    """

    __tablename__ = "pending_delivery"

    platform: str = Field(primary_key=True, max_length=16)
    delivery_id: str = Field(primary_key=True, max_length=128)
    payload: str = Field(sa_column=Column(Text, nullable=False))
    received_at: datetime = _utc(nullable=False, index=True)  # type: ignore[assignment]


class Outbox(SQLModel, table=True):
    """A message to post once: unique ``key`` per (round, kind of message, channel)."""

    __table_args__ = (Index("ix_outbox_state_due", "state", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True)
    round_id: int | None = Field(default=None, foreign_key="round.id", index=True)
    kind: str = Field(max_length=32)
    channel: str = Field(max_length=100)
    payload: str = Field(sa_column=Column(Text, nullable=False))
    state: str = Field(max_length=16)
    attempts: int = 0
    next_attempt_at: datetime = _utc(nullable=False)  # type: ignore[assignment]
    claimed_at: datetime | None = _utc(nullable=True)  # type: ignore[assignment]
    #: The process sending it (its name on the database) and until when, unless it renews.
    claimed_by: str | None = Field(default=None, max_length=64)
    lease_until: datetime | None = _utc(nullable=True)  # type: ignore[assignment]
    message_id: str | None = Field(default=None, max_length=100)
    sent_at: datetime | None = _utc(nullable=True)  # type: ignore[assignment]
    last_error: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class AuditEntry(SQLModel, table=True):
    """Who did what, when: every moderator action and state transition."""

    __tablename__ = "audit"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _utc(nullable=False)  # type: ignore[assignment]
    actor: str = Field(max_length=100)
    campaign_id: str | None = Field(default=None, max_length=48, index=True)
    round_id: int | None = Field(default=None)
    action: str = Field(max_length=32)
    before: str = Field(default="", max_length=32)
    after: str = Field(default="", max_length=32)
    detail: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class Ban(SQLModel, table=True):
    """A member banned from a campaign: their participation is refused, their votes are not
    counted and their entries are hidden while the row exists (``/unban`` deletes it)."""

    __table_args__ = (
        UniqueConstraint("campaign_id", "participant_id", name="uq_ban_campaign_member"),
    )

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: str = Field(max_length=48, index=True)
    participant_id: int = Field(foreign_key="participant.id")
    reason: str = Field(sa_column=Column(Text, nullable=False))
    banned_by: str = Field(max_length=100)
    banned_at: datetime = _utc(nullable=False)  # type: ignore[assignment]


class Media(SQLModel, table=True):
    """A stored image, content-addressed: ``sha256`` of the re-encoded file names it.

    ``file_ref`` is the platform's own reference to what the member sent (kept so a moderator
    can find the original on the platform); the file under the media folder is the cleaned copy
    that everyone else sees.
    """

    sha256: str = Field(primary_key=True, max_length=64)
    path: str = Field(max_length=200)
    mime_type: str = Field(max_length=32)
    width: int
    height: int
    size: int
    platform: str = Field(max_length=16)
    file_ref: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = _utc(nullable=False)  # type: ignore[assignment]


class Entry(SQLModel, table=True):
    """A contest entry. ``slot`` (1…entries per member) is set while the entry counts against
    its author's allowance, so the allowance is a unique constraint, not a race."""

    __table_args__ = (
        UniqueConstraint("campaign_id", "media_sha256"),
        UniqueConstraint("round_id", "participant_id", "slot", name="uq_entry_member_slot"),
    )

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: str = Field(foreign_key="campaign.id", index=True, max_length=48)
    round_id: int = Field(foreign_key="round.id", index=True)
    participant_id: int = Field(foreign_key="participant.id")
    #: The account the entry was submitted from (``participant_id`` is the voice it counts
    #: under, which may be a linked account's: :mod:`storage.identity.voices`); empty in
    #: entries older than it, whose account is ``participant_id``.
    account_id: int | None = Field(default=None, foreign_key="participant.id")
    #: The author's name when they submitted (what the entry's posts showed).
    author: str = Field(max_length=200)
    locale: str | None = Field(default=None, max_length=16)
    slot: int | None = Field(default=None)
    title: str = Field(max_length=200)
    text: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    media_sha256: str | None = Field(default=None, foreign_key="media.sha256", max_length=64)
    state: str = Field(max_length=16)
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    submitted_at: datetime = _utc(nullable=False)  # type: ignore[assignment]
    decided_at: datetime | None = _utc(nullable=True)  # type: ignore[assignment]
    decided_by: str = Field(default="", max_length=100)


class EntryVote(SQLModel, table=True):
    """A member's vote for an entry: once per entry, ``slot`` bounds votes per member."""

    __tablename__ = "entry_vote"
    __table_args__ = (
        UniqueConstraint("entry_id", "participant_id", name="uq_entry_vote_member"),
        UniqueConstraint("round_id", "participant_id", "slot", name="uq_entry_vote_member_slot"),
    )

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    entry_id: int = Field(foreign_key="entry.id", index=True)
    participant_id: int = Field(foreign_key="participant.id")
    slot: int
    cast_at: datetime = _utc(nullable=False)  # type: ignore[assignment]


class JuryScore(SQLModel, table=True):
    """A juror's private score for an entry (a juror may change it while the round runs)."""

    __tablename__ = "jury_score"
    __table_args__ = (UniqueConstraint("entry_id", "juror"),)

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="entry.id", index=True)
    juror: str = Field(max_length=100)
    points: int
    scored_at: datetime = _utc(nullable=False)  # type: ignore[assignment]


class EntryReport(SQLModel, table=True):
    """A member reported an entry (once per member and entry)."""

    __tablename__ = "entry_report"
    __table_args__ = (
        UniqueConstraint("entry_id", "participant_id", name="uq_entry_report_member"),
    )

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="entry.id", index=True)
    participant_id: int = Field(foreign_key="participant.id")
    reported_at: datetime = _utc(nullable=False)  # type: ignore[assignment]


class Entrant(SQLModel, table=True):
    """A member entered in a giveaway round (pressed "Enter" or had an entry approved)."""

    __table_args__ = (UniqueConstraint("round_id", "participant_id", name="uq_entrant_member"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    participant_id: int = Field(foreign_key="participant.id")
    #: The account that pressed Enter (``participant_id`` is the voice it counts under, which
    #: may be a linked account's: :mod:`storage.identity.voices`); empty in rows older than
    #: it, and in rows of approved entries' authors, whose account is ``participant_id``.
    account_id: int | None = Field(default=None, foreign_key="participant.id")
    #: The member's name when the entrant list was written (what the draw published).
    name: str = Field(max_length=200)
    locale: str | None = Field(default=None, max_length=16)
    entered_at: datetime = _utc(nullable=False)  # type: ignore[assignment]


class Award(SQLModel, table=True):
    """A winner: ``position`` 1, 2… in the order decided (re-draws continue the numbering).

    ``entry_id`` is set for contest winners; giveaway draws name the entrant only. ``rank`` is
    the prize rank the award stands for (a re-draw takes the rank of the winner it replaces).
    """

    __table_args__ = (UniqueConstraint("round_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    position: int
    rank: int
    entry_id: int | None = Field(default=None, foreign_key="entry.id")
    participant_id: int = Field(foreign_key="participant.id")
    #: The winner's name when awarded (what the announcement showed).
    name: str = Field(max_length=200)
    locale: str | None = Field(default=None, max_length=16)
    score: float = 0.0
    how: str = Field(max_length=16)
    awarded_at: datetime = _utc(nullable=False)  # type: ignore[assignment]


class Giveaway(SQLModel, table=True):
    """The commitment of a giveaway round, and what closing revealed."""

    round_id: int = Field(primary_key=True, foreign_key="round.id")
    commitment: str = Field(max_length=64)
    seed: str = Field(default="", max_length=64)
    entrants_hash: str = Field(default="", max_length=64)
    entrants: int = 0
    revealed_at: datetime | None = _utc(nullable=True)  # type: ignore[assignment]


def _table(model: type[SQLModel]) -> Table:
    return model.__table__  # type: ignore[attr-defined,no-any-return]


#: Core ``Table`` objects, for the set-based statements of the repositories.
META = _table(Meta)
CAMPAIGN = _table(Campaign)
ROUND = _table(Round)
PARTICIPANT = _table(Participant)
BALLOT = _table(Ballot)
PLEDGE = _table(Pledge)
DELIVERY = _table(Delivery)
PENDING_DELIVERY = _table(PendingDelivery)
OUTBOX = _table(Outbox)
AUDIT = _table(AuditEntry)
BAN = _table(Ban)
MEDIA = _table(Media)
ENTRY = _table(Entry)
ENTRY_VOTE = _table(EntryVote)
JURY_SCORE = _table(JuryScore)
ENTRY_REPORT = _table(EntryReport)
ENTRANT = _table(Entrant)
AWARD = _table(Award)
GIVEAWAY = _table(Giveaway)


import storage.ideas.tables  # noqa: E402  (the idea box's tables join the metadata)
import storage.identity.tables  # noqa: E402, F401  (linked accounts)
from storage import web_logins as _web_logins  # noqa: E402, F401  (dashboard login links)
