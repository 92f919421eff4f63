"""Outbox claims: owned, leased, renewed, taken over when expired or when their owner died."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta

import pytest

from storage.db import Database
from storage.delivery.outbox import OutboxItem, post_once
from storage.delivery.outbox_claims import claim_due, mark_failed, mark_sent, release, renew
from tests.conftest import START

LEASE = timedelta(seconds=30)
Open = Callable[[], Awaitable[Database]]


@pytest.fixture
async def open_db(database_url: str) -> AsyncIterator[Open]:
    """Open a process's view of the database (each with its own name); closed at the end."""
    opened: list[Database] = []

    async def open_() -> Database:
        db = Database.connect(database_url)
        await db.migrate()
        opened.append(db)
        return db

    yield open_
    for db in opened:
        await db.close()


async def _queue(db: Database, count: int = 3) -> None:
    items = [OutboxItem(None, "note", f"console:c{i}", {"text": str(i)}) for i in range(count)]
    await post_once(db, items, START)


async def test_a_live_claim_is_not_taken_by_another_process(open_db: Open) -> None:
    first, second = await open_db(), await open_db()
    await _queue(first)
    claimed = await claim_due(first, START, LEASE)
    assert [m.attempts for m in claimed] == [1, 1, 1]
    assert await claim_due(second, START + LEASE / 2, LEASE) == []


async def test_an_expired_claim_is_taken_over_and_only_the_new_owner_marks_it_sent(
    open_db: Open,
) -> None:
    first, second = await open_db(), await open_db()
    await _queue(first, 1)
    [mine] = await claim_due(first, START, LEASE)
    [theirs] = await claim_due(second, START + LEASE, LEASE)
    assert (theirs.id, theirs.attempts) == (mine.id, 2)
    assert await mark_sent(first, mine.id, "late", START + LEASE) is False
    assert await mark_failed(first, mine.id, "late", None) is False
    assert await mark_sent(second, theirs.id, "42", START + LEASE) is True


async def test_renewed_claims_stay_with_their_owner(open_db: Open) -> None:
    first, second = await open_db(), await open_db()
    await _queue(first, 2)
    await claim_due(first, START, LEASE)
    assert await renew(first, START + 2 * LEASE) == 2
    assert await claim_due(second, START + LEASE, LEASE) == []
    assert len(await claim_due(second, START + 2 * LEASE, LEASE)) == 2


async def test_a_dead_process_batch_is_taken_over_at_once(open_db: Open) -> None:
    dead, survivor = await open_db(), await open_db()
    if dead.dialect == "sqlite":  # a claim names its process: here, one that has exited
        exited = await asyncio.create_subprocess_exec("true")
        await exited.wait()
        dead.owner = f"chorus/{socket.gethostname()[:32]}/{exited.pid}/gone"
    await _queue(dead, 3)
    assert len(await claim_due(dead, START, LEASE)) == 3
    await dead.close()  # its connections close, as when the process is killed
    taken = await claim_due(survivor, START + timedelta(seconds=1), LEASE)
    assert [m.attempts for m in taken] == [2, 2, 2]


async def test_released_rows_are_due_again_without_counting_an_attempt(open_db: Open) -> None:
    first, second = await open_db(), await open_db()
    await _queue(first, 2)
    claimed = await claim_due(first, START, LEASE)
    await release(first, [m.id for m in claimed])
    again = await claim_due(second, START, LEASE)
    assert [m.attempts for m in again] == [1, 1]
