"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import storage.tables  # noqa: F401
from storage.db import Database


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection)
    return list(compare_metadata(context, SQLModel.metadata))


async def test_migrations_match_the_models(database_url: str) -> None:
    db = Database.connect(database_url)
    try:
        await db.migrate()
        await db.migrate()  # a second upgrade is a no-op
        async with db.reading() as conn:
            differences = await conn.run_sync(_differences)
    finally:
        await db.close()
    assert differences == []
