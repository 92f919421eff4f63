"""How the outbox is doing, read for the dashboard's delivery health page.

Per platform: how many messages wait (pending, or claimed by a sender), how many of those
already failed once, the oldest waiting one with its last error, and how many private messages
are parked until their member opens the way; then the messages given up
on (``failed``: undeliverable, or out of retries). The outbox keeps no time of queueing, so the
oldest waiting message is the first queued (lowest id), shown with its next attempt.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, or_, select

from bot.model.states import OutboxState
from storage.db import Database
from storage.tables import OUTBOX, ROUND

_OUTBOX: Any = OUTBOX
_ROUND: Any = ROUND
#: Given-up messages listed at most (the newest first).
UNDELIVERABLE_LIMIT = 50
_WAITING = (OutboxState.PENDING, OutboxState.SENDING)


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """One outbox row as the page shows it."""

    id: int
    channel: str
    kind: str
    attempts: int
    next_attempt_at: datetime
    last_error: str

    @property
    def platform(self) -> str:
        return self.channel.partition(":")[0]


@dataclass(slots=True)
class PlatformBacklog:
    """The waiting messages of one platform."""

    platform: str
    waiting: int = 0
    retrying: int = 0
    oldest: OutboxMessage | None = None
    latest_error: str = ""
    #: Private messages parked until their member opens the way (starts the bot, opens DMs).
    parked: int = 0

    @property
    def failing(self) -> bool:
        """Its messages are being retried: the platform refuses or cannot be reached."""
        return self.retrying > 0


@dataclass(frozen=True, slots=True)
class DeliveryHealth:
    """Backlog per platform (in platform order) and the messages given up on."""

    backlog: list[PlatformBacklog] = field(default_factory=list)
    undeliverable: list[OutboxMessage] = field(default_factory=list)


async def delivery_health(
    db: Database, campaign_ids: Collection[str], *, without_round: bool
) -> DeliveryHealth:
    """The outbox of ``campaign_ids``' rounds, plus the rows of no round (moderators' alerts,
    privacy notices…) when ``without_round``."""
    rounds = select(_ROUND.c.id).where(_ROUND.c.campaign_id.in_(list(campaign_ids)))
    scope = _OUTBOX.c.round_id.in_(rounds)
    if without_round:
        scope = or_(scope, _OUTBOX.c.round_id.is_(None))
    columns = (
        _OUTBOX.c.id,
        _OUTBOX.c.channel,
        _OUTBOX.c.kind,
        _OUTBOX.c.attempts,
        _OUTBOX.c.next_attempt_at,
        _OUTBOX.c.last_error,
    )
    async with db.reading() as conn:
        waiting = (
            await conn.execute(
                select(*columns).where(scope, _OUTBOX.c.state.in_(_WAITING)).order_by(_OUTBOX.c.id)
            )
        ).all()
        failed = (
            await conn.execute(
                select(*columns)
                .where(scope, _OUTBOX.c.state == OutboxState.FAILED)
                .order_by(_OUTBOX.c.id.desc())
                .limit(UNDELIVERABLE_LIMIT)
            )
        ).all()
        parked = (
            await conn.execute(
                select(_OUTBOX.c.channel).where(scope, _OUTBOX.c.state == OutboxState.PARKED)
            )
        ).all()
    backlog: dict[str, PlatformBacklog] = {}
    for row in waiting:
        message = OutboxMessage(*row)
        platform = backlog.setdefault(message.platform, PlatformBacklog(message.platform))
        platform.waiting += 1
        if platform.oldest is None:
            platform.oldest = message
        if message.last_error:
            platform.retrying += 1
            platform.latest_error = message.last_error
    for (channel,) in parked:
        name = str(channel).partition(":")[0]
        backlog.setdefault(name, PlatformBacklog(name)).parked += 1
    return DeliveryHealth(
        backlog=[backlog[name] for name in sorted(backlog)],
        undeliverable=[OutboxMessage(*row) for row in failed],
    )


@dataclass(frozen=True, slots=True)
class Backlog:
    """What waits to be sent on one platform, and for how long the most overdue has."""

    platform: str
    waiting: int
    overdue_seconds: float


async def backlog(db: Database, now: datetime) -> list[Backlog]:
    """Per platform: messages waiting (pending or being sent) and how far past its due time
    the most overdue one is (0 when none is due yet)."""
    platform = func.substr(_OUTBOX.c.channel, 1, func.instr(_OUTBOX.c.channel, ":") - 1)
    if db.dialect == "postgresql":
        platform = func.split_part(_OUTBOX.c.channel, ":", 1)
    async with db.reading() as conn:
        rows = (
            await conn.execute(
                select(platform, func.count(), func.min(_OUTBOX.c.next_attempt_at))
                .where(_OUTBOX.c.state.in_(_WAITING))
                .group_by(platform)
                .order_by(platform)
            )
        ).all()
    return [
        Backlog(str(name), int(count), max(0.0, (now - _aware(oldest)).total_seconds()))
        for name, count, oldest in rows
    ]


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
