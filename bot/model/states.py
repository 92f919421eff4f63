"""The closed sets of states things move through, as stored in the database.

Each member's value is the string stored in its table's ``state``/``status`` column, and a
``StrEnum`` compares equal to that string, so rows written before these enums read the same.
"""

from __future__ import annotations

from enum import StrEnum


class RoundState(StrEnum):
    """Where a round stands; ``state`` only moves by compare-and-set (see storage.rounds)."""

    SCHEDULED = "scheduled"
    OPEN = "open"
    PAUSED = "paused"
    CLOSED = "closed"
    ANNOUNCED = "announced"
    CANCELLED = "cancelled"


#: A round members can still act in (an open or paused round).
LIVE_ROUND: tuple[RoundState, ...] = (RoundState.OPEN, RoundState.PAUSED)
#: A round that ended and counted (closed, perhaps announced).
ENDED_ROUND: tuple[RoundState, ...] = (RoundState.CLOSED, RoundState.ANNOUNCED)
#: A round nothing will happen to any more.
FINAL_ROUND: tuple[RoundState, ...] = (RoundState.ANNOUNCED, RoundState.CANCELLED)


class OutboxState(StrEnum):
    """Where one outbound message stands in the outbox."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"  # a decision never to post this key
    PARKED = "parked"  # a private message the member must first open the way for


class EntryState(StrEnum):
    """A contest entry's review state."""

    PENDING = "pending"
    APPROVED = "approved"
    HIDDEN = "hidden"
    REJECTED = "rejected"
    REMOVED = "removed"


#: Every entry state, in the order exports list them.
ENTRY_STATES: tuple[EntryState, ...] = tuple(EntryState)
#: Entries a moderator still has to look at.
ENTRY_WAITING: tuple[EntryState, ...] = (EntryState.PENDING, EntryState.HIDDEN)


class IdeaState(StrEnum):
    """Whether members see an idea (its moderation state, not the brand's answer)."""

    DRAFT = "draft"  # until its author confirms it differs from the similar ideas shown
    PENDING = "pending"  # waiting for a moderator (pre-moderation)
    PUBLISHED = "published"
    REJECTED = "rejected"
    HIDDEN = "hidden"
    MERGED = "merged"
    DROPPED = "dropped"  # its author upvoted a similar idea instead


class IdeaStatus(StrEnum):
    """The brand's answer to an idea, in the order an idea usually moves through them."""

    NEW = "new"
    UNDER_REVIEW = "under_review"
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    SHIPPED = "shipped"
    DECLINED = "declined"
