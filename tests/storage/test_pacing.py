"""Sending limits booked in PostgreSQL: every process sharing the database takes its turns
from one window, so a limit holds for the deployment."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest

from bot.model.pacing import Limit
from storage.db import Database
from storage.delivery.pacing import SharedThrottle, book, meta_key, next_slot, window_of
from tests.conftest import POSTGRES_ENV, _create_pg_database


@pytest.fixture
async def two_processes() -> AsyncIterator[tuple[Database, Database]]:
    """Two processes' views of one fresh PostgreSQL database."""
    admin_url = os.environ.get(POSTGRES_ENV)
    if not admin_url:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    url, drop = await _create_pg_database(admin_url)
    first, second = Database.connect(url), Database.connect(url)
    await first.migrate()
    try:
        yield first, second
    finally:
        await first.close()
        await second.close()
        await drop()


def test_a_window_with_room_left_sends_at_once() -> None:
    assert next_slot([1.0, 2.0], now=5.0, count=3, window=10) == 5.0


def test_a_full_window_waits_until_its_oldest_turn_leaves_it() -> None:
    assert next_slot([1.0, 2.0, 3.0], now=5.0, count=3, window=10) == 11.0
    assert next_slot([1.0, 2.0, 3.0], now=5.0, count=2, window=10) == 12.0


def test_a_spread_limit_keeps_its_turns_apart() -> None:
    assert next_slot([1.0], now=1.0, count=30, window=1.5, spread=True) == 1.05
    assert next_slot([], now=1.0, count=30, window=1.5, spread=True) == 1.0


def test_a_window_keeps_a_margin_for_jitter() -> None:
    assert window_of(Limit("a", 30, 1.0)) == 1.2  # at least a fifth of a second
    assert window_of(Limit("b", 20, 60.0)) == 63.0  # 5 %
    # turns one apart: a few percent, so that a fan-out keeps close to the platform's pace
    assert window_of(Limit("c", 30, 1.0, spread=True)) == pytest.approx(1.07)


def test_a_key_too_long_for_the_meta_table_is_digested() -> None:
    long = Limit("slack:" + "C" * 100, 1, 1.0)
    assert len(meta_key(long)) == 64 and meta_key(long).startswith("pace:")
    assert meta_key(Limit("telegram:1:-100", 20, 60)) == "pace:telegram:1:-100"


async def test_two_processes_book_turns_from_one_window(
    two_processes: tuple[Database, Database],
) -> None:
    first, second = two_processes
    limit = Limit("telegram:1:-100", 2, 10.0)
    waits = [await book(first, limit), await book(second, limit), await book(first, limit)]
    assert waits[0] == 0 and waits[1] == 0
    window = window_of(limit)
    assert window - 1 < waits[2] <= window  # the third waits for the first to leave the window
    assert await book(second, Limit("telegram:1:-200", 2, 10.0)) == 0  # another chat is free


async def test_a_throttle_sleeps_for_its_turn(two_processes: tuple[Database, Database]) -> None:
    first, second = two_processes
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    limit = Limit("slack:C1", 1, 1.0)
    await SharedThrottle(first, sleep).turn(limit)
    await SharedThrottle(second, sleep).turn(limit)
    assert len(slept) == 1 and 0.9 < slept[0] <= window_of(limit)
