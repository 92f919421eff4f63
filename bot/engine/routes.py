"""Routes: which handler an event goes to. One signature for every handler: ``(event, ctx)``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.engine.command_specs import CommandSpec
from bot.model.events import ButtonPressed, CommandInvoked, Event

if TYPE_CHECKING:
    from bot.engine.context import Context

Handler = Callable[[Event, "Context"], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Route:
    """``matches`` is cheap and synchronous; ``handler`` does the work.

    ``verb`` is set for button routes: the dispatcher verifies the button's signed action id
    and routes on its verb. ``spec`` is set for command routes: the command it answers, as
    members' menus and help describe it. ``kind`` is set for routes
    taking every event of one type (a photo sent without a command, a chat that moved); such a
    handler passes on what is not its own by raising :class:`NotMine`.
    """

    handler: Handler
    spec: CommandSpec | None = None
    verb: str | None = None
    kind: type[Event] | None = None

    @property
    def command(self) -> str | None:
        """The name of the command this route answers, if it is a command route."""
        return None if self.spec is None else self.spec.name

    def matches(self, event: Event, verb: str | None) -> bool:
        if self.command is not None:
            return isinstance(event, CommandInvoked) and event.name == self.command
        if self.verb is not None:
            return isinstance(event, ButtonPressed) and verb == self.verb
        if self.kind is not None:
            return isinstance(event, self.kind)
        return False


class NotMine(Exception):
    """Raised by a handler of a ``kind`` route: the event is not its own; the next route
    that matches gets it."""


def command(spec: CommandSpec, handler: Handler) -> Route:
    """A route for the command ``spec`` describes (moderator commands check rights in their
    handler)."""
    return Route(handler=handler, spec=spec)


def button(verb: str, handler: Handler) -> Route:
    """A route for buttons whose signed action id has this verb."""
    return Route(handler=handler, verb=verb)


def received(kind: type[Event], handler: Handler) -> Route:
    """A route for every event of type ``kind`` (its handler may raise :class:`NotMine`)."""
    return Route(handler=handler, kind=kind)
