"""Retention: personal data of a campaign purged ``retain_days`` after its last round ended,
and chat exports after a day. The scheduler's sweep runs :func:`purge_expired`.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.delivery.private_files import purge_export_files
from bot.engine.kinds import member_data
from bot.engine.runtime import Runtime
from bot.model.states import FINAL_ROUND, RoundState
from bot.privacy.requests import remove_files
from storage.privacy.erasure import purge_campaign, purged
from storage.rounds import rounds_in


async def purge_expired(runtime: Runtime) -> int:
    """Purge personal data of campaigns that ended more than ``retain_days`` ago (each once),
    and chat exports older than a day. Returns how many campaigns were purged."""
    await asyncio.to_thread(purge_export_files, runtime)
    now = runtime.clock.now()
    running = {
        r.campaign_id
        for r in await rounds_in(
            runtime.db,
            (RoundState.SCHEDULED, RoundState.OPEN, RoundState.PAUSED, RoundState.CLOSED),
        )
    }
    finished = await rounds_in(runtime.db, FINAL_ROUND)
    count = 0
    for campaign in runtime.config.campaigns:
        if campaign.retain_days is None or campaign.id in running:
            continue
        ends = [r.closed_at or r.closes_at for r in finished if r.campaign_id == campaign.id]
        if not ends or max(ends) + timedelta(days=campaign.retain_days) > now:
            continue
        if await purged(runtime.db, campaign.id):
            continue
        done = await purge_campaign(runtime.db, campaign.id, now, member_data(runtime))
        await asyncio.to_thread(remove_files, runtime, None, done.files)
        await runtime.participants_erased()
        count += 1
    return count
