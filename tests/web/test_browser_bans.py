"""A fraud signal's accounts banned from the campaign page, in Chromium."""

from __future__ import annotations

from bot.model.events import Chat
from tests.conftest import StartApp
from tests.web.browsing import Browser, expect, needs_chromium, serious_violations, sign_in
from tests.web.kit import two_polls
from tests.web.test_signals import ring_votes

pytestmark = needs_chromium


async def test_ring_banned_with_one_click_and_a_confirmation_is_told_in_chat(
    start_app: StartApp, browser: Browser
) -> None:
    running = await start_app(two_polls())
    await ring_votes(running, size=6)
    page = await browser.new_page(locale="en-GB", bypass_csp=True)
    await sign_in(page, running, running.adapter, "mod", Chat("console", "main"))
    await page.get_by_role("link", name="Next flavour").click()
    await expect(page.locator("#standing")).to_contain_text("Lemon: 6")
    await page.get_by_role("link", name="Ban these 6 accounts").click()
    assert await serious_violations(page) == []
    await page.get_by_label("console:90005").uncheck()
    await page.get_by_label("Reason (members read it)").fill("vote ring")
    await page.get_by_role("button", name="Ban the ticked accounts").click()

    await expect(page.get_by_role("status")).to_have_text("5 accounts banned from “Next flavour”.")
    await expect(page.locator("#standing")).to_contain_text("Lemon: 1")
    await running.postman_delivered()
    for n in range(5):
        told = running.adapter.directs_to(f"9000{n}")
        assert told == ["⛔ You are banned from “Next flavour”: vote ring"]
    assert running.adapter.directs_to("90005") == []
