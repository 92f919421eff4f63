"""The database: async engine, sessions, SQLite tuning and migrations on start.

SQLite (the embedded default) runs in WAL mode with ``synchronous=FULL``: a transaction that
returned is on disk. Its file is created 0600 (its ``-wal`` and ``-shm`` files follow).
PostgreSQL is used when the URL says so; several processes may share it, so migrations run
under an advisory lock: the first process to start migrates, the others wait, then find the
schema current.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from bot.model.errors import StorageError
from storage.privacy.private_files import private_database_file

MIGRATIONS = Path(__file__).parent / "migrations"
#: Key in a connection's ``info`` set when the transaction queued outbox rows.
OUTBOX_WRITTEN = "chorus.outbox_written"
#: The PostgreSQL advisory lock held while migrating (``"CHORUS"`` + 1).
#: How every Chorus process's name begins.
PROCESS_PREFIX = "chorus/"
MIGRATION_LOCK = 0x43484F525553_0001
#: Seconds a SQLite writer waits for its turn (in this process, then in SQLite's busy handler
#: for another process's) before giving up.
BUSY_TIMEOUT = 30
#: Set while the current task holds this process's SQLite write turn (a transaction opened
#: inside another one's, by the same task, must not wait for it).
_WRITING: ContextVar[bool] = ContextVar("chorus_sqlite_writing", default=False)


class Database:
    """One engine for the process; ``transaction()`` hands out short write transactions."""

    def __init__(self, engine: AsyncEngine, owner: str | None = None) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        #: This process's name on the database: it owns the outbox rows it claims, and on
        #: PostgreSQL its connections carry it as ``application_name``, so that the others
        #: see it alive (``pg_stat_activity``) as long as one of them is open.
        self.owner = owner or process_name()
        self._outbox_listeners: list[Callable[[], None]] = []
        #: SQLite takes one writer at a time: the process's writers queue here, each served
        #: as soon as the one before commits, instead of in SQLite's busy handler, which
        #: retries a locked database after sleeps of up to 100 ms.
        self._write_turn = asyncio.Lock() if self.dialect == "sqlite" else None

    @classmethod
    def connect(cls, url: str, *, pool_size: int = 5, pool_overflow: int = 5) -> Database:
        """Create the engine for ``url`` (``sqlite+aiosqlite://…`` or ``postgresql+asyncpg://…``);
        on PostgreSQL it opens at most ``pool_size + pool_overflow`` connections."""
        try:
            parsed = make_url(url)
        except Exception as exc:
            raise StorageError(f"invalid database URL {url!r}: {exc}") from None
        options: dict[str, Any] = {}
        owner = process_name()
        if parsed.get_backend_name() == "sqlite":
            database = parsed.database or ""
            if database and database != ":memory:":
                try:
                    private_database_file(Path(database).expanduser())
                except OSError as exc:
                    raise StorageError(f"cannot create {database}: {exc.strerror}") from None
            options["connect_args"] = {"timeout": BUSY_TIMEOUT}
        else:
            options.update(
                pool_size=pool_size,
                max_overflow=pool_overflow,
                pool_pre_ping=True,
                connect_args={"server_settings": {"application_name": owner}},
            )
        engine = create_async_engine(parsed, **options)
        if engine.dialect.name == "sqlite":
            event.listen(engine.sync_engine, "connect", _tune_sqlite)
        return cls(engine, owner)

    def on_outbox_write(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` after each commit that queued outbox rows.

        The sender installs itself here, so whoever writes outbox rows never has to remember
        to wake it, and it never wakes before the rows are visible.
        """
        self._outbox_listeners.append(listener)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        """A connection inside one transaction, committed on success, rolled back on error."""
        queued = False
        async with self._writing(), self.engine.begin() as conn:
            conn.info.pop(OUTBOX_WRITTEN, None)  # left by a transaction that failed
            yield conn
            queued = bool(conn.info.pop(OUTBOX_WRITTEN, False))
        if queued:
            for listener in self._outbox_listeners:
                listener()

    @asynccontextmanager
    async def _writing(self) -> AsyncIterator[None]:
        """This process's write turn on SQLite (nothing to wait for on PostgreSQL)."""
        if self._write_turn is None or _WRITING.get():
            yield
            return
        try:
            async with asyncio.timeout(BUSY_TIMEOUT):
                await self._write_turn.acquire()
        except TimeoutError:
            raise StorageError(f"database is locked: no write turn in {BUSY_TIMEOUT} s") from None
        try:
            token = _WRITING.set(True)
            try:
                yield
            finally:
                _WRITING.reset(token)
        finally:
            self._write_turn.release()

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncConnection]:
        """A connection for reads."""
        async with self.engine.connect() as conn:
            yield conn

    async def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision.

        SQLite changes a table by rebuilding it, which its foreign keys would refuse while
        other tables refer to it: they are switched off for the migration (outside its
        transaction, where SQLite allows it) and every reference is checked before it commits.
        On PostgreSQL the migration transaction first takes :data:`MIGRATION_LOCK`: processes
        started together migrate one after the other, and all but the first find nothing to do.
        """
        try:
            async with self.engine.connect() as conn:
                sqlite = self.dialect == "sqlite"
                if sqlite:
                    await conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
                    await conn.commit()
                try:
                    async with conn.begin():
                        if self.dialect == "postgresql":
                            await conn.execute(
                                text("SELECT pg_advisory_xact_lock(:key)"),
                                {"key": MIGRATION_LOCK},
                            )
                        await conn.run_sync(_upgrade)
                        if sqlite:
                            await _check_foreign_keys(conn)
                finally:
                    if sqlite:
                        await conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                        await conn.commit()
        except OSError as exc:  # the server does not answer: nothing to migrate yet
            url = self.engine.url
            where = f"{url.host}:{url.port or 5432}" if url.host else str(url.database)
            raise StorageError(
                f"cannot reach the database at {where}: {exc}", "storage.unreachable", host=where
            ) from exc
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot migrate the database: {exc}") from exc

    async def close(self) -> None:
        """Dispose of the engine and its pool."""
        await self.engine.dispose()


async def _check_foreign_keys(conn: AsyncConnection) -> None:
    broken = (await conn.exec_driver_sql("PRAGMA foreign_key_check")).all()
    if broken:
        raise StorageError(f"the migration left rows referring to nothing: {broken[:5]}")


def process_name() -> str:
    """A name for this process, unique among the processes sharing a database (at most 63
    characters, PostgreSQL's limit for ``application_name``)."""
    host = socket.gethostname()[:32]
    return f"{PROCESS_PREFIX}{host}/{os.getpid()}/{secrets.token_hex(4)}"[:63]


def _tune_sqlite(dbapi_connection: Any, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def alembic_config(connection: Connection | None = None) -> Any:
    """An Alembic config pointing at our migrations (no alembic.ini needed)."""
    from alembic.config import Config as AlembicConfig

    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _upgrade(connection: Connection) -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), "head")
