"""``chorus report <campaign>``: a one-page HTML report and its PNG, for the brand.

The page shows participation over time and per platform, the funnel, the results and the top
contributors, with the key figures and how each one is measured. Members are shown by
pseudonym (see :mod:`bot.reports.export`) unless ``names`` is asked for.

The funnel's first step, **seen**, is the number of campaign messages delivered in the
campaign's channels (channels × posts: openings, reminders, results, announcements). Bots are
not told how many members read a message on Discord, Telegram or Slack, so this counts
deliveries, not people: it is an upper bound of the occasions to take part, not a reach.

The figures are the report; the picture only illustrates them. A chart that cannot be drawn
(a path that cannot be written, a plotting error) is logged as one warning line and the page
is written without it, with a note saying so.
"""

from __future__ import annotations

import asyncio
import base64
import html
import logging
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.config.model import CampaignConfig, Config
from bot.engine.i18n import Translator
from bot.reports.export import pseudonym
from bot.reports.report_chart import Bars, ReportFigure, Series, draw_report
from campaigns.contest.settings import ContestSettings
from campaigns.poll.settings import PollSettings
from campaigns.poll.tally import count
from storage.contest.entries import entries_of
from storage.contest.entry_votes import votes_per_entry
from storage.db import Database
from storage.meta import pseudonym_secret
from storage.participation import Activity, activity, campaign_rounds, posts_delivered
from storage.poll.votes import ballots_of
from storage.rounds import latest_round

TOP = 10
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Report:
    """Where the report was written (``png`` None when the chart could not be drawn), and its
    key figures."""

    html: Path
    png: Path | None
    members: int
    records: int
    seen: int


async def make_report(
    db: Database,
    config: Config,
    campaign: CampaignConfig,
    out: Path,
    t: Translator,
    *,
    names: bool = False,
) -> Report:
    """Write ``out`` (HTML) and the PNG beside it (same name, ``.png``); the HTML without the
    picture when it cannot be drawn."""
    rounds = await campaign_rounds(db, campaign.id)
    records = [r for r in await activity(db, rounds) if not r.banned]
    seen = await posts_delivered(db, rounds)
    key = await pseudonym_secret(db)

    def who(r: Activity) -> str:
        return r.display_name if names else pseudonym(key, r.platform, r.user_id)

    members = {(r.platform, r.user_id) for r in records}
    per_platform = Counter(platform for platform, _ in members)
    contributions = Counter(who(r) for r in records)
    top = contributions.most_common(TOP)
    results = await _results(db, campaign, t)
    png = out.with_suffix(".png")
    figure = ReportFigure(
        title=t("report.title", campaign=campaign.title),
        time_title=t("report.time.title"),
        time_axis=t("report.time.axis"),
        count_axis=t("report.members.axis"),
        series=_series(records),
        platforms=Bars(
            t("report.platforms.title"),
            t("report.members.axis"),
            sorted(per_platform),
            [per_platform[p] for p in sorted(per_platform)],
        ),
        funnel=Bars(
            t("report.funnel.title"),
            t("report.count.axis"),
            [t("report.funnel.seen"), t("report.funnel.members"), t("report.funnel.records")],
            [seen, len(members), len(records)],
        ),
        results=results,
        top=Bars(
            t("report.top.title"),
            t("report.top.axis"),
            [name for name, _ in top],
            [n for _, n in top],
        ),
        empty=t("report.empty"),
    )
    picture = await _chart(png, figure)
    page = _page(campaign, t, figure, picture, seen, len(members), len(records), names)
    out.parent.mkdir(parents=True, exist_ok=True)
    await asyncio.to_thread(out.write_text, page, "utf-8")
    return Report(out, None if picture is None else png, len(members), len(records), seen)


async def _chart(png: Path, figure: ReportFigure) -> str | None:
    """The chart drawn to ``png``, in base64 for the page; None when it cannot be drawn, for
    whatever reason, logged as one warning line (the figures matter more than the picture)."""
    try:
        await asyncio.to_thread(draw_report, png, figure)
        drawn = await asyncio.to_thread(png.read_bytes)
    except Exception as error:  # any failure only costs the picture
        reason = " ".join(f"{type(error).__name__}: {error}".split())
        log.warning("report chart %s not drawn, the report is written without it (%s)", png, reason)
        return None
    return base64.b64encode(drawn).decode()


