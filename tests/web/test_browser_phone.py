"""The new pages on a phone, in both languages: nothing wider than the screen, and no serious
accessibility violation (axe-core)."""

from __future__ import annotations

from tests.campaigns.contest.kit import TELEGRAM_MOD
from tests.campaigns.ideas.box import MODERATOR
from tests.conftest import StartApp
from tests.factories import TELEGRAM_CHAT
from tests.web.browsing import Browser, Page, needs_chromium, serious_violations, sign_in
from tests.web.kit import base_url, two_polls
from tests.web.test_giveaway import giveaway
from tests.web.test_review import CONTEST_CHAT
from tests.web.test_signals import ring_votes
from tests.web.test_triage import idea_box, look_alikes

pytestmark = needs_chromium

PHONE = {"width": 375, "height": 740}


async def phone_page(browser: Browser) -> Page:
    return await browser.new_page(
        locale="en-GB", viewport=PHONE, is_mobile=True, has_touch=True, bypass_csp=True
    )


async def problems_on(page: Page, base: str, paths: list[str]) -> list[str]:
    """For each path, in English and French: anything wider than the phone, and what axe-core
    finds serious."""
    found: list[str] = []
    for path in paths:
        for lang in ("en", "fr"):
            joiner = "&" if "?" in path else "?"
            await page.goto(f"{base}{path}{joiner}lang={lang}")
            wide = await page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if wide > 0:
                found.append(f"{path} ({lang}) is {wide}px wider than the phone")
            found += await serious_violations(page)
    return found


async def test_ban_pages_fit_a_phone(start_app: StartApp, browser: Browser) -> None:
    from bot.model.events import Chat

    running = await start_app(two_polls())
    await ring_votes(running, size=6)
    page = await phone_page(browser)
    await sign_in(page, running, running.adapter, "mod", Chat("console", "main"))
    await page.goto(base_url(running) + "/campaigns/flavour")
    ban = await page.get_by_role("link", name="Ban these 6 accounts").get_attribute("href")
    assert ban
    paths = ["/campaigns", "/campaigns/flavour", ban, "/delivery"]
    assert await problems_on(page, base_url(running), paths) == []


async def test_triage_pages_fit_a_phone(start_app: StartApp, browser: Browser) -> None:
    box = await idea_box(start_app)
    kept, twin = await look_alikes(box)
    page = await phone_page(browser)
    await sign_in(page, box.running, box.telegram, MODERATOR.id, TELEGRAM_CHAT)
    paths = ["/campaigns/box/ideas", f"/campaigns/box/ideas/{twin}/merge?into={kept}"]
    assert await problems_on(page, base_url(box.running), paths) == []


async def test_giveaway_pages_fit_a_phone(start_app: StartApp, browser: Browser) -> None:
    running = await giveaway(start_app)
    page = await phone_page(browser)
    await sign_in(page, running, running.adapters["telegram"], TELEGRAM_MOD, CONTEST_CHAT)
    paths = [
        "/campaigns/summer",
        "/campaigns/summer/giveaway",
        "/campaigns/summer/giveaway/redraw?rank=1",
        "/verify/summer",
    ]
    assert await problems_on(page, base_url(running), paths) == []
