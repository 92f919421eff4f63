"""Where a member may take part from: the campaign's own chats, or privately from its community.

A vote, entry, idea, upvote or pledge counts only when it comes from one of the campaign's
channels, or from a private chat with the bot when the kind's ``accept_private`` is on and the
campaign has a channel on that platform. A private participation is then accepted only from a
member of one of those channels, asked from an adapter that can tell
(:class:`adapters.base.MembershipTeller`): someone who never joined the community cannot vote
by writing to the bot. Where the platform's adapter cannot tell, ``accept_private`` lets the
member in (the operator chose to trust private chats there). A question the platform fails to
answer raises, so the participation is refused by the one error path rather than let through.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.base import MembershipTeller
from bot.config.model import CampaignConfig
from bot.model.errors import NotAllowed
from bot.model.events import Chat, Event

if TYPE_CHECKING:
    from bot.engine.runtime import Runtime


async def refuse_outsiders(runtime: Runtime, event: Event, campaign: CampaignConfig) -> None:
    """Raise :class:`NotAllowed` with the reason unless the event's chat may take part.

    Raises:
        NotAllowed: ``error.take_part_here`` from a chat that is not the campaign's (and not a
            private one it accepts), ``error.private_not_accepted`` from a private chat when
            the campaign does not accept them, ``error.not_a_member`` from a private chat of
            someone who is in none of the campaign's chats on that platform.
    """
    chat = event.chat
    if chat.key in campaign.channels:
        return
    ours = [Chat(chat.platform, ident) for ident in campaign.channels_on(chat.platform)]
    if not chat.private or not ours:
        raise NotAllowed("error.take_part_here", campaign=campaign.title)
    if not campaign.accepts_private:
        raise NotAllowed("error.private_not_accepted", campaign=campaign.title)
    adapter = runtime.adapters.get(chat.platform)
    if not isinstance(adapter, MembershipTeller):
        return
    for channel in ours:
        if await adapter.is_member(channel, event.user):
            return
    raise NotAllowed("error.not_a_member", campaign=campaign.title)
