"""Installation facts kept in the ``meta`` table."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import select

from storage.db import Database
from storage.sql import upsert
from storage.tables import META

_META: Any = META


async def signing_secret(db: Database) -> bytes:
    """The secret that signs button action ids, created once per database."""
    async with db.transaction() as conn:
        await conn.execute(
            upsert(conn, _META)
            .values(key="signing_secret", value=secrets.token_hex(32))
            .on_conflict_do_nothing(index_elements=["key"])
        )
        value = (
            await conn.execute(select(_META.c.value).where(_META.c.key == "signing_secret"))
        ).scalar_one()
    return bytes.fromhex(value)
