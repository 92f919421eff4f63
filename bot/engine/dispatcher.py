"""The dispatcher: one entry point for every event, ordered routes, one error path.

``dispatch`` never raises. A :class:`~bot.model.errors.UserError` becomes an answer in the member's
language; anything else is logged with the event and the member gets a short apology. One
handler's crash never stops the bot.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.engine.context import Context
from bot.engine.i18n import Translator, defuse
from bot.engine.places import places_of_press
from bot.engine.routes import NotMine, Route
from bot.engine.runtime import Runtime
from bot.model.errors import UserError
from bot.model.events import ButtonPressed, ChatMigrated, CommandInvoked, Event

log = logging.getLogger(__name__)


class Dispatcher:
    """Send each event to the first route that matches it."""

    def __init__(self, runtime: Runtime, routes: Sequence[Route]) -> None:
        self.runtime = runtime
        self.routes = tuple(routes)
        self._names = {r.command for r in self.routes} | {r.verb for r in self.routes}
        self._candidates: dict[tuple[type[Event], str | None], tuple[Route, ...]] = {}

    async def dispatch(self, event: Event) -> None:
        """Handle ``event``; every failure ends here as an answer or a log line."""
        received, event = event, self._where_now(event)
        ctx = self._context(event)
        try:
            verb = None
            if isinstance(received, ButtonPressed):  # bound to the place it was pressed in
                here = places_of_press(received.chat, received.user)
                verb, ctx.action_args = self.runtime.signer.verify(received.action, here)
            for route in self._routes_for(event, verb):
                try:
                    await route.handler(event, ctx)
                except NotMine:
                    continue
                return
            await self._unrouted(event, ctx)
        except UserError as error:
            params = {k: defuse(_written(v, ctx.t)) for k, v in error.params.items()}
            await self._answer(ctx, ctx.t(error.key, **params))
        except Exception as error:
            self.runtime.errors.report(
                error,
                "handler failed for %s delivery %s from %s",
                type(event).__name__,
                event.delivery_id,
                event.user.key,
            )
            await self._answer(ctx, ctx.t("error.internal"))

    def _where_now(self, event: Event) -> Event:
        """``event`` as from the chat where its chat is now: a Telegram group upgraded to a
        supergroup keeps its earlier messages, so a press on an opening posted before the
        upgrade comes from the old id; it counts for the campaign, which follows the group."""
        now = self.runtime.moves.get(event.chat.key)
        if now is None or event.chat.private or isinstance(event, ChatMigrated):
            return event
        platform, _, ident = now.partition(":")
        if platform != event.chat.platform:
            return event
        return replace(event, chat=replace(event.chat, id=ident))

    def _routes_for(self, event: Event, verb: str | None) -> tuple[Route, ...]:
        """The routes matching ``event``, in order. Which match depends only on the event's
        type and its command name or button verb, so each combination is worked out once
        (any name no route has shares one entry: only the routes by type take it)."""
        name = event.name if isinstance(event, CommandInvoked) else verb
        key = (type(event), name if name in self._names else None)
        found = self._candidates.get(key)
        if found is None:
            found = self._candidates[key] = tuple(r for r in self.routes if r.matches(event, verb))
        return found

    def _context(self, event: Event) -> Context:
        here = self.runtime.campaigns_in(event.chat.key)
        campaign = here[0] if here else None
        t = self.runtime.translator(campaign, event.user.locale, event.platform)
        return Context(self.runtime, event, t)

    async def _unrouted(self, event: Event, ctx: Context) -> None:
        if isinstance(event, CommandInvoked):
            if not (event.addressed or event.chat.private):
                return  # another bot's command in a group is not ours to answer
            await ctx.reply(ctx.t("error.unknown_command", command=defuse(event.name)))
        elif isinstance(event, ButtonPressed):
            await ctx.reply(ctx.t("error.stale_button"))
        else:
            log.debug("ignored %s from %s", type(event).__name__, event.user.key)

    async def _answer(self, ctx: Context, text: str) -> None:
        try:
            await ctx.reply(text)
        except Exception as error:
            self.runtime.errors.report(error, "could not answer delivery %s", ctx.event.delivery_id)


def _written(value: object, t: Translator) -> str:
    """An error's parameter as the member's language writes it: a date and time (given in
    the campaign's zone) to the minute, anything else as it is."""
    if isinstance(value, datetime) and isinstance(value.tzinfo, ZoneInfo):
        return t.datetime(value, value.tzinfo)
    return str(value)
