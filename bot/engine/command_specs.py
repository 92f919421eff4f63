"""Every chat command Chorus understands, described once for help texts and platform menus.

Adapters register these with their platform (Telegram ``setMyCommands``, Discord application
commands, the Slack manifest) and turn an invocation into a
:class:`~bot.model.events.CommandInvoked`: text parameters become ``args`` in the order given here
(an omitted optional one is left out), attachment parameters become ``attachments``. Most
commands accept a campaign id as their first argument; the core recognises it, so platforms
with named options put it first and platforms with free text let the member type it.

A command's description is the catalog entry ``help.<name>``; a parameter's is
``param.<name>`` (both in French and English).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from bot.model.states import IdeaStatus

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

COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec("help"),
    CommandSpec("campaigns"),
    CommandSpec("results", params=(CAMPAIGN,)),
    CommandSpec("vote", params=(CAMPAIGN, Param("choice", required=True, rest=True))),
    CommandSpec(
        "submit",
        params=(
            CAMPAIGN,
            Param("photo", kind="attachment"),
            Param("title", rest=True),
        ),
        form=Form("contest", always=True),
    ),
    CommandSpec(
        "idea",
        params=(
            CAMPAIGN,
            Param("image", kind="attachment"),
            Param("text", required=True, rest=True),
        ),
        form=Form("ideas"),
    ),
    CommandSpec("ideas", params=(CAMPAIGN, Param("top"))),
    CommandSpec("contributors", params=(CAMPAIGN,)),
    CommandSpec("pledge", params=(CAMPAIGN, Param("amount", rest=True))),
    CommandSpec("withdraw", params=(CAMPAIGN,)),
    CommandSpec("mydata", params=(Param("request", choices=("erase",), labels="request.{value}"),)),
    CommandSpec("link", params=(Param("code"),)),
    CommandSpec("unlink", params=(Param("platform", required=True),)),
    CommandSpec("report", params=(ENTRY,)),
    CommandSpec("score", params=(ENTRY, Param("points", required=True))),
    CommandSpec("status", moderator=True, params=(CAMPAIGN,)),
    CommandSpec(
        "setstatus",
        moderator=True,
        params=(
            Param("idea", required=True),
            Param(
                "new_status",
                required=True,
                choices=tuple(IdeaStatus),
                labels="ideas.status.{value}",
            ),
            Param("note", rest=True),
        ),
    ),
    CommandSpec(
        "merge",
        moderator=True,
        params=(Param("idea", required=True), Param("into", required=True)),
    ),
    CommandSpec(
        "hide", moderator=True, params=(Param("idea", required=True), Param("reason", rest=True))
    ),
    CommandSpec("open", moderator=True, params=(CAMPAIGN,)),
    CommandSpec("close", moderator=True, params=(CAMPAIGN, Param("reason", rest=True))),
    CommandSpec(
        "extend", moderator=True, params=(CAMPAIGN, Param("duration", required=True, rest=True))
    ),
    CommandSpec("pause", moderator=True, params=(CAMPAIGN,)),
    CommandSpec("resume", moderator=True, params=(CAMPAIGN,)),
    CommandSpec(
        "cancel", moderator=True, params=(CAMPAIGN, Param("reason", required=True, rest=True))
    ),
    CommandSpec(
        "ban",
        moderator=True,
        params=(CAMPAIGN, MEMBER, Param("reason", required=True, rest=True)),
    ),
    CommandSpec("unban", moderator=True, params=(CAMPAIGN, MEMBER)),
    CommandSpec(
        "announce", moderator=True, params=(CAMPAIGN, Param("message", required=True, rest=True))
    ),
    CommandSpec("export", moderator=True, params=(CAMPAIGN, Param("what", rest=True))),
    CommandSpec("dashboard", moderator=True),
    CommandSpec("approve", moderator=True, params=(ENTRY,)),
    CommandSpec("reject", moderator=True, params=(ENTRY, REASON)),
    CommandSpec("remove", moderator=True, params=(ENTRY, REASON)),
    CommandSpec(
        "redraw", moderator=True, params=(CAMPAIGN, Param("rank"), Param("reason", rest=True))
    ),
)


def spec(name: str) -> CommandSpec | None:
    """The command called ``name``, if Chorus has one."""
    return next((c for c in COMMANDS if c.name == name), None)


def with_forms() -> tuple[CommandSpec, ...]:
    """The commands a form stands for where typing falls short (Slack's modals)."""
    return tuple(c for c in COMMANDS if c.form is not None)


def routed(names: set[str] | frozenset[str]) -> tuple[CommandSpec, ...]:
    """The commands among :data:`COMMANDS` that some route handles, in menu order."""
    return tuple(c for c in COMMANDS if c.name in names)


_MENTION = re.compile(r"(?<![\w/:.])/([a-z][a-z0-9_-]*)\b")


def respell(text: str, spelling: Callable[[CommandSpec], str]) -> str:
    """Rewrite the ``/name`` mentions of Chorus commands in ``text`` the way a platform
    spells them (``/chorus close`` on Slack); other slashes (URLs, paths) are left alone."""

    def replace(match: re.Match[str]) -> str:
        command = spec(match.group(1))
        return match.group(0) if command is None else spelling(command)

    return _MENTION.sub(replace, text)
