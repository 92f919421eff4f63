"""The browser the dashboard's browser tests drive (Debian's Chromium, headless)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.web.browsing import ARGS, CHROMIUM, Browser


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        await launched.close()
