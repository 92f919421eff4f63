"""``chorus demo --web``: the demo's dashboard left open, reached with the printed link."""

from __future__ import annotations

import asyncio
import re

import httpx

from bot.demo.demo import run_demo
from bot.engine.i18n import Catalogs
from tests.web.kit import csrf_in, two_polls

URL = re.compile(r"(http://127\.0\.0\.1:\d+)/login/(\S+)")


async def test_demo_leaves_the_dashboard_open_with_a_working_login_link() -> None:
    stop = asyncio.Event()
    said: list[str] = []
    printed = asyncio.Event()

    def say(text: str) -> None:
        said.append(text)
        printed.set()

    t = Catalogs().translator("en")
    demo = asyncio.ensure_future(
        run_demo(two_polls(), members=30, seed=1, window=3, t=t, web_port=0, stop=stop, say=say)
    )
    await asyncio.wait_for(printed.wait(), 60)
    found = URL.search(said[0])
    assert found, said
    assert "stays open until Ctrl-C" in said[0]
    base, token = found.groups()
    async with httpx.AsyncClient(base_url=base) as browser:
        page = await browser.get(f"/login/{token}")
        signed = await browser.post("/login", data={"csrf": csrf_in(page.text), "token": token})
        campaign = await browser.get("/campaigns/flavour")
        again = await browser.post("/login", data={"csrf": csrf_in(page.text), "token": token})
    assert signed.status_code == 303
    assert campaign.status_code == 200
    assert "Next flavour" in campaign.text
    assert "Total" in campaign.text
    assert again.status_code != 303  # the link works once
    assert not demo.done()
    stop.set()
    assert await asyncio.wait_for(demo, 30) == 0


async def test_demo_web_is_for_the_poll_demo() -> None:
    t = Catalogs().translator("en")
    code = await run_demo(two_polls(), members=5, seed=1, window=3, t=t, kind="ideas", web_port=0)
    assert code == 2
