"""The offset ledger (confirm only handled updates) and the aiohttp transport's errors."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web
from telegram.error import NetworkError, TimedOut

from adapters.telegram.admins import AdminCache
from adapters.telegram.delivery import UpdateLedger
from adapters.telegram.transport import AiohttpRequest
from tests.adapters.telegram.harness import free_port


def test_offset_never_passes_the_oldest_update_in_flight() -> None:
    ledger = UpdateLedger()
    assert ledger.confirmable(10) == 10
    ledger.fetched(5)
    ledger.fetched(7)

    assert ledger.confirmable(10) == 5
    ledger.handled(5)
    assert ledger.confirmable(10) == 7
    ledger.handled(7)
    assert ledger.confirmable(10) == 10
    assert ledger.confirmable(None) is None


async def test_when_quiet_the_next_call_waits_for_the_updates_in_hand() -> None:
    ledger = UpdateLedger()
    ledger.fetched(1)
    waiting = asyncio.create_task(ledger.make_room(2, busy=False, at_most=30))
    await asyncio.sleep(0)  # let it start waiting
    assert not waiting.done()

    ledger.handled(1)
    await asyncio.wait_for(waiting, 5)


async def test_when_busy_the_next_call_waits_only_for_half_a_window() -> None:
    ledger = UpdateLedger()
    for update_id in range(1, 101):
        ledger.fetched(update_id)
    waiting = asyncio.create_task(ledger.make_room(101, busy=True, at_most=30))
    for update_id in range(1, 50):
        ledger.handled(update_id)
    await asyncio.sleep(0)
    assert not waiting.done()

    ledger.handled(50)  # 51…100 in flight: 50 places free
    await asyncio.wait_for(waiting, 5)
    assert ledger.confirmable(101) == 51


async def test_a_slow_update_holds_the_next_call_back_only_so_long() -> None:
    ledger = UpdateLedger()
    ledger.fetched(1)

    await asyncio.wait_for(ledger.make_room(2, busy=False, at_most=0), 5)
    assert ledger.confirmable(2) == 1  # still not confirmed


async def test_refused_connection_is_a_network_error() -> None:
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError):
            await request.do_request(f"http://127.0.0.1:{free_port()}/botX/getMe", "POST")
    finally:
        await request.shutdown()


async def test_server_that_does_not_answer_in_time_is_a_timeout() -> None:
    never = asyncio.Event()

    async def hang(request: web.Request) -> web.Response:
        await never.wait()
        return web.Response()

    app = web.Application()
    app.router.add_post("/botX/getMe", hang)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    request = AiohttpRequest(timeout=0.05)
    await request.initialize()
    try:
        with pytest.raises(TimedOut):
            await request.do_request(f"http://127.0.0.1:{port}/botX/getMe", "POST")
    finally:
        never.set()
        await request.shutdown()
        await runner.cleanup()


async def test_admin_answers_are_cached_until_the_ttl_passes() -> None:
    asked: list[tuple[str, str]] = []
    now = [100.0]

    async def lookup(chat_id: str, user_id: str) -> str:
        asked.append((chat_id, user_id))
        return "administrator" if user_id == "1" else "member"

    cache = AdminCache(lookup, ttl=300, monotonic=lambda: now[0])
    assert await cache.is_admin("-100", "1") is True
    assert await cache.is_admin("-100", "2") is False
    assert await cache.is_admin("-100", "1") is True
    assert asked == [("-100", "1"), ("-100", "2")]

    now[0] += 301
    assert await cache.is_admin("-100", "1") is True
    assert asked[-1] == ("-100", "1") and len(asked) == 3


async def test_failed_admin_lookup_is_asked_again() -> None:
    calls = 0

    async def lookup(chat_id: str, user_id: str) -> str:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ConnectionError("Telegram unreachable")
        return "creator"

    cache = AdminCache(lookup, ttl=300, monotonic=lambda: 0.0)
    with pytest.raises(ConnectionError):
        await cache.is_admin("-100", "1")
    assert await cache.is_admin("-100", "1") is True


async def test_membership_and_admin_checks_share_one_lookup() -> None:
    asked: list[tuple[str, str]] = []
    statuses = {"1": "administrator", "2": "member", "3": "left"}

    async def lookup(chat_id: str, user_id: str) -> str:
        asked.append((chat_id, user_id))
        return statuses[user_id]

    cache = AdminCache(lookup, ttl=300, monotonic=lambda: 0.0)
    assert [await cache.is_member("-100", user) for user in "123"] == [True, True, False]
    assert [await cache.is_admin("-100", user) for user in "123"] == [True, False, False]
    assert asked == [("-100", "1"), ("-100", "2"), ("-100", "3")]
