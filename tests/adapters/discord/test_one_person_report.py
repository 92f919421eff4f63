"""The report and the participants export count people and accounts apart, end to end on
Telegram and Discord in one app: Ana (Telegram) and Bob (her Discord account) are one person
once linked; in a poll counting accounts both vote, and Tom votes too."""

from __future__ import annotations

import json
from pathlib import Path

from bot.engine.i18n import Catalogs
from bot.reports.export import build_export
from bot.reports.report import Report, make_report
from tests.adapters.discord.test_one_voice_across_platforms import ANA, BOB, POLL, TOM
from tests.adapters.discord.two_platforms import BothRun, StartBoth

PER_ACCOUNT = POLL.replace('duration = "7d"', 'duration = "7d"\none_voice = "account"')


async def report_of(run: BothRun, out: Path) -> tuple[Report, str]:
    config = run.runtime.config
    report = await make_report(
        run.runtime.db, config, config.campaigns[0], out, Catalogs().translator("en")
    )
    return report, report.html.read_text(encoding="utf-8")


def tile(value: int, label: str) -> str:
    """A headline figure as the page shows it."""
    return f"<li><strong>{value}</strong><span>{label}</span>"


async def test_the_report_headline_counts_people_apart_from_accounts(
    start_both: StartBoth, tmp_path: Path
) -> None:
    run = await start_both(PER_ACCOUNT)
    await run.press_on_telegram(ANA, "Vanilla")
    await run.press_on_discord(BOB, "Lemon")
    await run.press_on_telegram(TOM, "Lemon")
    unlinked, unlinked_page = await report_of(run, tmp_path / "before.html")

    await run.link(ANA, BOB)
    linked, page = await report_of(run, tmp_path / "after.html")

    assert (unlinked.members, unlinked.people) == (3, 3)
    assert tile(3, "Members counted") in unlinked_page
    assert "<span>People</span>" not in unlinked_page  # no linked accounts: no second figure
    assert (linked.members, linked.people) == (3, 2)
    assert tile(3, "Members counted") in page and tile(2, "People") in page
    campaign = run.runtime.config.campaigns[0]
    text, _ = await build_export(run.runtime.db, campaign, "json", table="participants")
    export = json.loads(text)
    assert (export["accounts"], export["people"]) == (3, 2)
