"""How a chat command is described, once, for help texts and platform menus.

Each module that handles a command declares its :class:`CommandSpec` beside the handler (a
campaign kind in its own package, a feature in its own module); the route carries it
(:func:`bot.engine.routes.command`), and the composition root gathers every route's into
:class:`Commands`, which it hands to the adapters. They register the commands with their
platform (Telegram ``setMyCommands``, Discord application commands, the Slack manifest) and
turn an invocation into a :class:`~bot.model.events.CommandInvoked`: text parameters become
``args`` in the order given (an omitted optional one is left out), attachment parameters
become ``attachments``. Most commands accept a campaign id as their first argument; the core
recognises it, so platforms with named options put it first and platforms with free text let
the member type it.

A command's description is the catalog entry ``help.<name>``; a parameter's is
``param.<name>`` (both in French and English).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

ParamKind = Literal["text", "attachment"]


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter; ``rest`` takes the rest of the line (free text with spaces).

    ``choices`` is a fixed set of values the parameter takes (platforms with option menus
    offer them as a list); each value is shown as the catalog entry ``labels`` names, e.g.
    ``ideas.status.{value}``.
    """

    name: str
    kind: ParamKind = "text"
    required: bool = False
    rest: bool = False
    choices: tuple[str, ...] = ()
    labels: str = ""

    def label_key(self, value: str) -> str:
        """The catalog entry naming ``value``, one of :attr:`choices`."""
        return self.labels.format(value=value)


@dataclass(frozen=True, slots=True)
class Form:
    """A form standing for a command where typing it falls short (Slack's modals): its menu
    lists the running campaigns of ``kind``; it opens whenever the command is given with
    ``always`` (a photo cannot be typed), else only when the command comes without words."""

    kind: str
    always: bool = False


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """A command, who may use it, its parameters, and the form standing for it, if any."""

    name: str
    moderator: bool = False
    params: tuple[Param, ...] = ()
    form: Form | None = None


CAMPAIGN = Param("campaign")
#: A member as ``platform:user-id`` or a platform mention (``/ban``, ``/unban``).
MEMBER = Param("member", required=True)
ENTRY = Param("entry", required=True)
REASON = Param("reason", required=True, rest=True)


_MENTION = re.compile(r"(?<![\w/:.])/([a-z][a-z0-9_-]*)\b")


@dataclass(frozen=True, slots=True)
class Commands:
    """Every command a running Chorus understands, in menu order (members' first).

    The composition root gathers it from the routes (each module declares its commands
    beside their handlers) and hands it to the adapters, which read invocations, list menus
    and spell mentions with it.
    """

    specs: tuple[CommandSpec, ...] = ()

    @classmethod
    def gather(cls, specs: Iterable[CommandSpec]) -> Commands:
        """The commands among ``specs``, each once, members' before moderators' (otherwise in
        the order given).

        Raises:
            ValueError: two different commands share a name.
        """
        by_name: dict[str, CommandSpec] = {}
        for command in specs:
            known = by_name.setdefault(command.name, command)
            if known != command:
                raise ValueError(f"two different commands are named /{command.name}")
        return cls(tuple(sorted(by_name.values(), key=lambda c: c.moderator)))

    def __iter__(self) -> Iterator[CommandSpec]:
        return iter(self.specs)

    def spec(self, name: str) -> CommandSpec | None:
        """The command called ``name``, if there is one."""
        return next((c for c in self.specs if c.name == name), None)

    def only(self, names: Collection[str]) -> Commands:
        """The commands named in ``names``, in menu order."""
        return Commands(tuple(c for c in self.specs if c.name in names))

    def respell(self, text: str, spelling: Callable[[CommandSpec], str]) -> str:
        """Rewrite the ``/name`` mentions of these commands in ``text`` the way a platform
        spells them (``/chorus close`` on Slack); other slashes (URLs, paths) are left alone."""

        def replace(match: re.Match[str]) -> str:
            command = self.spec(match.group(1))
            return match.group(0) if command is None else spelling(command)

        return _MENTION.sub(replace, text)
