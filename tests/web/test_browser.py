"""The dashboard in a real browser: Debian's Chromium driven by Playwright.

Each test signs in with a link asked with ``/dashboard`` in chat (memory adapters), then
watches the page react to the chat, or acts on the page and checks what members see in chat.
Waiting is Playwright's own (it retries an expectation until it holds), never a sleep.
"""

from __future__ import annotations

from adapters.memory import MemoryAdapter
from bot.config.model import Config, WebSettings
from bot.model.events import Chat
from tests.campaigns.contest.kit import (
    TELEGRAM,
    TELEGRAM_MOD,
    contest_config,
    person,
    photo,
    submit,
)
from tests.campaigns.ideas.box import MODERATOR, Box, on_discord
from tests.conftest import StartApp
from tests.factories import TELEGRAM_CHAT, command, ideas_config, member
from tests.web.browsing import (
    Browser,
    expect,
    needs_chromium,
    serious_violations,
    sign_in,
)
from tests.web.kit import LINK, base_url, two_polls

pytestmark = needs_chromium


async def test_vote_cast_in_chat_appears_live_without_reload(
    start_app: StartApp, browser: Browser
) -> None:
    running = await start_app(two_polls())
    page = await browser.new_page(locale="en-GB")
    await sign_in(page, running, running.adapter, "mod", Chat("console", "main"))
    await page.get_by_role("link", name="Next flavour").click()
    total = page.locator("#standing tfoot td")
    await expect(total).to_have_text("0")
    await page.evaluate("window.sameDocument = true")
    await expect(page.locator("#standing[data-live]")).to_be_attached()

    await running.adapter.push(command(member("alice"), "vote", "flavour", "Pistachio"))

    await expect(total).to_have_text("1")
    await expect(page.locator("#standing")).to_contain_text("Pistachio: 1")
    assert await page.evaluate("window.sameDocument === true"), "the page was reloaded"


async def test_entry_approved_on_the_page_is_told_to_its_author(
    start_app: StartApp, browser: Browser
) -> None:
    config: Config = contest_config().model_copy(
        update={"web": WebSettings(enabled=True, listen_port=0)}
    )
    telegram = MemoryAdapter("telegram")
    running = await start_app(config, adapters={"telegram": telegram})
    lea = person("telegram", "501", "Léa")
    telegram.files["f1"] = photo(1)
    await telegram.push(submit(lea, "Sunset on the pier", file_ref="f1"))
    await running.postman_delivered()

    page = await browser.new_page(locale="en-GB")
    chat = Chat("telegram", TELEGRAM.split(":", 1)[1])
    await sign_in(page, running, telegram, TELEGRAM_MOD, chat)
    await page.goto(f"{base_url(running)}/campaigns/summer/review")
    picture = page.get_by_role("img", name="Sunset on the pier")
    await expect(picture).to_be_visible()
    assert await picture.evaluate("img => img.naturalWidth") > 0, "the photo did not load"

    await page.get_by_role("button", name="Approve", exact=True).click()
    await expect(page.get_by_role("status")).to_contain_text("approved")
    await running.postman_delivered()

    told = telegram.directs_to("501")
    assert any("is approved and published" in text for text in told), told
    published = [p for p in telegram.posts if ":entry-" in p.key]
    assert len(published) == 1


async def test_entries_ticked_and_rejected_at_once_are_each_told_to_their_author(
    start_app: StartApp, browser: Browser
) -> None:
    config: Config = contest_config().model_copy(
        update={"web": WebSettings(enabled=True, listen_port=0)}
    )
    telegram = MemoryAdapter("telegram")
    running = await start_app(config, adapters={"telegram": telegram})
    authors = [person("telegram", "501", "Léa"), person("telegram", "502", "Hugo")]
    for seed, who in enumerate(authors, start=1):
        telegram.files[f"f{seed}"] = photo(seed)
        await telegram.push(submit(who, f"Beach {seed}", file_ref=f"f{seed}"))
    await running.postman_delivered()

    page = await browser.new_page(locale="en-GB")
    chat = Chat("telegram", TELEGRAM.split(":", 1)[1])
    await sign_in(page, running, telegram, TELEGRAM_MOD, chat)
    await page.goto(f"{base_url(running)}/campaigns/summer/review")
    await page.get_by_label("Tick entry #1").check()
    await page.get_by_label("Tick entry #2").check()
    batch = page.get_by_role("group", name="Decide every ticked entry")
    await batch.get_by_label("Usual reason").select_option("off_topic")
    await page.get_by_role("button", name="Reject the ticked entries").click()
    await expect(page.get_by_role("status")).to_contain_text("#2")
    await expect(page.get_by_text("No entry waits for a decision.")).to_be_visible()
    await running.postman_delivered()

    for who in authors:
        told = telegram.directs_to(who.id)
        assert any("was not accepted. Reason: Off topic" in text for text in told), told
    assert not [p for p in telegram.posts if ":entry-" in p.key]


