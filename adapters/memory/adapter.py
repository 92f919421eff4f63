"""The in-memory adapter, shipped with the package so tests and simulations need no platform."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Mapping

from adapters.base import BUTTONS, EDITS, EPHEMERAL, Sink
from bot.model.actions import Action, Delete, Direct, Edit, Post, Reply
from bot.model.errors import PrivateRefused, TooLarge, Undeliverable
from bot.model.events import Attachment, Chat, Event
from bot.model.members import Member


class MemoryAdapter:
    """Records every action; :meth:`push` delivers an event as a platform would."""

    capabilities = frozenset({BUTTONS, EPHEMERAL, EDITS})

    def __init__(
        self,
        platform: str = "console",
        admins: frozenset[str] = frozenset(),
        communities: Mapping[str, str] | None = None,
    ) -> None:
        self.platform = platform
        self.admins = admins
        #: Chat id → its community (a server, a workspace); a chat not listed is its own.
        self.communities = dict(communities or {})
        self.posts: list[Post] = []
        self.replies: list[Reply] = []
        self.edits: list[Edit] = []
        self.deletes: list[Delete] = []
        self.directs: list[Direct] = []
        #: Files members "uploaded", by ``file_ref``, for :meth:`download`.
        self.files: dict[str, bytes] = {}
        #: Members who cannot be messaged privately (they never opened a private chat).
        self.unreachable: set[str] = set()
        #: Members whose private messages are closed until they write to the bot (as a
        #: Telegram member who never started it): their private messages are refused.
        self.closed_dms: set[str] = set()
        self.posted = asyncio.Event()
        self._sink: Sink | None = None
        self._ids = itertools.count(1)
        self.fail_posts = 0

    async def start(self, sink: Sink) -> None:
        self._sink = sink

    async def stop(self) -> None:
        self._sink = None

    async def send(self, action: Action) -> str | None:
        if isinstance(action, Reply):
            self.replies.append(action)
            return None
        if isinstance(action, Edit):
            self.edits.append(action)
            return action.message_id
        if isinstance(action, Delete):
            self.deletes.append(action)
            return None
        if isinstance(action, Direct):
            if action.user_id in self.unreachable:
                raise Undeliverable(f"{action.user_id} has no private chat with the bot")
            if action.user_id in self.closed_dms:
                raise PrivateRefused(f"{action.user_id} has not opened a private chat yet")
            self.directs.append(action)
            return f"d{next(self._ids)}"
        if self.fail_posts > 0:
            self.fail_posts -= 1
            raise ConnectionError("simulated platform outage")
        self.posts.append(action)
        self.posted.set()
        return f"m{next(self._ids)}"

    async def is_admin(self, chat: Chat, user: Member) -> bool:
        return user.key in self.admins

    async def community(self, chat: Chat) -> str | None:
        if chat.private:
            return None
        return self.communities.get(chat.id, chat.id)

    async def download(self, attachment: Attachment, limit: int) -> bytes:
        data = self.files[attachment.file_ref]
        if len(data) > limit:
            raise TooLarge(limit)
        return data

    async def push(self, event: Event) -> None:
        """Deliver ``event`` and wait until the core has handled it."""
        if self._sink is None:
            raise RuntimeError("adapter not started")
        await self._sink(event)

    async def post_of_kind(self, kind: str, limit: float = 30) -> Post:
        """The first post whose outbox key names this message kind (``opening``, ``results``…),
        waiting up to ``limit`` seconds for it to be posted."""

        async def find() -> Post:
            while True:
                for post in self.posts:
                    if f":{kind}:" in post.key:
                        return post
                self.posted.clear()
                await self.posted.wait()

        return await asyncio.wait_for(find(), limit)

    def replies_to(self, user_id: str) -> list[str]:
        """Texts answered to one member, oldest first."""
        return [r.message.text for r in self.replies if r.to.user.id == user_id]

    def directs_to(self, user_id: str) -> list[str]:
        """Texts sent privately to one member, oldest first."""
        return [d.message.text for d in self.directs if d.user_id == user_id]
