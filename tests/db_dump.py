"""Every value stored in the database, as one text, for tests that look for what must never
be stored (a token, a secret)."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import SQLModel

import storage.tables  # noqa: F401  (every table joins the metadata)
from storage.db import Database


async def every_text(db: Database, *, but: tuple[str, ...] = ("meta",)) -> str:
    """All rows of all tables (``but`` these: ``meta`` holds the secrets), each value as
    text."""
    parts: list[str] = []
    async with db.reading() as conn:
        for table in SQLModel.metadata.sorted_tables:
            if table.name in but:
                continue
            for row in await conn.execute(select(table)):
                parts.extend(str(value) for value in row)
    return "\n".join(parts)
