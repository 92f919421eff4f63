"""The live standing: rendered once per tick for every page watching, the latest only.

Driven without a server: pages are :class:`web.live.Subscription` mailboxes of a
:class:`web.feed.LiveFeed` whose tick is 0 s, so a test steps it by awaiting what it sends.
"""

from __future__ import annotations

import asyncio

from bot.engine.errors import ErrorHook, Failure
from web.feed import LiveFeed

#: Long enough never to be reached: a test awaits a frame, not a keep-alive.
NEVER = 3600.0


class Standing:
    """A rendering that counts its calls (the n-th says "standing #n")."""

    def __init__(self) -> None:
        self.made = 0

    async def __call__(self) -> str:
        self.made += 1
        return f"standing #{self.made}"


async def test_two_hundred_pages_share_one_rendering_per_change() -> None:
    feed = LiveFeed(interval=0)
    render = Standing()
    pages = [feed.subscribe(7, "flavour", render) for _ in range(200)]
    first = [await page.next(NEVER) for page in pages]
    assert render.made == 1
    assert first[0] == b"event: standing\ndata: standing #1\n\n"
    assert all(frame is first[0] for frame in first)  # the same bytes, encoded once

    for _ in range(1000):  # a burst of votes between two ticks
        feed.touch(7)
    second = [await page.next(NEVER) for page in pages]
    assert render.made == 2
    assert {frame for frame in second} == {b"event: standing\ndata: standing #2\n\n"}
    feed.close()


async def test_a_slow_page_gets_the_latest_standing_and_skips_the_ones_between() -> None:
    feed = LiveFeed(interval=0)
    render = Standing()
    slow = feed.subscribe(7, "flavour", render)
    quick = feed.subscribe(7, "flavour", render)
    await quick.next(NEVER)
    for _ in range(3):
        feed.touch(7)
        await quick.next(NEVER)
    assert render.made == 4
    assert await slow.next(NEVER) == b"event: standing\ndata: standing #4\n\n"
    feed.close()


async def test_pages_of_another_view_get_their_own_rendering() -> None:
    feed = LiveFeed(interval=0)
    english, french = Standing(), Standing()
    reader = feed.subscribe(7, ("flavour", "en"), english)
    lecteur = feed.subscribe(7, ("flavour", "fr"), french)
    await reader.next(NEVER)
    await lecteur.next(NEVER)
    assert (english.made, french.made) == (1, 1)
    feed.close()


async def test_a_late_page_gets_the_current_standing_at_once() -> None:
    feed = LiveFeed(interval=0)
    render = Standing()
    await feed.subscribe(7, "flavour", render).next(NEVER)
    late = feed.subscribe(7, "flavour", render)
    assert await late.next(0) == b"event: standing\ndata: standing #1\n\n"
    assert render.made == 1
    feed.close()


async def test_an_unchanged_standing_is_not_sent_again() -> None:
    feed = LiveFeed(interval=0)

    async def same() -> str:
        rendered.set()
        return "standing"

    rendered = asyncio.Event()
    page = feed.subscribe(7, "flavour", same)
    await page.next(NEVER)
    rendered.clear()
    feed.touch(7)
    await rendered.wait()
    assert await page.next(0) is None  # only a keep-alive is due
    feed.close()


async def test_a_change_nobody_watches_starts_nothing() -> None:
    feed = LiveFeed(interval=0)
    before = asyncio.all_tasks()
    feed.touch(7)
    assert asyncio.all_tasks() == before
    assert feed.watched() == set()


async def test_the_round_stops_being_read_when_its_last_page_leaves() -> None:
    feed = LiveFeed(interval=0)
    render = Standing()
    pages = [feed.subscribe(7, "flavour", render) for _ in range(2)]
    await pages[0].next(NEVER)
    stream = [t for t in asyncio.all_tasks() if t.get_name() == "web-live-7"]
    for page in pages:
        feed.unsubscribe(7, page)
    await asyncio.gather(*stream)
    assert feed.watched() == set()
    feed.touch(7)
    assert render.made == 1


async def test_closing_the_feed_ends_every_page() -> None:
    feed = LiveFeed(interval=0)
    page = feed.subscribe(7, "flavour", Standing())
    await page.next(NEVER)
    waiting = asyncio.ensure_future(page.next(NEVER))
    feed.close()
    assert await waiting is None
    assert page.ended
    assert feed.subscribe(7, "flavour", Standing()).ended


async def test_a_failing_rendering_is_reported_and_the_next_change_is_shown() -> None:
    errors = ErrorHook()
    failures: list[Failure] = []
    reported = asyncio.Event()

    def listen(failure: Failure) -> None:
        failures.append(failure)
        reported.set()

    errors.listen(listen)
    feed = LiveFeed(interval=0, errors=errors)
    attempts = 0

    async def flaky() -> str:
        nonlocal attempts
        attempts += 1
        if attempts == 1:
            raise RuntimeError("database gone")
        return "standing"

    page = feed.subscribe(7, "flavour", flaky)
    waiting = asyncio.ensure_future(page.next(NEVER))
    await reported.wait()
    assert failures[0].where == "live standing of round 7 failed"
    feed.touch(7)
    assert await waiting == b"event: standing\ndata: standing\n\n"
    feed.close()


async def test_each_line_of_the_standing_is_one_data_line() -> None:
    feed = LiveFeed(interval=0)

    async def two_lines() -> str:
        return "<ul>\n<li>Lemon: 1</li>"

    page = feed.subscribe(7, "flavour", two_lines)
    assert await page.next(NEVER) == b"event: standing\ndata: <ul>\ndata: <li>Lemon: 1</li>\n\n"
    feed.close()
