"""Progress of a pledge round toward its goal: figures, the text bar, and milestones.

The goal counts backers or an amount; every comparison is done on whole numbers (backers, or
minor units of the currency) so "100 % reached" never depends on rounding. Milestones are the
quarters of the goal and each stretch goal; each is announced once per round and channel
(outbox keys ``{round}:milestone-50:{channel}``, ``{round}:stretch-0:{channel}``). When one
pledge jumps over several quarters only the highest is announced and the lower ones are
recorded as skipped, so a later dip and climb never announces them either.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bot.config.model import CampaignConfig
from bot.engine.i18n import Translator
from bot.model.actions import Message
from campaigns.pledge.money import format_minor, to_minor
from campaigns.pledge.settings import PledgeSettings
from storage.delivery.outbox import OutboxItem
from storage.pledge.pledges import Milestones, Totals

QUARTERS = (25, 50, 75, 100)
BAR_CELLS = 10
FULL, EMPTY = "▰", "▱"


def settings(campaign: CampaignConfig) -> PledgeSettings:
    """The campaign's ``[campaigns.pledge]`` section (config validation guarantees it)."""
    pledge = campaign.section_as(PledgeSettings)
    assert pledge is not None, "config validation guarantees a pledge section"
    return pledge


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a round stands: ``value`` and ``goal`` in backers or minor units."""

    pledge: PledgeSettings
    totals: Totals

    @property
    def counts_backers(self) -> bool:
        return self.pledge.goal_backers is not None

    @property
    def value(self) -> int:
        return self.totals.backers if self.counts_backers else self.totals.amount

    @property
    def goal(self) -> int:
        return self.level(self.pledge.goal_backers or self.pledge.goal_amount or 0)

    def level(self, amount: Decimal | int) -> int:
        """A goal or stretch level of the config in the unit of :attr:`value`."""
        if self.counts_backers:
            return int(amount)
        assert self.pledge.currency is not None
        return to_minor(Decimal(amount), self.pledge.currency)

    @property
    def ratio(self) -> float:
        return self.value / self.goal if self.goal else 0.0

    @property
    def funded(self) -> bool:
        return self.value >= self.goal

    def quarters(self) -> list[int]:
        """The quarters of the goal reached (25, 50…)."""
        return [q for q in QUARTERS if self.value * 100 >= self.goal * q]

    def stretches(self) -> list[int]:
        """Indexes of the stretch goals reached."""
        return [
            i for i, s in enumerate(self.pledge.stretch_goals) if self.value >= self.level(s.at)
        ]


def bar(ratio: float) -> str:
    """``▰▰▰▰▱▱▱▱▱▱``: the part of the goal reached, capped at full."""
    filled = min(BAR_CELLS, int(ratio * BAR_CELLS))
    return FULL * filled + EMPTY * (BAR_CELLS - filled)


def amount_text(pledge: PledgeSettings, units: int, t: Translator) -> str:
    """An amount in minor units in the member's language (``1 234,50 €`` / ``€1,234.50``)."""
    assert pledge.currency is not None
    return format_minor(units, pledge.currency, t.locale)


def standing(progress: Progress, t: Translator) -> str:
    """``▰▰▰▱▱▱▱▱▱▱ 34.0% — €680 of €2,000`` (or ``— 34 backers of 100``)."""
    return t(
        "pledge.progress.bar",
        bar=bar(progress.ratio),
        percent=t.percent(progress.ratio),
        figures=figures(progress, t),
    )


def figures(progress: Progress, t: Translator) -> str:
    """``€680 of €2,000`` or ``34 backers of 100``."""
    if progress.counts_backers:
        backers = int(progress.value)
        return t.plural("pledge.progress.backers_goal", backers, goal=t.number(progress.goal))
    return t(
        "pledge.progress.amount_goal",
        pledged=amount_text(progress.pledge, progress.value, t),
        goal=amount_text(progress.pledge, progress.goal, t),
    )


def level_text(progress: Progress, index: int, t: Translator) -> str:
    """Stretch goal ``index``'s level as the language writes it."""
    level = progress.level(progress.pledge.stretch_goals[index].at)
    if progress.counts_backers:
        return t("pledge.backers", count=t.number(level))
    return amount_text(progress.pledge, level, t)


def milestones(
    campaign: CampaignConfig, round_id: int, progress: Progress, t: Translator
) -> Milestones:
    """The milestone announcements reached at ``progress`` (see the module docstring)."""
    post: list[OutboxItem] = []
    skip: list[OutboxItem] = []
    quarters = progress.quarters()
    for quarter in quarters:
        if quarter == 100:
            text = t("pledge.milestone.goal", title=campaign.title, standing=standing(progress, t))
        else:
            text = t(
                "pledge.milestone.quarter",
                title=campaign.title,
                percent=t.percent(quarter / 100),
                standing=standing(progress, t),
            )
        items = _everywhere(campaign, round_id, f"milestone-{quarter}", Message(text))
        (post if quarter == quarters[-1] else skip).extend(items)
    for index in progress.stretches():
        text = t(
            "pledge.milestone.stretch",
            title=campaign.title,
            level=level_text(progress, index, t),
            text=progress.pledge.stretch_goals[index].text,
        )
        post.extend(_everywhere(campaign, round_id, f"stretch-{index}", Message(text)))
    return Milestones(post, skip)


def _everywhere(
    campaign: CampaignConfig, round_id: int, kind: str, message: Message
) -> list[OutboxItem]:
    return [OutboxItem(round_id, kind, channel, message.to_dict()) for channel in campaign.channels]
