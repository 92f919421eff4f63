"""The HTML report in a real browser (Debian's Chromium driven by Playwright): the key figures
and charts show, each chart is labelled, and the page prints on A4 within the paper's width."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.engine.i18n import Catalogs
from bot.reports.report import make_report
from tests.conftest import StartApp
from tests.factories import member, poll_config, press
from tests.web.browsing import ARGS, CHROMIUM

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's chromium is not installed (apt-get install chromium); .ci/run installs it",
)

if CHROMIUM.exists():
    from playwright.async_api import Browser, async_playwright, expect
else:  # pragma: no cover - the module is skipped
    Browser = object  # type: ignore[assignment, misc]

#: A4 at 96 CSS pixels per inch, less the page's 12 mm side margins.
A4_WIDTH_PX = (210 - 24) / 25.4 * 96


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        await launched.close()


async def test_report_shows_key_figures_and_labelled_charts_and_prints_on_a4(
    start_app: StartApp, browser: Browser, tmp_path: Path
) -> None:
    running = await start_app(poll_config())
    opening = next(p for p in running.adapter.posts if ":opening:" in p.key)
    for who, option in (("alice", 1), ("bob", 1), ("carol", 0)):
        await running.adapter.push(press(member(who), opening.message.buttons[option].action))
    report = await make_report(
        running.runtime.db,
        running.runtime.config,
        running.runtime.config.campaigns[0],
        tmp_path / "flavour.html",
        Catalogs().translator("en"),
    )
    page = await browser.new_page(viewport={"width": 1200, "height": 900})
    await page.goto(report.html.as_uri())

    await expect(page.get_by_role("heading", name="Next flavour — campaign report")).to_be_visible()
    counted = page.locator(".figures li").filter(has_text="Members counted")
    await expect(counted.locator("strong")).to_have_text("3")
    await expect(page.get_by_text("Winner: Pistachio.")).to_be_visible()
    results = page.locator("#results table")
    await expect(results.get_by_role("row", name="Pistachio 2 66.7% winner")).to_be_visible()
    for alt in (
        "Line chart of members who took part over time, per platform: console 3",
        "Funnel in members: 3 reached, 3 took part, 3 counted.",
        "Bar chart of the results: Pistachio 2 votes (66.7%)",
    ):
        chart = page.get_by_role("img", name=alt)
        await expect(chart).to_be_visible()
        box = await chart.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 100, (alt, box)

    await page.emulate_media(media="print")
    await page.set_viewport_size({"width": int(A4_WIDTH_PX), "height": 1100})
    await expect(page.get_by_text("Winner: Pistachio.")).to_be_visible()
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= A4_WIDTH_PX + 1, "nothing sticks out of the paper"
    pdf = await page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pdf.startswith(b"%PDF") and 1 <= pages <= 2, f"a poll's report prints on {pages} pages"
