"""The live standing over HTTP: every open stream gets the vote; a closed one is let go."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator

from tests.conftest import StartApp
from tests.factories import command, member
from tests.web.kit import signed_in, two_polls

TOTAL = re.compile(r"<tfoot>.*?<td>(\d+)</td>", re.S)


async def standings(lines: AsyncIterator[str]) -> AsyncIterator[int]:
    """The participants' total of each standing event read from an event stream."""
    data: list[str] = []
    async for line in lines:
        if line.startswith("data: "):
            data.append(line[6:])
        elif not line and data:
            found = TOTAL.search("\n".join(data))
            data = []
            if found:
                yield int(found.group(1))


async def test_a_vote_reaches_every_open_stream_and_a_closed_one_stops_the_reading(
    start_app: StartApp,
) -> None:
    running = await start_app(two_polls())
    assert running.app.web is not None
    feed = running.app.web.feed
    async with signed_in(running, "mod") as client:
        async with (
            client.stream("GET", "/campaigns/flavour/live") as first,
            client.stream("GET", "/campaigns/flavour/live") as second,
        ):
            pages = [standings(first.aiter_lines()), standings(second.aiter_lines())]
            assert [await anext(page) for page in pages] == [0, 0]
            [reading] = [t for t in asyncio.all_tasks() if t.get_name().startswith("web-live-")]

            await running.adapter.push(command(member("alice"), "vote", "flavour", "Lemon"))

            assert [await anext(page) for page in pages] == [1, 1]
            for page in pages:
                await page.aclose()
        await reading  # both streams closed: the round is no longer read
    assert feed.watched() == set()
