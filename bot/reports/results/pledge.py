"""A pledge campaign's report: progress toward the goal over time, backers per tier, and the
outcome.

Progress is drawn from the pledges held now, each at the time it was first made (a withdrawn
pledge is deleted, and a changed one keeps its first time): the line ends at today's total.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from bot.model.states import RoundState
from bot.reports.figures import Section, Series, Table, Timeline, counts, listed
from bot.reports.scope import Scope
from campaigns.pledge.money import from_minor
from campaigns.pledge.progress import Progress, amount_text, settings, standing
from campaigns.pledge.terms import tier_label
from storage.pledge.pledges import BackerPledge, Totals, backers
from storage.rounds import RoundView, latest_round


async def pledge_sections(scope: Scope) -> list[Section]:
    round_ = await latest_round(scope.db, scope.campaign.id)
    pledges = await backers(scope.db, round_.id) if round_ is not None else []
    progress = Progress(
        settings(scope.campaign), Totals(len(pledges), sum(p.amount for p in pledges))
    )
    return [
        _progress(scope, progress, pledges, round_),
        _tiers(scope, progress, pledges),
    ]


def _value(progress: Progress, units: int) -> float:
    """A level in the chart's unit: backers, or the currency's major unit."""
    if progress.counts_backers:
        return float(units)
    assert progress.pledge.currency is not None
    return float(from_minor(units, progress.pledge.currency))


def _outcome(scope: Scope, progress: Progress, round_: RoundView | None) -> str:
    t = scope.t
    if round_ is None or round_.state == RoundState.SCHEDULED:
        return t("charts.pledge.not_started")
    if round_.state in (RoundState.OPEN, RoundState.PAUSED):
        return t("charts.pledge.running")
    if round_.state == RoundState.CANCELLED:
        return t("charts.pledge.cancelled")
    return t("charts.pledge.funded" if progress.funded else "charts.pledge.not_funded")


def _progress(
    scope: Scope, progress: Progress, pledges: list[BackerPledge], round_: RoundView | None
) -> Section:
    t = scope.t
    title = t("charts.pledge.title")
    outcome = _outcome(scope, progress, round_)
    notes = [outcome, standing(progress, t)]
    times: list[datetime] = []
    values: list[float] = []
    rows = []
    running = 0
    for number, p in enumerate(pledges, start=1):
        running += 1 if progress.counts_backers else p.amount
        times.append(p.pledged_at)
        values.append(_value(progress, running))
        rows.append(
            (
                t.datetime(p.pledged_at, scope.zone),
                t.number(number),
                _level(scope, progress, running),
            )
        )
    table = Table(
        (t("charts.pledge.when"), t("charts.pledge.backers"), t("charts.pledge.total")), rows
    )
    if not pledges:
        return Section("progress", title, None, table, "", t("charts.pledge.empty"), notes)
    unit = t("charts.pledge.backers") if progress.counts_backers else progress.pledge.currency or ""
    timeline = Timeline(
        unit,
        t("charts.time_axis", zone=str(scope.zone)),
        [Series(t("charts.pledge.pledged"), times, values)],
        scope.zone,
        t.locale,
        goal=_value(progress, progress.goal),
        goal_label=t("charts.pledge.goal", goal=_level(scope, progress, progress.goal)),
        whole=progress.counts_backers,
    )
    alt = t(
        "charts.pledge.alt",
        standing=standing(progress, t),
        first=t.datetime(times[0], scope.zone),
        last=t.datetime(times[-1], scope.zone),
        outcome=outcome,
    )
    return Section("progress", title, timeline, table, alt, notes=notes)


def _level(scope: Scope, progress: Progress, units: int) -> str:
    if progress.counts_backers:
        return scope.t.number(units)
    return amount_text(progress.pledge, units, scope.t)


def _tiers(scope: Scope, progress: Progress, pledges: list[BackerPledge]) -> Section:
    t = scope.t
    pledge = progress.pledge
    title = t("charts.pledge.tiers")
    count = Counter(p.tier for p in pledges)
    amount: Counter[int | None] = Counter()
    for p in pledges:
        amount[p.tier] += p.amount
    kinds: list[int | None] = [i for i in range(len(pledge.tiers))]
    if count[None]:
        kinds.append(None)
    labels = [
        tier_label(pledge, i, t) if i is not None else t("charts.pledge.custom") for i in kinds
    ]
    values = [count[i] for i in kinds]
    money = pledge.currency is not None and not progress.counts_backers
    headers = [t("charts.pledge.tier"), t("charts.pledge.backers")]
    if money:
        headers.append(t("charts.pledge.total"))
    rows = [
        [label, t.number(v), *([amount_text(pledge, amount[i], t)] if money else [])]
        for label, v, i in zip(labels, values, kinds, strict=True)
    ]
    table = Table(headers, rows)
    if not pledges or not kinds:
        return Section("tiers", title, None, table, "", t("charts.pledge.no_tiers"))
    bars = counts(t, t("charts.pledge.backers"), labels, values)
    alt = t("charts.pledge.tiers_alt", bars=listed(t, labels, values))
    return Section("tiers", title, bars, table, alt)
