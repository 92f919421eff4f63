"""The one error tree of Chorus.

::

    ChorusError                      anything Chorus raises on purpose
    ├── ConfigError                  config.toml is wrong (carries every problem, with paths/lines)
    ├── StorageError                 the database is unreachable or not migrated
    ├── ChatMoved                    the chat has a new id (a Telegram group became a supergroup)
    ├── Undeliverable                the platform refuses a message for good (no retry helps)
    │   └── PrivateRefused           a private message the member must first open the way for
    └── UserError                    safe to show to the member who caused it (a message key)
        ├── NotAllowed               the member lacks a right (moderator, ...)
        ├── NotFound                 unknown campaign, option or round
        ├── BadInput                 malformed command arguments
        │   └── TooLarge             an upload is bigger than allowed
        └── RoundNotOpen             the round is not accepting participation now

A :class:`UserError` carries a catalog key and parameters, not text: the dispatcher translates it
into the member's language and defuses mentions in the parameters before showing it. Any other
exception escaping a handler is logged with its context, and the member gets a short apology.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


class ChorusError(Exception):
    """Base of every error Chorus raises on purpose."""


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    """One problem in a config file: where (dotted path, line when known) and what."""

    path: str
    message: str
    line: int | None = None
    code: str = ""
    params: Mapping[str, object] | None = None

    def __str__(self) -> str:
        where = self.path or "(file)"
        if self.line is not None:
            where = f"{where} (line {self.line})"
        return f"{where}: {self.message}"


class ConfigError(ChorusError):
    """The configuration cannot be used; ``problems`` lists every reason."""

    def __init__(self, problems: list[ConfigProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class StorageError(ChorusError):
    """The database cannot be used (unreachable, wrong URL, migration failed). ``key`` names
    the catalog entry that says so to the operator, when there is one for the cause."""

    def __init__(self, message: str, key: str = "", **params: object) -> None:
        super().__init__(message)
        self.key = key
        self.params = params


class ChatMoved(ChorusError):
    """The chat a message was for now lives under another id: a Telegram group upgraded to a
    supergroup (Bot API 400 with ``migrate_to_chat_id``). ``to`` is the new id on the same
    platform; the message is sent there instead."""

    def __init__(self, to: str) -> None:
        self.to = to
        super().__init__(f"the chat moved to {to}")


class Undeliverable(ChorusError):
    """The platform refuses this message for good: e.g. a member who never opened a private
    chat with the bot, or a channel the bot was removed from. The outbox stops retrying."""


class PrivateRefused(Undeliverable):
    """The platform refuses a private message to this member until they open the way: a
    Telegram member who never started the bot or blocked it (403), a Discord member whose
    direct messages are closed (50007). The message waits (is parked) until they do."""


class UserError(ChorusError):
    """An error whose message is safe to show: a catalog ``key`` plus format ``params``."""

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params: Mapping[str, object] = params
        super().__init__(key)


class NotAllowed(UserError):
    """The member lacks the right needed for this action."""


class NotFound(UserError):
    """The campaign, option or round named does not exist."""


class BadInput(UserError):
    """The command's arguments are malformed."""


class RoundNotOpen(UserError):
    """The round does not accept participation now (not yet open, paused or closed)."""


class TooLarge(BadInput):
    """An upload is bigger than allowed; ``limit`` is in bytes."""

    def __init__(self, limit: int) -> None:
        super().__init__("media.too_large", limit_mb=max(1, limit // 1_000_000))
        self.limit = limit
