"""A photo sent to the bot privately without ``/submit``, while a contest takes private
entries: the member is told how to enter instead of hearing nothing.

The photo itself is not taken as an entry (it came without a title, and perhaps not meant for
the contest); the hint names the contest and the command. A platform may word it its own way
(``contest.photo_hint.<platform>``: on Telegram the command goes in the photo's caption).
"""

from __future__ import annotations

from bot.config.model import CampaignConfig
from bot.engine.context import Context
from bot.engine.routes import NotMine
from bot.model.events import Event, MediaReceived
from bot.model.states import RoundState
from campaigns.contest.common import KIND, SUBMITTING, settings
from storage.rounds import latest_round

HINT = "contest.photo_hint"


async def photo_without_command(event: Event, ctx: Context) -> None:
    """Answer a private photo with how to enter the first contest taking it; else pass."""
    if not (isinstance(event, MediaReceived) and event.chat.private):
        raise NotMine
    for campaign in _taking_private_photos(ctx, event.platform):
        round_ = await latest_round(ctx.runtime.db, campaign.id)
        if round_ is None or round_.state != RoundState.OPEN or round_.phase not in SUBMITTING:
            continue
        t = ctx.runtime.translator(campaign, event.user.locale)
        catalogs, key = ctx.runtime.catalogs, f"{HINT}.{event.platform}"
        own = key in catalogs.keys("en")
        await ctx.reply(t(key if own else HINT, campaign=campaign.title, id=campaign.id))
        return
    raise NotMine


def _taking_private_photos(ctx: Context, platform: str) -> list[CampaignConfig]:
    return [
        c
        for c in ctx.runtime.campaigns()
        if c.kind == KIND
        and c.accepts_private
        and settings(c).entry_type == "photo"
        and c.channels_on(platform)
    ]
