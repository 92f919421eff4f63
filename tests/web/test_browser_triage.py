"""Ideas triage in Chromium: a status set and look-alikes merged side by side."""

from __future__ import annotations

from tests.campaigns.ideas.box import MODERATOR, on_discord, on_telegram
from tests.conftest import StartApp
from tests.factories import TELEGRAM_CHAT
from tests.web.browsing import Browser, expect, needs_chromium, serious_violations, sign_in
from tests.web.kit import base_url
from tests.web.test_triage import idea_box, look_alikes

pytestmark = needs_chromium


async def test_status_and_merge_from_the_page_are_told_to_upvoters(
    start_app: StartApp, browser: Browser
) -> None:
    box = await idea_box(start_app)
    kept, twin = await look_alikes(box)
    fan = on_discord("21")
    await box.upvote(fan, kept)
    await box.upvote(on_telegram("31"), twin)

    page = await browser.new_page(locale="en-GB", bypass_csp=True)
    await sign_in(page, box.running, box.telegram, MODERATOR.id, TELEGRAM_CHAT)
    await page.get_by_role("link", name="Idea box").click()
    await page.get_by_role("link", name="Ideas triage").click()
    assert await serious_violations(page) == []
    await page.get_by_label(f"Status of idea #{kept}").select_option("in_progress")
    await page.get_by_label(f"Public note for idea #{kept} (optional)").fill("Tasting in May")
    await page.get_by_role("button", name=f"Set the status of #{kept}").click()
    await expect(page.get_by_role("status")).to_contain_text(f"Idea #{kept} is now “in progress”")

    await page.get_by_role("link", name=f"Compare with #{kept}").click()
    await expect(page.get_by_role("heading", name=f"Idea #{twin} (merged away)")).to_be_visible()
    await expect(page.get_by_role("heading", name=f"Idea #{kept} (kept)")).to_be_visible()
    assert await serious_violations(page) == []
    await page.get_by_role("button", name=f"Merge #{twin} into #{kept}").click()
    await expect(page.get_by_role("status")).to_contain_text(f"Idea #{twin} is merged into #{kept}")
    await expect(page.get_by_role("heading", name=f"#{twin} ", exact=False)).to_have_count(0)
    await box.deliver()

    told = box.discord.directs_to("21")
    assert told == [
        f"📣 News about idea #{kept} “Des glaces véganes au lait d'avoine” that you upvoted"
        " (Idea box): it is now “in progress”.\nNote from the team: Tasting in May"
    ]
    assert len(box.telegram.directs_to("31")) == 1
    await page.goto(base_url(box.running) + "/campaigns/box/ideas?lang=fr")
    assert await serious_violations(page) == []
