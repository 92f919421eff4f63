"""The outbox sender: posts queued messages through the adapters, retrying with backoff.

It wakes when a commit queues messages (the database tells it: whoever writes outbox rows
never wakes it by hand; on PostgreSQL every process hears another's commits through
``NOTIFY``) and every few seconds anyway (messages for a platform that was down, retries).
The rows of a batch go side by side, one lane per channel (a channel's rows in order): a round
announced in a hundred channels is paced by the platform's limits, not by the round trips of
one request after another. Several processes may send from one outbox: each claims due rows
under its own name, renews its claims while it still sends them (a platform's ``retry_after``
may hold a post for long), gives back what it did not send when it stops, and only marks sent
what it still owns (:mod:`storage.delivery.outbox_claims`). A row is marked sent with the
platform's message id; a crash after posting and before marking re-posts that one message —
the only window left, and one no platform API lets us close.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

from bot.delivery import changes
from bot.delivery.alerts import ALERT_KIND, alert, campaigns_on, campaigns_on_platform
from bot.delivery.moves import follow_move
from bot.delivery.reach import park_refused
from bot.engine.places import bound
from bot.engine.runtime import Runtime
from bot.model.actions import Action, Delete, Direct, Edit, Message, Post
from bot.model.errors import ChatMoved, PrivateRefused, Undeliverable
from storage.delivery.outbox import DELETE, EDIT, OUTBOX_CHANNEL, PendingMessage
from storage.delivery.outbox_claims import claim_due, mark_failed, mark_sent, release, renew

log = logging.getLogger(__name__)

#: Outbox channels ``platform:dm:user-id`` are private messages to one member.
DIRECT_PREFIX = "dm:"
MAX_ATTEMPTS = 12
POLL_EVERY = 5.0
#: Consecutive failed posts on one platform before its campaigns' moderators are alerted.
PLATFORM_FAILING = 5


def backoff(attempts: int) -> timedelta:
    """Delay before retry number ``attempts`` (2 s, 4 s, 8 s … capped at 10 min)."""
    return timedelta(seconds=min(2**attempts, 600))


class Postman:
    """Drains the outbox while running."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self.delivered = asyncio.Event()
        #: Per platform: consecutive failures, and when the current streak began.
        self._failing: dict[str, tuple[int, datetime]] = {}
        self.lease = timedelta(seconds=runtime.config.storage.claim_seconds)
        #: Messages this process posted, and posts that failed (each retry counts), since start.
        self.sent_total = 0
        self.failed_total = 0
        runtime.db.on_outbox_write(self.wake)
        runtime.peers.listen(OUTBOX_CHANNEL, self.wake)

    def wake(self) -> None:
        """Deliver now rather than at the next poll (messages were queued, or we are stopping)."""
        self.runtime.outbox_ready.set()

    def start(self) -> None:
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name="postman")

    async def stop(self, grace: float = 10.0) -> None:
        """Finish the delivery in progress (a message half-sent is worse than one late),
        then stop; give up after ``grace`` seconds."""
        if self._task is None:
            return
        self._stopping = True
        self.wake()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), grace)
        except TimeoutError:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task = None

    async def _run(self) -> None:
        while not self._stopping:
            try:
                await self.deliver_due()
            except Exception as error:
                self.runtime.errors.report(error, "outbox delivery round failed")
            if self._stopping:
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.runtime.outbox_ready.wait(), POLL_EVERY)
            self.runtime.outbox_ready.clear()

    async def deliver_due(self) -> int:
        """Post every due message once; return how many were posted."""
        posted = 0
        db = self.runtime.db
        while not self._stopping and (
            batch := await claim_due(db, self.runtime.clock.now(), self.lease)
        ):
            async with self._renewing():
                counts = await asyncio.gather(*(self._lane(rows) for rows in lanes(batch)))
                posted += sum(counts)
        if posted:
            self.sent_total += posted
            self.delivered.set()
        return posted

    async def _lane(self, rows: list[PendingMessage]) -> int:
        """Post one channel's rows in order (channels go side by side, each within its
        platform's limits); when stopping, give the rest back to whichever process is free."""
        posted = 0
        for index, row in enumerate(rows):
            if self._stopping:
                await release(self.runtime.db, [r.id for r in rows[index:]])
                break
            posted += await self._deliver(row)
        return posted

    @contextlib.asynccontextmanager
    async def _renewing(self) -> AsyncIterator[None]:
        """Keep this process's claims its own while the batch is being sent."""
        task = asyncio.create_task(self._renew(), name="postman-renew")
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _renew(self) -> None:
        every = self.lease.total_seconds() / 3
        while True:
            await asyncio.sleep(every)
            try:
                await renew(self.runtime.db, self.runtime.clock.now() + self.lease)
            except Exception as error:
                self.runtime.errors.report(error, "renewing outbox claims failed")

    async def _deliver(self, row: PendingMessage) -> int:
        platform, _, channel = row.channel.partition(":")
        adapter = self.runtime.adapters.get(platform)
        now = self.runtime.clock.now()
        if adapter is None:
            await mark_failed(
                self.runtime.db, row.id, f"{platform} is not running", now + backoff(row.attempts)
            )
            return 0
        try:
            ready_row = await changes.ready(self.runtime, row)
            if ready_row is None:  # a change that waits for its message, or is overtaken
                return 0
            row = ready_row
            action = action_of(row, channel)
        except (KeyError, TypeError, ValueError) as exc:  # written by another version, or damaged
            log.error("%s cannot be read, not posted: %r", row.key, exc)
            await mark_failed(self.runtime.db, row.id, f"unreadable: {exc!r}", None)
            return 0
        try:
            message_id = await adapter.send(bound(self.runtime.signer, platform, action))
        except ChatMoved as exc:  # a group became a supergroup: its posts follow it
            log.warning("%s: %s is now %s:%s", row.key, row.channel, platform, exc.to)
            await follow_move(self.runtime, row.channel, f"{platform}:{exc.to}")
            await mark_failed(self.runtime.db, row.id, str(exc), now)  # re-addressed: again now
            return 0
        except PrivateRefused as exc:  # waits until the member opens the way
            log.info("%s parked: %s", row.key, exc)
            await park_refused(self.runtime, row, self.runtime.redactor.redact(str(exc)))
            return 0
        except Undeliverable as exc:
            log.warning("%s cannot be delivered: %s", row.key, exc)
            reason = self.runtime.redactor.redact(str(exc))
            await mark_failed(self.runtime.db, row.id, f"undeliverable: {reason}", None)
            await self._cannot_post(row, "moderation.alert.undeliverable", reason)
            return 0
        except Exception as exc:
            retry = now + backoff(row.attempts) if row.attempts < MAX_ATTEMPTS else None
            log.warning("posting %s failed (attempt %d): %s", row.key, row.attempts, exc)
            self.failed_total += 1
            reason = self.runtime.redactor.redact(repr(exc))
            await mark_failed(self.runtime.db, row.id, reason, retry)
            if retry is None:
                await self._cannot_post(row, "moderation.alert.gave_up", reason)
            await self._platform_failed(platform, row, now)
            return 0
        self._failing.pop(platform, None)
        if not await mark_sent(self.runtime.db, row.id, message_id, self.runtime.clock.now()):
            log.warning("%s was posted after another process took its claim over", row.key)
        await changes.after_sent(self.runtime, row)
        return 1

    async def _cannot_post(self, row: PendingMessage, key: str, error: str) -> None:
        """Tell the moderators of the campaigns posting in a channel that it is lost to us
        (private messages are a member's own matter, and alerts never alert)."""
        if row.kind.startswith(ALERT_KIND) or f":{DIRECT_PREFIX}" in row.channel:
            return
        campaigns = campaigns_on(self.runtime, row.channel)
        await alert(
            self.runtime, campaigns, f"{key}:{row.channel}", key, channel=row.channel, error=error
        )

    async def _platform_failed(self, platform: str, row: PendingMessage, now: datetime) -> None:
        """Count a failure; alert once per streak of :data:`PLATFORM_FAILING` failures."""
        count, since = self._failing.get(platform, (0, now))
        self._failing[platform] = (count + 1, since)
        if count + 1 != PLATFORM_FAILING or row.kind.startswith(ALERT_KIND):
            return
        await alert(
            self.runtime,
            campaigns_on_platform(self.runtime, platform),
            f"platform-failing:{platform}:{since.isoformat()}",
            "moderation.alert.platform_failing",
            platform=platform,
            count=PLATFORM_FAILING,
        )


def lanes(batch: list[PendingMessage]) -> list[list[PendingMessage]]:
    """The batch's rows by channel, each channel's in the order they were claimed."""
    by_channel: dict[str, list[PendingMessage]] = {}
    for row in batch:
        by_channel.setdefault(row.channel, []).append(row)
    return list(by_channel.values())


def action_of(row: PendingMessage, channel: str) -> Action:
    """What an outbox row asks of its platform: a private message, a post, or a change to a
    message already posted (the payload names it under ``edit`` or ``delete``)."""
    message = Message.from_dict(row.payload)
    if (target := row.payload.get(DELETE)) is not None:
        return Delete(channel, str(target), message)
    if (target := row.payload.get(EDIT)) is not None:
        return Edit(channel, str(target), message)
    if channel.startswith(DIRECT_PREFIX):
        return Direct(channel.removeprefix(DIRECT_PREFIX), message, row.key)
    return Post(channel, message, row.key)