async def test_idea_approved_on_the_page_is_published_and_told_to_its_author(
    start_app: StartApp, browser: Browser
) -> None:
    config = ideas_config(moderation="pre").model_copy(
        update={"web": WebSettings(enabled=True, listen_port=0)}
    )
    adapters = {name: MemoryAdapter(name, admins=frozenset()) for name in ("telegram", "discord")}
    box = Box(await start_app(config, adapters=adapters))
    await box.submit(on_discord("2", "fr"), "Des cornets sans gluten")
    (idea,) = await box.ideas()

    page = await browser.new_page(locale="en-GB")
    await sign_in(page, box.running, box.telegram, MODERATOR.id, TELEGRAM_CHAT)
    await page.get_by_role("link", name="Idea box").click()
    await page.get_by_role("link", name="Review queue").click()
    await expect(page.get_by_role("heading", name="Des cornets sans gluten")).to_be_visible()
    await page.get_by_role("button", name="Approve", exact=True).click()
    await expect(page.get_by_role("status")).to_contain_text(f"Idea #{idea.id} is approved")
    await box.deliver()

    assert box.discord.directs_to("2") == [
        f"✅ Votre idée n°\u00a0{idea.id} «\u00a0Des cornets sans gluten\u00a0»"
        " est publiée. Merci\u00a0!"
    ]
    for adapter in (box.telegram, box.discord):
        assert len(box.posts(adapter, f"idea-{idea.id}")) == 1


async def test_round_closed_from_the_page_posts_results_once(
    start_app: StartApp, browser: Browser
) -> None:
    running = await start_app(two_polls())
    await running.adapter.push(command(member("alice"), "vote", "flavour", "Lemon"))
    page = await browser.new_page(locale="en-GB")
    await sign_in(page, running, running.adapter, "mod", Chat("console", "main"))
    await page.get_by_role("link", name="Next flavour").click()
    await page.get_by_role("link", name="Close now").click()
    close_page = page.url
    await page.get_by_label("Reason (optional)").fill("enough votes")
    await page.get_by_role("button", name="Confirm").click()
    await expect(page.get_by_role("status")).to_contain_text("flavour")
    await running.tick()
    # a closed round is offered no control that no longer applies
    await expect(page.get_by_role("link", name="Close now")).to_have_count(0)

    # a second close from the confirmation kept open is refused: the round is closed already
    await page.goto(close_page)
    await page.get_by_role("button", name="Confirm").click()
    await expect(page.get_by_role("status")).to_contain_text("“Close now” is not possible now")
    await running.tick()

    results = [p for p in running.adapter.posts if ":results:" in p.key and p.channel == "main"]
    assert len(results) == 1
    assert "Lemon" in results[0].message.text


async def test_poll_pages_have_no_serious_accessibility_violation(
    start_app: StartApp, browser: Browser
) -> None:
    running = await start_app(two_polls())
    await running.adapter.push(command(member("alice"), "vote", "flavour", "Lemon"))
    page = await browser.new_page(locale="en-GB", bypass_csp=True)
    await running.adapter.push(command(member("mod"), "dashboard", chat=Chat("console", "main")))
    found = LINK.search(running.adapter.replies_to("mod")[-1])
    assert found
    await page.goto(f"{base_url(running)}/login/{found.group(1)}")
    problems = await serious_violations(page)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("heading", name="Campaigns", level=1)).to_be_visible()
    for path in ("/campaigns", "/campaigns/flavour", "/campaigns/flavour/round/close", "/delivery"):
        await page.goto(base_url(running) + path)
        problems += await serious_violations(page)
    await page.goto(base_url(running) + "/campaigns/nowhere")
    problems += await serious_violations(page)
    assert problems == []


async def test_review_queues_have_no_serious_accessibility_violation(
    start_app: StartApp, browser: Browser
) -> None:
    config: Config = contest_config().model_copy(
        update={"web": WebSettings(enabled=True, listen_port=0)}
    )
    telegram = MemoryAdapter("telegram")
    running = await start_app(config, adapters={"telegram": telegram})
    telegram.files["f1"] = photo(1)
    await telegram.push(submit(person("telegram", "501", "Léa"), "Sunset", file_ref="f1"))
    page = await browser.new_page(locale="fr-FR", bypass_csp=True)
    chat = Chat("telegram", TELEGRAM.split(":", 1)[1])
    await telegram.push(command(member(TELEGRAM_MOD, platform="telegram"), "dashboard", chat=chat))
    found = LINK.search(telegram.replies_to(TELEGRAM_MOD)[-1])
    assert found
    await page.goto(f"{base_url(running)}/login/{found.group(1)}?lang=en")
    await page.get_by_role("button", name="Sign in").click()
    for path in (
        "/campaigns/summer",
        "/campaigns/summer/review",
        "/campaigns/summer/review?lang=fr",
    ):
        await page.goto(base_url(running) + path)
        problems = await serious_violations(page)
        assert problems == [], problems


async def test_idea_review_queue_has_no_serious_accessibility_violation(
    start_app: StartApp, browser: Browser
) -> None:
    config = ideas_config(moderation="pre").model_copy(
        update={"web": WebSettings(enabled=True, listen_port=0)}
    )
    adapters = {name: MemoryAdapter(name, admins=frozenset()) for name in ("telegram", "discord")}
    box = Box(await start_app(config, adapters=adapters))
    await box.submit(on_discord("2"), "Des cornets sans gluten")
    page = await browser.new_page(locale="en-GB", bypass_csp=True)
    await sign_in(page, box.running, box.telegram, MODERATOR.id, TELEGRAM_CHAT)
    await page.goto(base_url(box.running) + "/campaigns/box/review")
    await expect(page.get_by_role("heading", name="Des cornets sans gluten")).to_be_visible()
    assert await serious_violations(page) == []
