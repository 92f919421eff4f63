"""What the dashboard shows of a campaign: its round, time left, participation per platform
and live standing, computed as ``/status`` and ``/results`` compute them."""

from __future__ import annotations

from dataclasses import dataclass

from bot.config.model import CampaignConfig
from bot.engine.i18n import Translator
from bot.engine.kinds import SecretStanding
from bot.engine.runtime import Runtime
from bot.model.states import ENDED_ROUND, LIVE_ROUND, RoundState
from storage.participation import participants_per_platform
from storage.rounds import RoundView, latest_round
from web.people import WebRole


@dataclass(frozen=True, slots=True)
class CampaignSummary:
    """One line of the campaigns page."""

    campaign: CampaignConfig
    role: WebRole
    round: RoundView | None
    state: str
    time_left: str
    platforms: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        return sum(count for _, count in self.platforms)


async def summarise(
    runtime: Runtime, campaign: CampaignConfig, role: WebRole, t: Translator
) -> CampaignSummary:
    """The campaign's current round, state, time left and participants per platform
    (members banned from it not counted, as in ``/status``)."""
    round_ = await latest_round(runtime.db, campaign.id)
    if round_ is None:
        return CampaignSummary(campaign, role, None, t("state.scheduled"), "", ())
    per_platform = await participants_per_platform(runtime.db, round_.id)
    return CampaignSummary(
        campaign,
        role,
        round_,
        t(f"state.{round_.state}"),
        time_left(runtime, round_, t),
        tuple(sorted(per_platform.items())),
    )


def time_left(runtime: Runtime, round_: RoundView, t: Translator) -> str:
    """ "opens in 2 days", "closes in 3 hours" or "over", as ``/status`` says it."""
    now = runtime.clock.now()
    zero = now - now
    if round_.state == RoundState.SCHEDULED:
        return t("status.opens_in", left=t.duration(max(round_.opens_at - now, zero)))
    if round_.state in LIVE_ROUND:
        return t("status.closes_in", left=t.duration(max(round_.closes_at - now, zero)))
    return t("status.over")


async def standing(
    runtime: Runtime,
    campaign: CampaignConfig,
    round_: RoundView | None,
    role: WebRole,
    t: Translator,
) -> list[str]:
    """The standing of ``round_`` (the campaign's latest, as :func:`summarise` read it) as
    ``/results`` gives it: the results once the round is closed, the live standing while it
    runs; a hidden poll's only for its moderators until the close."""
    if round_ is None:
        return [t("round.none", campaign=campaign.id)]
    kind = runtime.kinds[campaign.kind]
    hidden = isinstance(kind, SecretStanding) and kind.standing_hidden(campaign)
    if round_.state in ENDED_ROUND:
        message = await kind.results(runtime, campaign, round_, t)
    elif hidden and role < WebRole.MODERATOR:
        return [t("poll.results.hidden_until_close")]
    else:
        message = await kind.live_results(runtime, campaign, round_, t)
    return [line for line in message.text.splitlines() if line.strip()]
