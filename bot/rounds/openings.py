"""A round's posted messages kept true to its state: the opening (and the other messages that
carry the round's buttons) is edited when a moderator or the clock changes the round.

- Closed or cancelled: buttons removed, a line saying so (with the reason of a cancel) and
  where the results are. Nobody presses a button that can no longer work.
- Extended, paused, resumed: the opening shows the new deadline (or the pause) at once, not at
  the next vote.

Every edit is an outbox row decided in the transition's own transaction (see
:mod:`bot.rounds.lifecycle`), so it goes out once, like the announcement itself. An opening
still waiting in the outbox (or being sent) when the round changes is edited too, once it is
posted (:mod:`storage.delivery.outbox_changes`).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from bot.config.model import CampaignConfig
from bot.engine.i18n import Translator
from bot.engine.runtime import Runtime
from bot.model.actions import Message
from bot.model.states import RoundState
from storage.delivery.outbox import OutboxItem
from storage.delivery.outbox_changes import targets
from storage.rounds import RoundView

OPENING = "opening"
#: The outbox kinds of a round's messages that carry its buttons, besides reminders.
WITH_BUTTONS = (OPENING, "voting")


async def ended_edits(
    runtime: Runtime, campaign: CampaignConfig, round_: RoundView, *, reason: str = ""
) -> list[OutboxItem]:
    """Edits turning every posted message of ``round_`` that carries buttons into an ended
    card: closed (the results follow below), or cancelled with ``reason`` when given one."""
    t = runtime.translator(campaign)
    lines = [t("round.ended.title", title=campaign.title)]
    if reason:
        lines += [t("round.ended.cancelled", reason=reason), t("round.ended.no_results")]
    else:
        lines.append(t("round.ended.closed"))
        lines.append(t("round.ended.results_below", command=f"/results {campaign.id}"))
    card = Message("\n".join(lines))
    state = RoundState.CANCELLED if reason else RoundState.CLOSED
    items: list[OutboxItem] = []
    for kind in _button_kinds(campaign):
        for channel, target in await targets(runtime.db, round_.id, kind):
            payload = {**card.to_dict(), **target}
            items.append(OutboxItem(round_.id, f"{state}-{kind}", channel, payload))
    return items


async def deadline_edits(
    runtime: Runtime, campaign: CampaignConfig, round_: RoundView, change: str, at: datetime
) -> list[OutboxItem]:
    """Edits bringing the posted opening of ``round_`` (as it is after ``change``: extend,
    pause, resume at ``at``) up to date: its new deadline, or a line saying it is paused."""
    t = runtime.translator(campaign)
    message = await _opening_now(runtime, campaign, round_, t)
    if round_.state == RoundState.PAUSED:
        message = message.with_text(f"{message.text}\n\n{t('round.paused_line')}")
    moment = f"{at.isoformat()}/{round_.closes_at.isoformat()}"
    tag = f"{change}-{hashlib.sha256(moment.encode()).hexdigest()[:10]}"  # kinds fit 32 chars
    return [
        OutboxItem(round_.id, f"{tag}-{OPENING}", channel, {**message.to_dict(), **target})
        for channel, target in await targets(runtime.db, round_.id, OPENING)
    ]


async def _opening_now(
    runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
) -> Message:
    kind = runtime.kinds[campaign.kind]
    live = await kind.live_opening(runtime, campaign, round_, t)
    return live if live is not None else kind.opening(runtime, campaign, round_, t)


def reminder_kind(before: timedelta) -> str:
    """The outbox kind of a reminder, e.g. ``reminder-86400`` for 24 h before the close."""
    return f"reminder-{int(before.total_seconds())}"


def _button_kinds(campaign: CampaignConfig) -> list[str]:
    """Outbox kinds of the round's messages with buttons: opening, voting, reminders."""
    return [*WITH_BUTTONS, *(reminder_kind(before) for before in campaign.reminders)]
