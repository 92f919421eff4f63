"""Who took part, when, and the funnel: the sections every kind of campaign shares.

The funnel counts members at every step, each step a part of the one before:

- **reached** — members the campaign is known to have reached: those who took part and those
  Chorus wrote to privately about it (:mod:`storage.reach`); platforms do not tell bots who
  read a channel, so this is a floor, not an audience;
- **took part** — members with at least one record (a vote, an entry, an idea, a pledge…);
- **counted** — those of them whose records count (members banned since are left out).

Messages delivered in the campaign's channels are a different unit (messages, not members):
they are a headline figure beside the funnel, never one of its bars.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from zoneinfo import ZoneInfo

from bot.engine.i18n import Translator
from bot.reports.figures import Bars, Figure, Section, Series, Table, Timeline
from storage.db import Database
from storage.identity.links import Persons, persons_of
from storage.participation import Activity, posts_delivered
from storage.reach import private_recipients

Member = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Audience:
    """A campaign's participation: every record (banned members' included) and reach."""

    records: Sequence[Activity]
    reached: frozenset[Member]
    delivered: int
    #: Accounts linked to one person (:mod:`storage.identity.links`), to count people apart.
    persons: Persons = field(default_factory=lambda: Persons({}, {}))

    @property
    def took_part(self) -> frozenset[Member]:
        return frozenset((r.platform, r.user_id) for r in self.records)

    @property
    def counted(self) -> list[Activity]:
        return [r for r in self.records if not r.banned]

    @property
    def counted_members(self) -> frozenset[Member]:
        return frozenset((r.platform, r.user_id) for r in self.counted)

    @property
    def counted_people(self) -> int:
        """The people behind :attr:`counted_members`: linked accounts count once."""
        return self.persons.count(self.counted_members)


async def audience_of(
    db: Database,
    rounds: Sequence[int],
    records: Sequence[Activity],
    staff: Collection[str] = (),
) -> Audience:
    """The audience of these rounds, from their ``records`` (see :func:`activity`): members
    reached are those who took part and those a private message reached, less the campaign's
    ``staff`` (``platform:id`` of its moderators and owners, whom review cards and alerts
    reach) unless they took part themselves."""
    took_part = {(r.platform, r.user_id) for r in records}
    told = {(p, u) for p, u in await private_recipients(db, rounds) if f"{p}:{u}" not in staff}
    reached = took_part | told
    delivered = await posts_delivered(db, rounds)
    return Audience(records, frozenset(reached), delivered, await persons_of(db, took_part))


def participation(audience: Audience, t: Translator, zone: ZoneInfo) -> Section:
    """Members who took part over time, cumulative, one line per platform."""
    series = _series(audience.counted)
    title = t("charts.participation.title")
    if not series:
        return Section(
            "participation", title, None, Table((), ()), "", t("charts.participation.empty")
        )
    timeline = Timeline(
        t("charts.participation.axis"),
        t("charts.time_axis", zone=str(zone)),
        series,
        zone,
        t.locale,
    )
    rows = [
        (
            s.label,
            t.number(int(s.values[-1])),
            t.datetime(s.times[0], zone),
            t.datetime(s.times[-1], zone),
        )
        for s in series
    ]
    table = Table(
        (
            t("charts.participation.platform"),
            t("charts.participation.members"),
            t("charts.participation.first"),
            t("charts.participation.last"),
        ),
        rows,
    )
    first = min(s.times[0] for s in series)
    last = max(s.times[-1] for s in series)
    alt = t(
        "charts.participation.alt",
        platforms=", ".join(f"{s.label} {t.number(int(s.values[-1]))}" for s in series),
        first=t.datetime(first, zone),
        last=t.datetime(last, zone),
    )
    return Section("participation", title, timeline, table, alt)


def _series(records: Sequence[Activity]) -> list[Series]:
    """Cumulative distinct members per platform, at each first appearance."""
    seen: set[Member] = set()
    points: dict[str, tuple[list[datetime], list[float]]] = {}
    for r in sorted(records, key=lambda r: r.at):
        if (r.platform, r.user_id) in seen:
            continue
        seen.add((r.platform, r.user_id))
        times, counts = points.setdefault(r.platform, ([], []))
        times.append(r.at)
        counts.append(len(counts) + 1)
    return [Series(p, times, counts) for p, (times, counts) in sorted(points.items())]


def funnel(audience: Audience, t: Translator) -> Section:
    """Members reached → took part → counted, in members at every step."""
    steps = [
        (t("charts.funnel.reached"), len(audience.reached), t("charts.define.reached")),
        (t("charts.funnel.took_part"), len(audience.took_part), t("charts.define.took_part")),
        (t("charts.funnel.counted"), len(audience.counted_members), t("charts.define.counted")),
    ]
    title = t("charts.funnel.title")
    shares = [""] + [
        t.percent(value / before) if before else ""
        for (_, before, _), (_, value, _) in pairwise(steps)
    ]
    table = Table(
        (t("charts.funnel.step"), t("charts.funnel.members"), t("charts.funnel.share")),
        [
            (label, t.number(value), share)
            for (label, value, _), share in zip(steps, shares, strict=True)
        ],
    )
    if not steps[0][1]:
        return Section("funnel", title, None, table, "", t("charts.funnel.empty"))
    shown = [
        t.number(value)
        if not share
        else t("charts.count_share", count=t.number(value), share=share)
        for (_, value, _), share in zip(steps, shares, strict=True)
    ]
    bars = Bars(
        t("charts.funnel.axis"),
        [label for label, _, _ in steps],
        [value for _, value, _ in steps],
        shown,
        highlight=frozenset({2}),
    )
    alt = t(
        "charts.funnel.alt",
        reached=t.number(steps[0][1]),
        took_part=t.number(steps[1][1]),
        counted=t.number(steps[2][1]),
    )
    notes = [t("charts.definition", label=label, definition=text) for label, _, text in steps]
    return Section("funnel", title, bars, table, alt, notes=notes)


def headline(audience: Audience, t: Translator) -> list[Figure]:
    """The figures at the top of a report: members (and the people they are, when some
    accounts are linked), records, messages delivered."""
    people = audience.counted_people
    linked = (
        [Figure(t("charts.people"), t.number(people), t("charts.define.people"))]
        if people < len(audience.counted_members)
        else []
    )
    return [
        Figure(
            t("charts.funnel.counted"),
            t.number(len(audience.counted_members)),
            t("charts.define.counted"),
        ),
        *linked,
        Figure(t("charts.records"), t.number(len(audience.counted)), t("charts.define.records")),
        Figure(t("charts.delivered"), t.number(audience.delivered), t("charts.define.delivered")),
    ]
