"""Refusing banned members' participation, fast.

Every vote would otherwise pay a database read, so each process remembers bans for a few
seconds and forgets a campaign's entry when it bans or unbans there itself. The cache only
decides the friendly refusal: tallies and exports filter banned members in SQL
(:func:`storage.moderation.bans.not_banned`), so a vote that slips through in another process during
those seconds is still not counted.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.config.model import CampaignConfig
from bot.model.errors import NotAllowed
from bot.model.events import Event
from storage.db import Database
from storage.moderation.bans import BanView, person_bans

TTL = timedelta(seconds=5)


class BanList:
    """Bans per campaign, read at most once per :data:`TTL` per process."""

    def __init__(self) -> None:
        self._known: dict[str, tuple[datetime, dict[str, BanView]]] = {}

    async def ban_of(
        self, db: Database, campaign_id: str, member: str, now: datetime
    ) -> BanView | None:
        """The ban of ``member`` (``platform:user-id``) in the campaign, if any: their own, or
        the ban of an account linked to theirs (a ban applies to the person)."""
        cached = self._known.get(campaign_id)
        if cached is None or now - cached[0] > TTL or now < cached[0]:
            bans = await person_bans(db, campaign_id)
            cached = self._known[campaign_id] = (now, bans)
        return cached[1].get(member)

    def forget(self, campaign_id: str) -> None:
        """Drop a campaign's cached bans (after banning or unbanning there)."""
        self._known.pop(campaign_id, None)


async def refuse_if_banned(
    bans: BanList, db: Database, campaign: CampaignConfig, event: Event, now: datetime
) -> None:
    """Raise :class:`NotAllowed` with the ban's reason when the author is banned here."""
    found = await bans.ban_of(db, campaign.id, event.user.key, now)
    if found is not None:
        raise NotAllowed("moderation.banned", campaign=campaign.title, reason=found.reason)
