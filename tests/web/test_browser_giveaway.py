"""A giveaway in Chromium: a re-draw from the page, then the public verification page
recomputing the draw in the browser, matching ``chorus verify-draw``."""

from __future__ import annotations

import hashlib
from pathlib import Path

from campaigns.shared.draws import draw_many
from tests.campaigns.contest.kit import TELEGRAM, TELEGRAM_MOD
from tests.campaigns.contest.test_contest_giveaway import verify
from tests.conftest import StartApp
from tests.web.browsing import Browser, expect, needs_chromium, serious_violations, sign_in
from tests.web.kit import base_url
from tests.web.test_giveaway import giveaway
from tests.web.test_review import CONTEST_CHAT

pytestmark = needs_chromium


async def test_redraw_then_the_public_page_recomputes_what_verify_draw_prints(
    start_app: StartApp, browser: Browser, database_url: str, tmp_path: Path
) -> None:
    running = await giveaway(start_app)
    telegram = running.adapters["telegram"]
    page = await browser.new_page(locale="en-GB", bypass_csp=True)
    await sign_in(page, running, telegram, TELEGRAM_MOD, CONTEST_CHAT)
    await page.get_by_role("link", name="Funniest summer photo").click()
    await page.get_by_role("link", name="Giveaway: entrants, draw and re-draw").click()
    await expect(page.get_by_role("heading", name="Entrants (6)")).to_be_visible()
    assert await serious_violations(page) == []
    await page.get_by_label("Prize to draw again").select_option("2")
    await page.get_by_role("button", name="Draw again…").click()
    await page.get_by_label("Reason (optional, for the audit log)").fill("did not claim")
    await page.get_by_role("button", name="Draw prize #2 again").click()
    await expect(page.get_by_role("status")).to_contain_text("Drawn again for prize #2")
    await running.postman_delivered()
    assert len([p for p in telegram.posts if ":winner-3:" in p.key and p.channel in TELEGRAM]) == 1

    public = await browser.new_page(locale="en-GB", bypass_csp=True)  # nobody signed in
    await public.goto(f"{base_url(running)}/verify/summer")
    verdict = public.locator("#verdict")
    await expect(verdict).to_have_text(
        "The draw is verified: every winner follows from the seed and the entrants."
    )
    shown = await public.locator("#checks li").all_inner_texts()
    code, printed = await verify(running, database_url, tmp_path)  # type: ignore[arg-type]
    assert code == 0, printed
    from_cli = [line for line in printed.splitlines() if line.startswith(("✓", "✗"))]
    # the CLI also checks that the opening message carried the commitment; the page shows
    # that line from the server, the rest the browser computes
    assert shown == [line for line in from_cli if "published in the opening" not in line]
    assert len(shown) == 5 and all(line.startswith("✓") for line in shown)
    assert await serious_violations(public) == []

    # one entrant changed: the browser's own hash and draws no longer match
    entrants = public.get_by_label("Entrants (6), one per line")
    listed = (await entrants.input_value()).splitlines()
    await entrants.fill("\n".join([*listed[:-1], "telegram:999999"]))
    await public.get_by_role("button", name="Recompute").click()
    await expect(verdict).to_have_text("The draw does NOT match its public data.")
    await expect(public.locator("#checks li").nth(1)).to_contain_text("✗ 6 entrants")


async def test_the_pages_sha256_and_draws_are_pythons(
    start_app: StartApp, browser: Browser
) -> None:
    running = await giveaway(start_app)
    page = await browser.new_page()
    await page.goto(f"{base_url(running)}/verify/summer?lang=fr")
    await expect(page.locator("#verdict")).to_contain_text("vérifié")
    texts = ["", "abc", "é🎟 naïve", "x" * 55, "y" * 56, "z" * 64, "w" * 1000]
    for text in texts:
        got = await page.evaluate("t => window.chorusDraw.sha256(t)", text)
        assert got == hashlib.sha256(text.encode()).hexdigest(), text
    entrants = [f"discord:{n * 7919 % 1000}" for n in range(40)] + ["telegram:é", "slack:U1"]
    seed = "ab" * 32
    got = await page.evaluate("a => window.chorusDraw.replay(a[0], a[1], 12)", [seed, entrants])
    assert got == draw_many(seed, entrants, 12)
