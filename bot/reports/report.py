"""``chorus report <campaign>``: a one-page HTML report for the brand, and a PNG overview.

The page opens with the headline figures (members whose records count, records, messages
delivered), then participation over time per platform and the funnel (see
:mod:`bot.reports.audience`), then what the campaign's kind produced (see
:mod:`bot.reports.results`) and, for ideas and contests, the top contributors. Every chart has
its data table beside it and a specific alt text; times are in the campaign's time zone.
Members are shown by pseudonym (see :mod:`bot.reports.export`) unless ``names`` is asked for.

The figures are the report; the pictures only illustrate them. Charts that cannot be drawn
(a PNG path that cannot be written, a plotting error) are logged as one warning line and the
page is written without them, with a note saying so.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.config.model import CampaignConfig, Config
from bot.engine.i18n import Translator
from bot.reports.audience import audience_of, funnel, headline, participation
from bot.reports.contributors import contributors
from bot.reports.drawing import overview, svg
from bot.reports.figures import Section
from bot.reports.page import render_page
from bot.reports.results import kind_sections
from bot.reports.scope import Scope
from storage.db import Database
from storage.meta import pseudonym_secret
from storage.participation import activity, campaign_rounds
from storage.privacy.private_files import write_private

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Report:
    """Where the report was written (``png`` None when the charts could not be drawn), and
    its key figures: members whose records count, their records, messages delivered."""

    html: Path
    png: Path | None
    members: int
    records: int
    seen: int
    reached: int = 0
    #: People behind ``members``: linked accounts count once.
    people: int = 0


async def report_scope(
    db: Database, config: Config, campaign: CampaignConfig, t: Translator, *, names: bool = False
) -> Scope:
    """What a report of ``campaign`` reads, once (the dashboard draws from it too)."""
    rounds = await campaign_rounds(db, campaign.id)
    records = await activity(db, rounds)
    return Scope(
        db=db,
        campaign=campaign,
        t=t,
        zone=campaign.zone(config.bot),
        rounds=rounds,
        audience=await audience_of(db, rounds, records, staff_of(config, campaign)),
        media_dir=config.media_dir(),
        key=await pseudonym_secret(db, campaign.id),
        names=names,
    )


def staff_of(config: Config, campaign: CampaignConfig) -> frozenset[str]:
    """The members listed to run ``campaign`` (moderators and owners, its own and the bot's)."""
    bot = config.bot
    return frozenset([*bot.moderators, *bot.owners, *campaign.moderators, *campaign.owners])


async def report_sections(scope: Scope) -> list[Section]:
    """Every section of the report, in page order."""
    sections = [
        participation(scope.audience, scope.t, scope.zone),
        funnel(scope.audience, scope.t),
        *await kind_sections(scope),
    ]
    board = contributors(scope)
    return sections if board is None else [*sections, board]


async def make_report(
    db: Database,
    config: Config,
    campaign: CampaignConfig,
    out: Path,
    t: Translator,
    *,
    names: bool = False,
    now: datetime | None = None,
) -> Report:
    """Write ``out`` (HTML) and the PNG overview beside it (same name, ``.png``); the HTML
    without pictures when they cannot be drawn."""
    scope = await report_scope(db, config, campaign, t, names=names)
    sections = await report_sections(scope)
    accent = config.bot.accent_color
    title = t("report.title", campaign=campaign.title)
    png = out.with_suffix(".png")
    charts = await _draw(png, title, sections, accent)
    heading = [
        title,
        campaign.description,
        t(
            "charts.made",
            when=t.datetime(now or datetime.now().astimezone(), scope.zone),
            zone=str(scope.zone),
        ),
        t("charts.named") if names else t("charts.pseudonymised"),
    ]
    page = render_page(t, heading, headline(scope.audience, t), sections, charts, accent)
    await asyncio.to_thread(write_private, out, page.encode())  # 0600: members' data
    audience = scope.audience
    return Report(
        out,
        None if charts is None else png,
        len(audience.counted_members),
        len(audience.counted),
        audience.delivered,
        len(audience.reached),
        audience.counted_people,
    )


async def _draw(
    png: Path, title: str, sections: list[Section], accent: str
) -> dict[str, str] | None:
    """Each section's SVG for the page, after writing the PNG overview; None when drawing
    fails for whatever reason, logged as one warning line."""

    def both() -> dict[str, str]:
        write_private(png, overview(title, sections, accent))
        return {s.slug: svg(s, accent) for s in sections if s.chart is not None}

    try:
        return await asyncio.to_thread(both)
    except Exception as error:  # any failure only costs the pictures
        reason = " ".join(f"{type(error).__name__}: {error}".split())
        log.warning(
            "report charts %s not drawn, the report is written without them (%s)", png, reason
        )
        return None


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
