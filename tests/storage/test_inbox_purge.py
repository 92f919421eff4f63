"""The inbox stays bounded: delivery ids past the re-delivery horizon are deleted in batches."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from storage.db import Database
from storage.delivery.inbox import REDELIVERY_HORIZON, claim_delivery, purge_deliveries
from storage.tables import DELIVERY
from tests.conftest import START


async def test_deliveries_older_than_48_hours_are_purged_in_batches(database_url: str) -> None:
    db = Database.connect(database_url)
    try:
        await db.migrate()
        old = START - REDELIVERY_HORIZON - timedelta(minutes=1)
        recent = START - REDELIVERY_HORIZON + timedelta(minutes=1)
        async with db.transaction() as conn:
            for n in range(25):
                await claim_delivery(conn, "telegram", f"old-{n}", old)
            for n in range(3):
                await claim_delivery(conn, "telegram", f"new-{n}", recent)

        assert await purge_deliveries(db, START - REDELIVERY_HORIZON, batch=10) == 25

        async with db.reading() as conn:
            left = (await conn.execute(select(func.count()).select_from(DELIVERY))).scalar_one()
            async with db.transaction() as write:
                assert await claim_delivery(write, "telegram", "new-0", START) is False
        assert left == 3
    finally:
        await db.close()
