"""The member: one person on one platform, the one type every layer names them by.

Events carry the member who caused them (``event.user``); campaigns hand the same value to
storage, which keys it to a ``participant`` row (:mod:`storage.participants`); what storage
reads back (an entry's author, a winner, an idea's followers) is a member again. Identity is
``(platform, id)``: a platform account is one member, and the same person on two platforms is
two members.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.model.member_text import clean_name


@dataclass(frozen=True, slots=True)
class Member:
    """A member as the platform knows them.

    ``created_at`` is when their platform account was created, where the platform tells
    (the Discord adapter reads it from the snowflake id); fraud signals and eligibility use
    it. It does not take part in comparisons: it says something about the member, not who
    they are.

    ``anonymous`` is set when no person can be told behind the author: a message sent on
    behalf of a group or a channel (Telegram's anonymous administrators post as the group
    itself). ``id`` is then the group's or channel's. Such an author may hold a role the
    platform vouches for, but never takes part (votes, entries, ideas, pledges): two people
    behind one name would count as one.
    """

    platform: str
    id: str
    name: str
    locale: str | None = None
    created_at: datetime | None = field(default=None, compare=False)
    anonymous: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", clean_name(self.name))

    @property
    def key(self) -> str:
        """``platform:id``, the way config files name a member."""
        return f"{self.platform}:{self.id}"

    @property
    def private_channel(self) -> str:
        """``platform:dm:id``, the outbox channel of a private message to them."""
        return f"{self.platform}:dm:{self.id}"
