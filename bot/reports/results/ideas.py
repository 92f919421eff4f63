"""An idea box's report: the top ideas by upvotes, how many ideas have each status, and the
ideas shipped."""

from __future__ import annotations

from collections import Counter

from bot.model.states import IdeaStatus
from bot.reports.figures import Section, Table, counts, listed
from bot.reports.scope import TOP, Scope
from campaigns.ideas.settings import IDEA_STATUSES
from storage.ideas.reads import IdeaView, ideas_with_status, top_ideas


async def ideas_sections(scope: Scope) -> list[Section]:
    campaign = scope.campaign
    top = await top_ideas(scope.db, campaign.id, None, TOP)
    every = await ideas_with_status(scope.db, campaign.id, IDEA_STATUSES)
    shipped = [idea for idea in every if idea.status == IdeaStatus.SHIPPED]
    return [_top(scope, top), _statuses(scope, every), _shipped(scope, shipped)]


def _label(idea: IdeaView) -> str:
    return f"#{idea.id} {idea.title}"


def _top(scope: Scope, top: list[IdeaView]) -> Section:
    t = scope.t
    title = t("charts.ideas.top")
    table = Table(
        (t("charts.ideas.idea"), t("charts.ideas.upvotes"), t("charts.ideas.status")),
        [(_label(i), t.number(i.upvotes), t(f"ideas.status.{i.status}")) for i in top],
    )
    if not top:
        return Section("ideas", title, None, table, "", t("charts.ideas.empty"))
    labels, values = [_label(i) for i in top], [i.upvotes for i in top]
    shipped = frozenset(n for n, i in enumerate(top) if i.status == IdeaStatus.SHIPPED)
    bars = counts(t, t("charts.ideas.upvotes"), labels, values, shipped)
    alt = t("charts.ideas.top_alt", bars=listed(t, labels, values))
    return Section("ideas", title, bars, table, alt, notes=[t("charts.ideas.shipped_colour")])


def _statuses(scope: Scope, every: list[IdeaView]) -> Section:
    t = scope.t
    per = Counter(i.status for i in every)
    statuses = [s for s in IDEA_STATUSES if per[s]]
    labels = [t(f"ideas.status.{s}") for s in statuses]
    values = [per[s] for s in statuses]
    title = t("charts.ideas.statuses")
    table = Table(
        (t("charts.ideas.status"), t("charts.ideas.count")),
        [(label, t.number(v)) for label, v in zip(labels, values, strict=True)],
    )
    if not statuses:
        return Section("statuses", title, None, table, "", t("charts.ideas.empty"))
    shipped = frozenset(n for n, s in enumerate(statuses) if s == IdeaStatus.SHIPPED)
    bars = counts(t, t("charts.ideas.count"), labels, values, shipped)
    alt = t("charts.ideas.statuses_alt", bars=listed(t, labels, values))
    return Section("statuses", title, bars, table, alt)


def _shipped(scope: Scope, shipped: list[IdeaView]) -> Section:
    t = scope.t
    table = Table(
        (
            t("charts.ideas.idea"),
            t("charts.ideas.author"),
            t("charts.ideas.upvotes"),
            t("charts.ideas.note"),
        ),
        [
            (
                _label(i),
                scope.who(i.author.platform, i.author.id, i.author.name),
                t.number(i.upvotes),
                i.status_note,
            )
            for i in shipped
        ],
    )
    empty = "" if shipped else t("charts.ideas.none_shipped")
    return Section("shipped", t("charts.ideas.shipped"), None, table, "", empty)
