"""The usernames the bot has seen, so a moderator's ``/ban @ana`` can name Ana.

The Bot API gives no way to look a user up by username: the adapter remembers the ids behind
the usernames of the people whose messages reach it (at most :data:`LIMIT`, the least recently
seen go first). A username nobody has seen stays a word, and the usage text says so.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Mapping

from telegram import Update

#: How many usernames are kept at most.
LIMIT = 50_000


class Usernames(Mapping[str, str]):
    """User ids by lower-cased username, as last seen in updates."""

    def __init__(self, limit: int = LIMIT) -> None:
        self._ids: OrderedDict[str, str] = OrderedDict()
        self._limit = limit

    def see(self, update: Update) -> None:
        """Remember the author of ``update``'s message and of the message it replies to."""
        message = update.effective_message
        people = [update.effective_user]
        if message is not None and message.reply_to_message is not None:
            people.append(message.reply_to_message.from_user)
        for user in people:
            if user is not None and user.username and not user.is_bot:
                key = user.username.casefold()
                self._ids[key] = str(user.id)
                self._ids.move_to_end(key)
        while len(self._ids) > self._limit:
            self._ids.popitem(last=False)

    def __getitem__(self, username: str) -> str:
        return self._ids[username.casefold()]

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)
