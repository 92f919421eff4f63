"""Live messages: a round's opening message, edited in place as participation comes in.

Every vote (or pledge…) *touches* its round; the updater coalesces touches and edits the
round's opening message on every channel at most once per ``every`` seconds, so a burst of
a thousand votes costs one edit per channel, within every platform's rate limits (Telegram
allows about 20 messages a minute in a group, Discord 5 per 5 s per channel, Slack about one
per second). What the message shows comes from the campaign kind's ``live_opening``.

Edits are best effort: a failed edit is logged and the next touch tries again. Nothing is
counted here; the database stays the truth.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterable

from bot.engine.places import bound
from bot.engine.runtime import Runtime
from bot.model.actions import Edit, Message
from bot.model.states import LIVE_ROUND
from storage.delivery.outbox import EDIT, OutboxItem, posted
from storage.rounds import RoundView, get_round

log = logging.getLogger(__name__)

#: Seconds between two edits of the same round's messages.
EVERY = 10.0
OPENING = "opening"


class LiveUpdater:
    """Coalesces touches per round and edits opening messages at a bounded pace.

    With ``timers=False`` nothing happens on its own: :meth:`flush` applies pending updates
    (tests and simulations drive time themselves).
    """

    def __init__(self, runtime: Runtime, *, every: float = EVERY, timers: bool = True) -> None:
        self.runtime = runtime
        self.every = every
        self.timers = timers
        self._pending: set[int] = set()
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._messages: dict[int, list[tuple[str, str]]] = {}
        self.edited = 0

    def touch(self, round_id: int) -> None:
        """Ask for ``round_id``'s messages to be brought up to date soon."""
        self._pending.add(round_id)
        if self.timers and round_id not in self._tasks:
            self._tasks[round_id] = asyncio.create_task(
                self._later(round_id), name=f"live-{round_id}"
            )

    async def flush(self) -> None:
        """Update every touched round now."""
        for round_id in sorted(self._pending):
            await self._update(round_id)

    async def settle(self) -> None:
        """Wait until the updates already scheduled have run."""
        while self._tasks:
            await asyncio.gather(*self._tasks.values(), return_exceptions=True)

    async def stop(self) -> None:
        """Cancel waiting updates (the next start shows the truth anyway)."""
        for task in list(self._tasks.values()):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()

    async def _later(self, round_id: int) -> None:
        try:
            while round_id in self._pending:
                await asyncio.sleep(self.every)
                await self._update(round_id)
        finally:
            self._tasks.pop(round_id, None)

    async def _update(self, round_id: int) -> None:
        self._pending.discard(round_id)
        try:
            await self._edit(round_id)
        except Exception as error:
            self.runtime.errors.report(error, "live update of round %d failed", round_id)

    async def _edit(self, round_id: int) -> None:
        round_ = await get_round(self.runtime.db, round_id)
        if round_ is None or round_.state not in LIVE_ROUND:
            self._messages.pop(round_id, None)
            return
        message = await _opening_now(self.runtime, round_)
        if message is None:
            return
        targets = self._messages.get(round_id)
        if not targets:
            targets = self._messages[round_id] = await posted(self.runtime.db, round_id, OPENING)
        for channel, message_id in targets:
            platform, _, channel_id = channel.partition(":")
            adapter = self.runtime.adapters.get(platform)
            if adapter is None:
                continue
            try:
                edit = Edit(channel_id, message_id, message)
                await adapter.send(bound(self.runtime.signer, platform, edit))
                self.edited += 1
            except Exception as exc:
                log.warning("editing the live message in %s failed: %s", channel, exc)


async def _opening_now(runtime: Runtime, round_: RoundView) -> Message | None:
    """What a running round's opening message shows now (None: its kind keeps it as posted)."""
    campaign = runtime.campaign(round_.campaign_id)
    if campaign is None:
        return None
    kind = runtime.kinds[campaign.kind]
    return await kind.live_opening(runtime, campaign, round_, runtime.translator(campaign))


async def opening_edits(runtime: Runtime, round_ids: Iterable[int], tag: str) -> list[OutboxItem]:
    """Outbox rows (kind ``{tag}-opening``) bringing the opening messages of these running
    rounds up to date: for a change that must reach the platforms for sure (an erased member's
    name in the live standing), unlike the best-effort live updates."""
    items: list[OutboxItem] = []
    for round_id in sorted(set(round_ids)):
        round_ = await get_round(runtime.db, round_id)
        if round_ is None or round_.state not in LIVE_ROUND:
            continue
        message = await _opening_now(runtime, round_)
        if message is None:
            continue
        for channel, message_id in await posted(runtime.db, round_id, OPENING):
            payload = {**message.to_dict(), EDIT: message_id}
            items.append(OutboxItem(round_id, f"{tag}-{OPENING}", channel, payload))
    return items
