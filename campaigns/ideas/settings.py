"""``[campaigns.ideas]``: the idea box's settings and idea statuses, declared to config
validation."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from bot.config.kinds import KindSettings, Section
from bot.config.types import ChannelRef, Duration
from bot.model.states import IdeaStatus

#: How the config names a status (``retained = ["planned"]``): the values of :class:`IdeaStatus`.
IdeaStatusName = Literal["new", "under_review", "planned", "in_progress", "shipped", "declined"]
#: The statuses a moderator can give an idea, in the order an idea usually moves through them.
IDEA_STATUSES: tuple[IdeaStatus, ...] = tuple(IdeaStatus)


class IdeasSettings(Section):
    """``[campaigns.ideas]``: an idea box with similar-idea checks, upvotes and statuses.

    ``similarity_threshold`` is the score (0..1) from which an idea already posted is shown as
    "looks like yours" before a new one is published. ``upvotes_per_round`` caps how many ideas
    a member may upvote in a round (no cap when absent). ``digest_every`` posts the top ideas
    on a schedule while a round is open; ``retained`` are the statuses the round-close summary
    announces as the ideas the brand keeps. ``accept_private`` lets members post and upvote
    from a private chat with the bot (see :mod:`bot.engine.access.membership`).
    """

    min_length: Annotated[int, Field(ge=1, le=200)] = 10
    max_length: Annotated[int, Field(ge=20, le=4000)] = 500
    title_max_length: Annotated[int, Field(ge=10, le=200)] = 100
    moderation: Literal["pre", "post"] = "post"
    moderators_channel: ChannelRef | None = None
    similarity_threshold: Annotated[float, Field(gt=0, le=1)] = 0.75
    similar_shown: Annotated[int, Field(ge=1, le=5)] = 3
    upvotes_per_round: Annotated[int, Field(ge=1, le=1000)] | None = None
    self_upvote: bool = False
    top_shown: Annotated[int, Field(ge=1, le=25)] = 5
    image_max_mb: Annotated[float, Field(gt=0, le=50)] = 10
    digest_every: Duration | None = None
    retained: list[IdeaStatusName] = ["planned", "in_progress", "shipped"]
    accept_private: bool = False

    @model_validator(mode="after")
    def _coherent(self) -> IdeasSettings:
        if self.min_length > self.max_length:
            raise PydanticCustomError(
                "ideas_lengths",
                "min_length ({min}) is more than max_length ({max})",
                {"min": self.min_length, "max": self.max_length},
            )
        if self.digest_every is not None and self.digest_every < timedelta(hours=1):
            raise PydanticCustomError("ideas_digest_too_often", "digest_every must be at least 1h")
        if len(set(self.retained)) != len(self.retained):
            raise PydanticCustomError("ideas_retained_twice", "a retained status is listed twice")
        return self


SETTINGS = KindSettings("ideas", IdeasSettings)
