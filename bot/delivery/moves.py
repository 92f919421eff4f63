"""A chat that moves under a campaign (a Telegram group upgraded to a supergroup gets a new
id): the campaign follows it.

The platform tells in two ways: the migration itself, delivered as an event, or a refusal of a
message sent to the old id (:class:`~bot.model.errors.ChatMoved`), which is how a process that
missed the event learns it. Either way the move is recorded once, what waits for the old chat
is re-addressed (:mod:`storage.delivery.chat_moves`), the running config follows it (every
process reads the moves at start), and the moderators are told to update ``config.toml``.
"""

from __future__ import annotations

import logging

from bot.config.moves import follow, stale_channels, with_moves
from bot.delivery.alerts import alert
from bot.engine.context import Context
from bot.engine.routes import Route, received
from bot.engine.runtime import Runtime
from bot.model.events import ChatMigrated, Event
from storage.delivery.chat_moves import chat_moves, record_move

log = logging.getLogger(__name__)
MOVED = "moves.alert.moved"
#: The news other processes hear when a chat moved.
NEWS = "moves"


async def follow_move(runtime: Runtime, old: str, new: str) -> None:
    """The chat ``old`` (``platform:id``) is now ``new``: record it, re-address what waits,
    follow it, and tell the moderators (once, whichever process learns it first)."""
    if old == new:
        return
    first = await record_move(runtime.db, old, new, runtime.clock.now())
    await apply_moves(runtime, quiet=True)
    if not first:
        return
    await runtime.news.tell(NEWS)
    log.warning("%s is now %s: replace it in config.toml", old, new)
    campaigns = runtime.campaigns_in(new)
    await alert(runtime, campaigns, f"moved:{old}", MOVED, old=old, new=new)


async def apply_moves(runtime: Runtime, *, quiet: bool = False) -> None:
    """Make the running config follow every move recorded (at start, after a move here or
    in another process, after a reload); unless ``quiet``, say which ids the file should
    change."""
    moves = await chat_moves(runtime.db)
    for old, new in [] if quiet else stale_channels(runtime.config, moves):
        log.warning("config.toml names %s, which is now %s: replace it", old, new)
    runtime.config = with_moves(runtime.config, moves)
    runtime.moves = {old: follow(moves, old) for old in moves}
    if moves:
        log.info("following %d chat move(s)", len(moves))


async def chat_migrated(event: Event, ctx: Context) -> None:
    """The platform says the chat moved."""
    assert isinstance(event, ChatMigrated)
    await follow_move(ctx.runtime, event.chat.key, f"{event.platform}:{event.to}")


def hear_moves(runtime: Runtime) -> None:
    """Follow the moves another process learns, at once (it tells them once recorded)."""
    runtime.news.on(NEWS, lambda _: apply_moves(runtime, quiet=True))


def move_routes() -> list[Route]:
    return [received(ChatMigrated, chat_migrated)]
