"""SQLite takes one writer at a time: a process's write transactions take turns in the
process (no sleeping in SQLite's busy handler), a transaction opened inside another by the
same task does not wait for itself, and a writer kept waiting past the busy timeout gets a
clear error rather than waiting forever."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import func, select

import storage.db
from bot.model.errors import StorageError
from storage.db import Database
from storage.delivery.inbox import claim_delivery
from storage.tables import DELIVERY
from tests.conftest import START

WRITERS = 50


@pytest.fixture
async def db(tmp_path: Path) -> Database:
    database = Database.connect(f"sqlite+aiosqlite:///{tmp_path / 'chorus.db'}")
    await database.migrate()
    return database


async def test_concurrent_writers_take_turns_and_all_commit(db: Database) -> None:
    inside = 0
    most = 0

    async def write(n: int) -> None:
        nonlocal inside, most
        async with db.transaction() as conn:
            inside += 1
            most = max(most, inside)
            await claim_delivery(conn, "slack", f"d-{n}", START)
            inside -= 1

    try:
        await asyncio.gather(*(write(n) for n in range(WRITERS)))
        async with db.reading() as conn:
            stored = (await conn.execute(select(func.count()).select_from(DELIVERY))).scalar()
    finally:
        await db.close()
    assert stored == WRITERS
    assert most == 1


async def test_a_transaction_inside_another_of_the_same_task_does_not_wait_for_it(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage.db, "BUSY_TIMEOUT", 1)  # a wait for itself would fail fast
    try:
        async with db.transaction() as outer:  # has not written yet when the inner one commits
            async with db.transaction() as inner:
                assert await claim_delivery(inner, "slack", "inner", START)
            assert await claim_delivery(outer, "slack", "outer", START)
        async with db.reading() as conn:
            stored = (await conn.execute(select(func.count()).select_from(DELIVERY))).scalar()
    finally:
        await db.close()
    assert stored == 2


async def test_a_writer_kept_waiting_past_the_busy_timeout_is_refused_clearly(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage.db, "BUSY_TIMEOUT", 0.05)
    holding, release = asyncio.Event(), asyncio.Event()

    async def hold() -> None:
        async with db.transaction():
            holding.set()
            await release.wait()

    holder = asyncio.create_task(hold())
    await holding.wait()
    try:
        with pytest.raises(StorageError, match="no write turn"):
            async with db.transaction():
                pass
    finally:
        release.set()
        await holder
        await db.close()
