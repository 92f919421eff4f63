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
    return await _secret(db, "signing_secret")


async def pseudonym_secret(db: Database) -> bytes:
    """The key of the pseudonyms in exports and reports, created once per database: the same
    member has the same pseudonym in every export of this installation, and nobody without
    the database can link it back to them."""
    return await _secret(db, "pseudonym_secret")


async def _secret(db: Database, name: str) -> bytes:
    async with db.transaction() as conn:
        await conn.execute(
            upsert(conn, _META)
            .values(key=name, value=secrets.token_hex(32))
            .on_conflict_do_nothing(index_elements=["key"])
        )
        value = (await conn.execute(select(_META.c.value).where(_META.c.key == name))).scalar_one()
    return bytes.fromhex(value)
