"""Who may take part in a contest, checked when entering and when voting.

Rules, from the campaign's ``[campaigns.contest]`` section: act in one of the campaign's
channels (or privately, when ``accept_private``, as a member of the campaign's community: the
rule of every kind, :mod:`bot.engine.access.membership`); not be listed in ``banned``; an
account at least ``min_account_age`` old where the platform tells an account's age (Discord
ids carry their creation time); hold one of ``required_roles`` of the member's platform, asked
from adapters that can tell roles. Each refusal names its reason in the member's language. One
platform account is one identity: its allowances are database constraints (see
:mod:`storage.contest.entries`).
"""

from __future__ import annotations

from adapters.base import RoleTeller
from bot.config.model import CampaignConfig
from bot.engine.context import Context
from bot.model.errors import NotAllowed
from campaigns.contest.common import settings


async def check_eligible(ctx: Context, campaign: CampaignConfig) -> None:
    """Raise :class:`NotAllowed` with the reason when the event's author may not take part."""
    await ctx.require_participant(campaign)  # banned (/ban), or outside the community
    contest = settings(campaign)
    user, chat = ctx.event.user, ctx.event.chat
    if user.key in contest.banned:
        raise NotAllowed("contest.eligible.banned")
    if contest.min_account_age is not None:
        created = user.created_at  # where the platform tells (Discord ids do)
        if created is not None and ctx.runtime.clock.now() - created < contest.min_account_age:
            raise NotAllowed(
                "contest.eligible.account_age", age=ctx.t.duration(contest.min_account_age)
            )
    wanted = {
        ref.split(":", 1)[1]
        for ref in contest.required_roles
        if ref.split(":", 1)[0] == user.platform
    }
    if wanted:
        adapter = ctx.runtime.adapters.get(user.platform)
        if not isinstance(adapter, RoleTeller):
            raise NotAllowed("contest.eligible.role")
        if not wanted & await adapter.member_roles(chat, user):
            raise NotAllowed("contest.eligible.role")
