"""Take the screenshots of ``docs/dashboard.md``: a poll, a contest, an idea box and a giveaway
on a scratch database, a few simulated members, the dashboard in Debian's Chromium (Playwright).

    .venv/bin/python docs/dashboard_screenshots.py    # writes docs/dashboard/*.png
"""

from __future__ import annotations

import asyncio
import io
import re
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PIL import Image, ImageDraw
from playwright.async_api import async_playwright

from adapters.memory import MemoryAdapter
from bot.app import App
from bot.model.actions import Post
from bot.model.clock import ManualClock
from bot.model.events import Attachment, ButtonPressed, Chat, CommandInvoked
from bot.model.members import Member
from campaigns import parse_config

OUT = Path(__file__).parent / "dashboard"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CONFIG = """
[bot]
locale = "en"
timezone = "Europe/Paris"
moderators = ["telegram:777"]

[web]
enabled = true
listen_port = 0

[[campaigns]]
id = "flavour"
kind = "poll"
title = "Our next flavour"
channels = ["telegram:-1001", "discord:222222222222222222"]
duration = "7d"

[campaigns.poll]
options = ["Vanilla", "Pistachio", "Lemon"]

[[campaigns]]
id = "summer"
kind = "contest"
title = "Funniest summer photo"
channels = ["telegram:-1001"]
moderators_channel = "telegram:-1009"
duration = "7d"

[[campaigns]]
id = "box"
kind = "ideas"
title = "Idea box"
channels = ["telegram:-1001"]
duration = "7d"

[[campaigns]]
id = "bikes"
kind = "contest"
title = "Win a bike"
channels = ["telegram:-1001"]
duration = "1h"

[campaigns.contest]
giveaway = true
winners = 2
prizes = ["A bike", "A helmet"]
"""
_ids = iter(range(1, 10_000))


def _command(user: Member, chat: str, name: str, *args: str, files: str = "") -> CommandInvoked:
    attachments = (Attachment(files, "photo.jpg", "image/jpeg"),) if files else ()
    return CommandInvoked(
        platform=user.platform,
        delivery_id=f"shot-{next(_ids)}",
        chat=Chat(user.platform, chat),
        user=user,
        received_at=datetime.now(UTC),
        name=name,
        args=args,
        attachments=attachments,
    )


def _press(user: Member, chat: str, action: str) -> ButtonPressed:
    return ButtonPressed(
        platform=user.platform,
        delivery_id=f"shot-{next(_ids)}",
        chat=Chat(user.platform, chat),
        user=user,
        received_at=datetime.now(UTC),
        action=action,
    )


def _opening(telegram: MemoryAdapter, title: str) -> Post:
    return next(p for p in telegram.posts if ":opening:" in p.key and title in p.message.text)


async def _community(app: App, telegram: MemoryAdapter, clock: ManualClock) -> None:
    """A vote ring to ban, ideas alike to merge, a giveaway drawn."""
    flavour = _opening(telegram, "Our next flavour")
    made = clock.now() - timedelta(days=1)
    for n in range(6):
        ring = Member("telegram", f"900{n}", f"Ring {n}", None, made + timedelta(seconds=n))
        await telegram.push(_press(ring, "-1001", flavour.message.buttons[2].action))
    ideas = ["Vegan ice creams with oat milk", "Open on Sunday mornings"]
    for n, text in enumerate(ideas):
        await telegram.push(
            _command(Member("telegram", f"60{n}", f"Author {n}"), "-1001", "idea", text)
        )
    twin = Member("telegram", "610", "Inès")
    await telegram.push(_command(twin, "-1001", "idea", "Oat milk vegan ice cream please"))
    await telegram.push(_press(twin, "-1001", telegram.replies[-1].message.buttons[-1].action))
    bikes = _opening(telegram, "Win a bike")
    for n in range(8):
        entrant = Member("telegram", f"70{n}", f"Entrant {n}")
        await telegram.push(_press(entrant, "-1001", bikes.message.buttons[0].action))
    clock.advance(timedelta(hours=2))
    assert app.scheduler is not None
    await app.scheduler.tick()


