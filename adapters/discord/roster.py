"""What this process knows of the members and servers it talks with: each member's latest
interaction per channel (rights and roles come with it), which server a channel is in, and
whether a member is in a server (asked of Discord, remembered a while)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

import discord

from adapters.discord.translate import Invocation
from adapters.remembered import Remembered
from bot.model.events import Chat
from bot.model.members import Member

MEMBERS_REMEMBERED = 10_000
#: How long a server's answer "this member is (not) here" is trusted, in seconds.
MEMBERSHIP_TTL = 300.0


class Roster:
    """Members' latest interactions, channels' servers and server membership."""

    def __init__(
        self, client: Callable[[], discord.Client | None], moderator_roles: frozenset[str]
    ) -> None:
        self._client_or_none = client
        self._moderator_roles = moderator_roles
        self._members: OrderedDict[tuple[str, str], Invocation] = OrderedDict()
        #: ``(server id, user id) → is a member``: a burst of private votes asks once each.
        self._guild_members: Remembered[tuple[str, str], bool] = Remembered(
            self._ask_membership, MEMBERSHIP_TTL
        )
        #: Channel id → server id, as interactions told (a channel never changes server).
        self._servers: dict[str, str] = {}

    def _client(self) -> discord.Client:
        client = self._client_or_none()
        if client is None:
            raise RuntimeError("the Discord adapter is not started")
        return client

    def remember(self, inv: Invocation) -> None:
        key = (inv.channel_id, inv.user_id)
        self._members[key] = inv
        self._members.move_to_end(key)
        if inv.guild_id is not None:
            self._servers[inv.channel_id] = inv.guild_id
        while len(self._members) > MEMBERS_REMEMBERED:
            self._members.popitem(last=False)

    async def is_admin(self, chat: Chat, user: Member) -> bool:
        """Manage Server or a moderator role, as the member's latest interaction here said."""
        inv = self._members.get((chat.id, user.id))
        return inv is not None and inv.may_moderate(self._moderator_roles)

    async def community(self, chat: Chat) -> str | None:
        """The server of ``chat``: as an interaction there said, else as discord.py's cache of
        the servers' channels says (kept by the guilds intent). A channel of a server this
        process does not hold (another shard's, one the bot left) has none we can tell.
        """
        if chat.private:
            return None
        known = self._servers.get(chat.id)
        if known is not None:
            return known
        client = self._client_or_none()
        if client is None or not chat.id.isdigit():
            return None
        guild = getattr(client.get_channel(int(chat.id)), "guild", None)
        return None if guild is None else str(guild.id)

    async def member_roles(self, chat: Chat, user: Member) -> frozenset[str]:
        """The member's roles in the server of ``chat``, from their interaction in hand.

        Discord sends the member's role ids with every INTERACTION_CREATE in a server, so the
        latest interaction of ``user`` in ``chat`` (the one being handled when eligibility
        asks) tells them without a request or the privileged members intent. None in a DM.
        """
        inv = self._members.get((chat.id, user.id))
        if inv is None or inv.guild_id is None:
            return frozenset()
        return inv.roles

    async def is_member(self, chat: Chat, user: Member) -> bool:
        """Whether ``user`` is in the server of the channel ``chat`` (a campaign's channel);
        False when the bot does not see that channel."""
        channel = self._client().get_channel(int(chat.id)) if chat.id.isdigit() else None
        guild = getattr(channel, "guild", None)
        if guild is None:
            return False
        return await self._guild_members.get((str(guild.id), user.id))

    async def _ask_membership(self, member: tuple[str, str]) -> bool:
        """``GET /guilds/{guild}/members/{user}``: the member, or 404 Unknown Member (the
        gateway's member list would need the privileged members intent)."""
        guild_id, user_id = member
        guild = self._client().get_guild(int(guild_id))
        if guild is None or not user_id.isdigit():
            return False
        try:
            await guild.fetch_member(int(user_id))
        except discord.NotFound:  # Unknown Member: not in the server
            return False
        return True
