"""The context handed to every handler with its event: services, language, answers."""

from __future__ import annotations

from dataclasses import dataclass

from bot.config.model import CampaignConfig
from bot.engine.access.bans import refuse_if_banned
from bot.engine.access.membership import refuse_outsiders
from bot.engine.access.permissions import Role, require, role_of
from bot.engine.i18n import Translator
from bot.engine.places import bound
from bot.engine.runtime import Runtime
from bot.model.actions import Message, Reply
from bot.model.errors import NotAllowed, NotFound
from bot.model.events import Event


@dataclass(slots=True)
class Context:
    """What a handler may use: ``runtime`` services, ``t`` in the member's language."""

    runtime: Runtime
    event: Event
    t: Translator
    action_args: tuple[str, ...] = ()

    async def reply(
        self,
        message: Message | str,
        *,
        private: bool = True,
        replace: bool = False,
        aside: bool = False,
    ) -> None:
        """Answer the event's author (privately where the platform allows); ``replace``
        puts the answer in place of the one-shot prompt whose button was pressed; ``aside``
        marks an acknowledgement left out where it could not be private (see :class:`Reply`)."""
        if isinstance(message, str):
            message = Message(message)
        adapter = self.runtime.adapters.get(self.event.platform)
        if adapter is not None:
            reply = Reply(self.event, message, private, replace, aside)
            await adapter.send(bound(self.runtime.signer, self.event.platform, reply))

    def campaign(self, campaign_id: str | None) -> CampaignConfig:
        """The campaign a command names, or the only one running in this chat (moderators'
        commands; members' commands choose with :func:`bot.engine.kinds.campaign_for`).

        Raises:
            NotFound: unknown id, or no id given while zero or several campaigns run here.
        """
        if campaign_id:
            campaign = self.runtime.campaign(campaign_id)
            if campaign is None:
                raise NotFound("error.unknown_campaign", campaign=campaign_id)
            return campaign
        here = self.runtime.campaigns_in(self.event.chat.key) or (
            self.runtime.campaigns() if self.event.chat.private else []
        )
        if len(here) == 1:
            return here[0]
        raise NotFound(
            "error.name_campaign", campaigns=", ".join(c.id for c in self.runtime.campaigns())
        )

    async def require_moderator(self, campaign: CampaignConfig | None) -> None:
        """Raise :class:`NotAllowed` unless the author may moderate ``campaign``."""
        await require(self.runtime, self.event, campaign, Role.MODERATOR)

    async def require_owner(self, campaign: CampaignConfig | None) -> None:
        """Raise :class:`NotAllowed` unless the author owns ``campaign`` (the brand)."""
        await require(self.runtime, self.event, campaign, Role.OWNER)

    async def is_moderator(self, campaign: CampaignConfig | None) -> bool:
        """Moderator or owner of ``campaign`` (see :mod:`bot.engine.access.permissions`)."""
        return await role_of(self.runtime, self.event, campaign) >= Role.MODERATOR

    async def require_participant(self, campaign: CampaignConfig) -> None:
        """Raise :class:`NotAllowed`, with the reason, when the author may not take part in
        ``campaign``: they write on behalf of a group or channel (no person to count once),
        they are banned from it, or they act from outside its community (see
        :mod:`bot.engine.access.membership`). Kinds call it before recording any participation."""
        if self.event.user.anonymous:
            raise NotAllowed("error.anonymous_participant")
        await refuse_if_banned(
            self.runtime.bans, self.runtime.db, campaign, self.event, self.runtime.clock.now()
        )
        await refuse_outsiders(self.runtime, self.event, campaign)
