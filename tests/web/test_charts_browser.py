"""The campaign page's charts in a real browser: participation over time per platform and
the funnel, each an image with its alt text and its data table, after votes cast in chat."""

from __future__ import annotations

import pytest

from bot.model.events import Chat
from tests.conftest import StartApp
from tests.factories import member, press
from tests.web.browsing import CHROMIUM, Browser, sign_in
from tests.web.kit import base_url, two_polls

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's chromium is not installed (apt-get install chromium); .ci/run installs it",
)

if CHROMIUM.exists():
    from playwright.async_api import expect


async def test_campaign_page_shows_participation_and_funnel_with_their_tables(
    start_app: StartApp, browser: Browser
) -> None:
    running = await start_app(two_polls())
    opening = next(p for p in running.adapter.posts if ":opening:" in p.key and p.channel == "main")
    for who in ("alice", "bob"):
        await running.adapter.push(press(member(who), opening.message.buttons[0].action))
    page = await browser.new_page(locale="en-GB")
    await sign_in(page, running, running.adapter, "mod", Chat("console", "main"))
    await page.goto(f"{base_url(running)}/campaigns/flavour")

    for alt in (
        "Line chart of members who took part over time, per platform: console 2",
        "Funnel in members: 2 reached, 2 took part, 2 counted.",
    ):
        image = page.get_by_role("img", name=alt)
        await expect(image).to_be_visible()
        drawn = await image.evaluate("img => img.complete && img.naturalWidth")
        assert drawn and drawn > 300, f"{alt!r} was not drawn"
    funnel = page.locator("#chart-funnel table")
    await expect(funnel.get_by_role("row", name="Members who took part 2 100.0%")).to_be_visible()
    platforms = page.locator("#chart-participation table")
    await expect(platforms.get_by_role("cell", name="console", exact=True)).to_be_visible()


async def test_campaign_without_participants_says_so_instead_of_empty_charts(
    start_app: StartApp, browser: Browser
) -> None:
    running = await start_app(two_polls())
    page = await browser.new_page(locale="en-GB")
    await sign_in(page, running, running.adapter, "mod", Chat("console", "main"))
    await page.goto(f"{base_url(running)}/campaigns/flavour")

    await expect(page.get_by_text("Nobody has taken part yet: the chart")).to_be_visible()
    await expect(page.locator("#chart-participation img")).to_have_count(0)
    answer = await page.request.get(f"{base_url(running)}/campaigns/flavour/charts/funnel.png")
    assert answer.status == 404
