"""A contest's report: the top entries with their pictures, jury beside public, the winners
and their prizes; a giveaway's winners.

Entries are ranked as announced — winners first, in the order awarded — then by public
votes. With a jury, a second chart sets both on the same 0–100 scale the contest combines:
public votes as a share of the most-voted entry's, jury points as a share of the maximum.
"""

from __future__ import annotations

import asyncio
from fractions import Fraction

from bot.reports.figures import Bars, Cell, Section, Table, counts, listed
from bot.reports.scope import TOP, Scope
from bot.reports.thumbs import thumb
from campaigns.contest.results import prize_of
from campaigns.contest.settings import ContestSettings
from storage.contest.awards import AwardView, awards_of
from storage.contest.entries import EntryView, entries_of
from storage.contest.entry_votes import jury_points, votes_per_entry
from storage.rounds import latest_round


async def contest_sections(scope: Scope) -> list[Section]:
    t, campaign = scope.t, scope.campaign
    contest = campaign.section_as(ContestSettings)
    assert contest is not None, "config validation guarantees a contest section"
    round_ = await latest_round(scope.db, campaign.id)
    if round_ is None:
        return [
            Section(
                "entries",
                t("charts.contest.title"),
                None,
                Table((), ()),
                "",
                t("charts.contest.empty"),
            )
        ]
    entries = await entries_of(scope.db, round_.id)
    votes = await votes_per_entry(scope.db, round_.id)
    awards = await awards_of(scope.db, round_.id)
    jurors = len(contest.jury)
    points = await jury_points(scope.db, round_.id) if jurors else {}
    jury = {e.id: Fraction(sum(points.get(e.id, [])), jurors) for e in entries} if jurors else {}
    ranked = _ranked(entries, votes, awards)[:TOP]
    sections = [await _entries(scope, ranked, votes, jury, awards)]
    if jury and ranked:
        sections.append(_jury_and_public(scope, ranked, votes, jury))
    sections.append(_winners(scope, awards, {e.id: e for e in entries}))
    return sections


def _ranked(
    entries: list[EntryView], votes: dict[int, int], awards: list[AwardView]
) -> list[EntryView]:
    place = {a.entry_id: a.position for a in awards if a.entry_id is not None}
    return sorted(
        entries, key=lambda e: (place.get(e.id, len(place) + 1), -votes.get(e.id, 0), e.id)
    )


async def _entries(
    scope: Scope,
    ranked: list[EntryView],
    votes: dict[int, int],
    jury: dict[int, Fraction],
    awards: list[AwardView],
) -> Section:
    t, contest = scope.t, scope.campaign.section_as(ContestSettings)
    assert contest is not None
    prize = {
        a.entry_id: prize_of(scope.campaign, a.rank) or t("charts.contest.winner")
        for a in awards
        if a.entry_id is not None
    }
    headers = [
        t("charts.contest.picture"),
        t("charts.contest.entry"),
        t("charts.contest.author"),
        t("charts.votes"),
    ]
    if jury:
        headers.append(t("charts.contest.jury", most=t.number(contest.jury_max_points)))
    headers.append(t("charts.contest.prize"))
    rows: list[list[Cell]] = []
    for entry in ranked:
        label = f"#{entry.id} {entry.title}"
        picture = None
        if entry.media_path:
            picture = await asyncio.to_thread(
                thumb, scope.media_dir / entry.media_path, t("charts.contest.thumb", entry=label)
            )
        row: list[Cell] = [
            picture or "",
            label,
            scope.who(entry.author.platform, entry.author.id, entry.author.name),
            t.number(votes.get(entry.id, 0)),
        ]
        if jury:
            row.append(t.number(round(float(jury[entry.id]), 1)))
        row.append(prize.get(entry.id, ""))
        rows.append(row)
    title = t("charts.contest.title")
    table = Table(headers, rows)
    if not ranked:
        return Section("entries", title, None, table, "", t("charts.contest.empty"))
    labels = [f"#{e.id} {e.title}" for e in ranked]
    values = [votes.get(e.id, 0) for e in ranked]
    won = frozenset(i for i, e in enumerate(ranked) if e.id in prize)
    bars = counts(t, t("charts.votes"), labels, values, won)
    alt = t("charts.contest.alt", bars=listed(t, labels, values))
    return Section("entries", title, bars, table, alt)


def _jury_and_public(
    scope: Scope, ranked: list[EntryView], votes: dict[int, int], jury: dict[int, Fraction]
) -> Section:
    t, contest = scope.t, scope.campaign.section_as(ContestSettings)
    assert contest is not None
    most = max(votes.values(), default=0)
    public = [100 * votes.get(e.id, 0) / most if most else 0.0 for e in ranked]
    judged = [float(100 * jury[e.id] / contest.jury_max_points) for e in ranked]
    labels = [f"#{e.id} {e.title}" for e in ranked]
    bars = Bars(
        t("charts.contest.scale"),
        labels,
        public,
        [t.number(round(v)) for v in public],
        second=judged,
        second_shown=[t.number(round(v)) for v in judged],
        legend=(t("charts.contest.public"), t("charts.contest.jury_short")),
        whole=False,
    )
    table = Table(
        (t("charts.contest.entry"), t("charts.contest.public"), t("charts.contest.jury_short")),
        [
            (label, t.number(round(p)), t.number(round(j)))
            for label, p, j in zip(labels, public, judged, strict=True)
        ],
    )
    alt = t(
        "charts.contest.jury_alt",
        entries=t.listing(
            t(
                "charts.contest.jury_alt_entry",
                entry=label,
                public=t.number(round(p)),
                jury=t.number(round(j)),
            )
            for label, p, j in zip(labels, public, judged, strict=True)
        ),
    )
    return Section(
        "jury",
        t("charts.contest.jury_title"),
        bars,
        table,
        alt,
        notes=[t("charts.contest.jury_note")],
    )


def _winners(scope: Scope, awards: list[AwardView], entries: dict[int, EntryView]) -> Section:
    t = scope.t
    rows = []
    for award in awards:
        entry = entries.get(award.entry_id) if award.entry_id is not None else None
        rows.append(
            (
                t.number(award.rank),
                scope.who(award.winner.platform, award.winner.id, award.winner.name),
                f"#{entry.id} {entry.title}" if entry is not None else "",
                prize_of(scope.campaign, award.rank),
            )
        )
    table = Table(
        (
            t("charts.contest.rank"),
            t("charts.contest.author"),
            t("charts.contest.entry"),
            t("charts.contest.prize"),
        ),
        rows,
    )
    empty = "" if rows else t("charts.contest.no_winner")
    return Section("winners", t("charts.contest.winners"), None, table, "", empty)
