"""Who uses the dashboard and what they may do in each campaign.

The roles are those of the chat (:mod:`bot.engine.access.permissions`) plus ``analyst``
(read and export, never act). What a web user may see is decided once, when their login link
is issued, with the chat's own rule, and travels signed in the link and then in the session cookie.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import IntEnum

from bot.engine.access.permissions import Role, role_of
from bot.engine.runtime import Runtime
from bot.model.events import Chat, CommandInvoked, Event
from bot.model.members import Member


class WebRole(IntEnum):
    """Ordered: a higher role has every right of the lower ones."""

    ANALYST = 0
    MODERATOR = 1
    OWNER = 2


@dataclass(frozen=True, slots=True)
class WebUser:
    """A signed-in person: ``key`` is their chat identity (``telegram:123``)."""

    key: str
    name: str
    grants: Mapping[str, WebRole] = field(default_factory=dict)

    @property
    def actor(self) -> str:
        """How the audit log names them: ``web:telegram:123``."""
        return f"web:{self.key}"

    def role_in(self, campaign_id: str) -> WebRole | None:
        """Their role in a campaign, or None when they may not see it."""
        return self.grants.get(campaign_id)

    def to_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "name": self.name,
            "grants": {c: int(r) for c, r in self.grants.items()},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> WebUser | None:
        """The user a link or session describes; None when it is not one of ours."""
        key, name, grants = data.get("key"), data.get("name"), data.get("grants")
        if not isinstance(key, str) or not isinstance(name, str) or not isinstance(grants, dict):
            return None
        try:
            roles = {str(c): WebRole(int(r)) for c, r in grants.items()}
        except (TypeError, ValueError):
            return None
        return cls(key, name, roles)


async def grants_for(runtime: Runtime, event: Event) -> dict[str, WebRole]:
    """The campaigns the event's author may see on the dashboard, with their role.

    The chat's rule per campaign (:func:`bot.engine.access.permissions.role_of`): listed owners and
    moderators, and administrators of a community where the campaign runs, asked from the
    platform the request came from. ``[web] analysts`` see the other campaigns read-only.
    """
    analyst = event.user.key in runtime.config.web.analysts
    grants: dict[str, WebRole] = {}
    for campaign in runtime.campaigns():
        role = await role_of(runtime, event, campaign)
        if role is Role.OWNER:
            grants[campaign.id] = WebRole.OWNER
        elif role is Role.MODERATOR:
            grants[campaign.id] = WebRole.MODERATOR
        elif analyst:
            grants[campaign.id] = WebRole.ANALYST
    return grants


def operator_request(member: str, at: datetime | None = None) -> Event:
    """The event standing for ``chorus web link <platform:id>``: the member asks from nowhere,
    so only the config's lists count (no platform is asked)."""
    platform, _, user_id = member.partition(":")
    return CommandInvoked(
        platform=platform,
        delivery_id="web-link",
        chat=Chat(platform, "web-link", private=True),
        user=Member(platform, user_id, user_id),
        received_at=at or datetime.now(UTC),
        name="dashboard",
        args=(),
    )
