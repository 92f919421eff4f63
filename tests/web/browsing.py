"""Driving Debian's Chromium with Playwright for the dashboard's browser tests: signing in
with a link asked in chat, and axe-core's accessibility check."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.memory import MemoryAdapter
from bot.model.events import Chat
from tests.conftest import Running
from tests.factories import command, member
from tests.web.kit import LINK, base_url

CHROMIUM = Path("/usr/bin/chromium")
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

#: axe-core, from the npm registry: ``npm ci --prefix tests/web`` (``.ci/run`` does it).
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
#: The impacts a page must never have.
BLOCKING = ("serious", "critical")

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's chromium is not installed (apt-get install chromium); .ci/run installs it",
)

if CHROMIUM.exists():
    from playwright.async_api import Browser, Page, expect
else:  # pragma: no cover - the modules are skipped, but must still import
    Browser = Page = object  # type: ignore[assignment, misc]
    expect = None  # type: ignore[assignment]


async def sign_in(
    page: Page, running: Running, adapter: MemoryAdapter, user_id: str, chat: Chat
) -> None:
    """Ask ``/dashboard`` in ``chat`` as ``user_id``, open the link and press "Sign in"."""
    await adapter.push(command(member(user_id, platform=adapter.platform), "dashboard", chat=chat))
    found = LINK.search(adapter.replies_to(user_id)[-1])
    assert found, adapter.replies_to(user_id)[-1]
    await page.goto(f"{base_url(running)}/login/{found.group(1)}")
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("heading", name="Campaigns", level=1)).to_be_visible()


async def serious_violations(page: Page) -> list[str]:
    """What axe-core finds serious or critical on the page as it is now, one line each.

    The page must come from a context with ``bypass_csp``: the dashboard's CSP forbids the
    inline script that injects axe-core (as it should)."""
    if not AXE.exists():  # .ci/run installs it; a bare checkout says how
        pytest.skip(f"axe-core is not installed: npm ci --prefix {AXE.parents[2]}")
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        await page.add_script_tag(path=str(AXE))
    found = await page.evaluate("axe.run(document).then(result => result.violations)")
    return [
        f"{page.url}: {rule['id']} ({rule['impact']}) on "
        + ", ".join(str(node["target"]) for node in rule["nodes"])
        for rule in found
        if rule["impact"] in BLOCKING
    ]
