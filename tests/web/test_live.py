"""One rendering of the live standing per change, shared by every page watching it."""

from __future__ import annotations

import asyncio

from web.feed import LiveFeed
from web.live import SharedRenders


async def test_pages_woken_by_one_change_share_one_rendering() -> None:
    renders = SharedRenders()
    made: list[int] = []
    gate = asyncio.Event()

    async def make() -> str:
        made.append(1)
        await gate.wait()
        return f"standing #{len(made)}"

    pages = [asyncio.ensure_future(renders.render("flavour", 1, make)) for _ in range(200)]
    await asyncio.sleep(0)
    gate.set()
    assert set(await asyncio.gather(*pages)) == {"standing #1"}
    assert len(made) == 1
    assert await renders.render("flavour", 1, make) == "standing #1"  # done: not made again
    assert await renders.render("flavour", 2, make) == "standing #2"  # a later change is
    assert await renders.render("colour", 1, make) == "standing #3"  # and another campaign


async def test_a_page_leaving_does_not_cancel_the_others_rendering() -> None:
    renders = SharedRenders()
    gate = asyncio.Event()

    async def make() -> str:
        await gate.wait()
        return "standing"

    leaving = asyncio.ensure_future(renders.render("flavour", 1, make))
    staying = asyncio.ensure_future(renders.render("flavour", 1, make))
    await asyncio.sleep(0)
    leaving.cancel()
    gate.set()
    assert await staying == "standing"


def test_each_change_moves_the_version_on() -> None:
    feed = LiveFeed()
    before = feed.version(7)
    feed.touch(7)
    feed.touch(7)
    assert feed.version(7) >= before + 2
