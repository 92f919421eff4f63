"""Each kind's part of the report: what its results mean to the brand."""

from __future__ import annotations

from bot.reports.figures import Section
from bot.reports.results.contest import contest_sections
from bot.reports.results.ideas import ideas_sections
from bot.reports.results.pledge import pledge_sections
from bot.reports.results.poll import poll_sections
from bot.reports.scope import Scope


async def kind_sections(scope: Scope) -> list[Section]:
    """The sections of the campaign's kind (none for a kind without any)."""
    kind = scope.campaign.kind
    if kind == "poll":
        return await poll_sections(scope)
    if kind == "contest":
        return await contest_sections(scope)
    if kind == "ideas":
        return await ideas_sections(scope)
    if kind == "pledge":
        return await pledge_sections(scope)
    return []