def _series(records: list[Activity]) -> list[Series]:
    """Cumulative distinct participants per platform, at each first appearance."""
    seen: set[tuple[str, str]] = set()
    points: dict[str, tuple[list[datetime], list[int]]] = {}
    for r in sorted(records, key=lambda r: r.at):
        if (r.platform, r.user_id) in seen:
            continue
        seen.add((r.platform, r.user_id))
        times, counts = points.setdefault(r.platform, ([], []))
        times.append(r.at)
        counts.append(len(counts) + 1)
    return [Series(p, times, counts) for p, (times, counts) in sorted(points.items())]


async def _results(db: Database, campaign: CampaignConfig, t: Translator) -> Bars:
    """The latest round's standing for polls and contests (top entries by public votes);
    records per round for other kinds."""
    round_ = await latest_round(db, campaign.id)
    poll = campaign.section_as(PollSettings)
    if poll is not None and round_ is not None:
        tally = count(poll.options, await ballots_of(db, round_.id))
        ranked = tally.ranked()
        return Bars(
            t("report.results.title", number=round_.number),
            t("report.votes.axis"),
            [o.label for o in ranked],
            [o.votes for o in ranked],
        )
    if campaign.section_as(ContestSettings) is not None and round_ is not None:
        votes = await votes_per_entry(db, round_.id)
        entries = sorted(
            await entries_of(db, round_.id), key=lambda e: (-votes.get(e.id, 0), e.id)
        )[:TOP]
        return Bars(
            t("report.results.title", number=round_.number),
            t("report.votes.axis"),
            [f"#{e.id} {e.title}" for e in entries],
            [votes.get(e.id, 0) for e in entries],
        )
    per_round = Counter(
        r.round_id for r in await activity(db, await campaign_rounds(db, campaign.id))
    )
    ids = sorted(per_round)
    return Bars(
        t("report.per_round.title"),
        t("report.count.axis"),
        [t("report.round", number=n) for n in range(1, len(ids) + 1)],
        [per_round[i] for i in ids],
    )


def _page(
    campaign: CampaignConfig,
    t: Translator,
    figure: ReportFigure,
    picture: str | None,
    seen: int,
    members: int,
    records: int,
    names: bool,
) -> str:
    e = html.escape
    figures = [
        (t("report.funnel.seen"), seen, t("report.define.seen")),
        (t("report.funnel.members"), members, t("report.define.members")),
        (t("report.funnel.records"), records, t("report.define.records")),
    ]
    rows = "".join(
        f"<tr><th>{e(label)}</th><td>{e(t.number(value))}</td><td>{e(note)}</td></tr>"
        for label, value, note in figures
    )
    top = _rows(t, figure.top)
    results = _rows(t, figure.results)
    privacy = t("report.named") if names else t("report.pseudonymised")
    return f"""<!doctype html>
<html lang="{e(t.locale)}"><head><meta charset="utf-8">
<title>{e(figure.title)}</title>
<style>
body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#222}}
table{{border-collapse:collapse;margin:1rem 0}}th,td{{padding:.3rem .8rem;text-align:left;
border-bottom:1px solid #ddd}}img{{max-width:100%}}small{{color:#666}}
</style></head><body>
<h1>{e(figure.title)}</h1>
<p>{e(campaign.description)}</p>
<h2>{e(t("report.figures"))}</h2>
<table>{rows}</table>
{_picture(t, campaign, picture)}
<h2>{e(figure.results.title)}</h2>
<table>{results}</table>
<h2>{e(figure.top.title)}</h2>
<table><tr><th>{e(t("report.top.member"))}</th><th>{e(figure.top.axis)}</th></tr>{top}</table>
<p><small>{e(privacy)}</small></p>
</body></html>
"""


def _picture(t: Translator, campaign: CampaignConfig, picture: str | None) -> str:
    """The chart inline, or the note that it could not be drawn."""
    if picture is None:
        return f"<p><em>{html.escape(t('report.no_chart'))}</em></p>"
    alt = html.escape(t("report.alt", campaign=campaign.title))
    return f'<img src="data:image/png;base64,{picture}" alt="{alt}">'


def _rows(t: Translator, bars: Bars) -> str:
    return "".join(
        f"<tr><td>{html.escape(label)}</td><td>{html.escape(t.number(value))}</td></tr>"
        for label, value in zip(bars.labels, bars.values, strict=True)
    )


async def write_report(
    config: Config, campaign_id: str, out: Path | None, t: Translator, *, names: bool
) -> Report | None:
    """``chorus report``: the report of a campaign from its database (None: unknown id)."""
    campaign = config.campaign(campaign_id)
    if campaign is None:
        return None
    db = Database.connect(config.database_url())
    try:
        await db.migrate()
        return await make_report(
            db, config, campaign, out or Path(f"{campaign.id}-report.html"), t, names=names
        )
    finally:
        await db.close()