def _photo() -> bytes:
    image = Image.new("RGB", (480, 320), (250, 200, 120))
    draw = ImageDraw.Draw(image)
    draw.ellipse((320, 40, 420, 140), fill=(255, 240, 150))
    draw.rectangle((0, 220, 480, 320), fill=(60, 120, 200))
    out = io.BytesIO()
    image.save(out, "JPEG")
    return out.getvalue()


async def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        import os

        os.environ["CHORUS_MEDIA_DIR"] = str(Path(scratch) / "media")
        telegram, discord = MemoryAdapter("telegram"), MemoryAdapter("discord")
        clock = ManualClock(datetime(2026, 11, 2, 9, 0, tzinfo=UTC))
        app = App(
            parse_config(CONFIG),
            adapters={"telegram": telegram, "discord": discord},
            clock=clock,
            timers=False,
            database_url=f"sqlite+aiosqlite:///{scratch}/chorus.db",
        )
        await app.start()
        try:
            assert app.web is not None and app.postman is not None
            for n, choice in enumerate(["Pistachio"] * 5 + ["Lemon"] * 3 + ["Vanilla"] * 2):
                adapter, chat = (telegram, "-1001") if n % 3 else (discord, "222222222222222222")
                voter = Member(adapter.platform, f"{n + 100}", f"Member {n}")
                await adapter.push(_command(voter, chat, "vote", "flavour", choice))
            telegram.files["sunset"] = _photo()
            await telegram.push(
                _command(
                    Member("telegram", "501", "Léa"),
                    "-1001",
                    "submit",
                    "Sunset on the pier",
                    files="sunset",
                )
            )
            await app.postman.deliver_due()
            await _community(app, telegram, clock)
            await app.postman.deliver_due()
            await telegram.push(
                _command(Member("telegram", "777", "Camille"), "-1001", "dashboard")
            )
            found = re.search(r"/login/(\S+)", telegram.replies_to("777")[-1])
            assert found
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=ARGS
                )
                page = await browser.new_page(
                    locale="en-GB", viewport={"width": 1000, "height": 700}
                )
                base = app.web.url
                await page.goto(f"{base}/login/{found.group(1)}")
                await page.screenshot(path=str(OUT / "login.png"))
                await page.get_by_role("button", name="Sign in").click()
                await page.screenshot(path=str(OUT / "campaigns.png"), full_page=True)
                await page.goto(f"{base}/campaigns/flavour")
                await page.screenshot(path=str(OUT / "campaign.png"), full_page=True)
                await page.goto(f"{base}/campaigns/flavour/round/close")
                await page.screenshot(path=str(OUT / "confirm.png"))
                await page.goto(f"{base}/campaigns/summer/review")
                await page.screenshot(path=str(OUT / "review.png"), full_page=True)
                await page.goto(f"{base}/campaigns/flavour")
                await page.get_by_role("link", name="Ban these 6 accounts").click()
                await page.screenshot(path=str(OUT / "ban.png"), full_page=True)
                await page.goto(f"{base}/campaigns/box/ideas")
                await page.screenshot(path=str(OUT / "triage.png"), full_page=True)
                await page.get_by_role("link", name="Compare with #1").click()
                await page.screenshot(path=str(OUT / "merge.png"), full_page=True)
                await page.goto(f"{base}/campaigns/bikes/giveaway")
                await page.screenshot(path=str(OUT / "giveaway.png"), full_page=True)
                public = await browser.new_page(
                    locale="en-GB", viewport={"width": 1000, "height": 700}
                )
                await public.goto(f"{base}/verify/bikes")
                await public.locator("#verdict").wait_for()
                await public.screenshot(path=str(OUT / "verify.png"), full_page=True)
                phone = await browser.new_page(
                    locale="fr-FR", viewport={"width": 390, "height": 800}
                )
                await phone.context.add_cookies(await page.context.cookies())
                await phone.goto(f"{base}/campaigns/flavour?lang=fr")
                await phone.screenshot(path=str(OUT / "campaign-phone-fr.png"), full_page=True)
                await phone.goto(f"{base}/verify/bikes?lang=fr")
                await phone.screenshot(path=str(OUT / "verify-phone-fr.png"), full_page=True)
                await browser.close()
        finally:
            await app.stop()
    print(f"screenshots written to {OUT}")


if __name__ == "__main__":
    asyncio.run(main())
