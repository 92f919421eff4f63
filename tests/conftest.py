"""Shared fixtures: a database per test (SQLite file, and PostgreSQL when configured) and a
started app wired to in-memory adapters with a manual clock."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from adapters.memory import MemoryAdapter
from bot.app import App
from bot.config.model import Config
from bot.engine.kinds import CampaignKind
from bot.engine.runtime import Runtime
from bot.model.clock import ManualClock
from bot.model.events import Event
from tests.log_guard import CapturedLogs, redacted_logs

POSTGRES_ENV = "CHORUS_TEST_POSTGRES_URL"
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


async def _create_pg_database(admin_url: str) -> tuple[str, Callable[[], Awaitable[None]]]:
    import asyncpg

    url = make_url(admin_url)
    name = f"chorus_test_{uuid.uuid4().hex[:12]}"
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    admin = await asyncpg.connect(dsn)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()

    async def drop() -> None:
        admin = await asyncpg.connect(dsn)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()

    return url.set(database=name).render_as_string(hide_password=False), drop


@pytest.fixture(autouse=True)
def media_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Media (charts) go to a scratch folder."""
    folder = tmp_path / "media"
    monkeypatch.setenv("CHORUS_MEDIA_DIR", str(folder))
    return folder


@pytest.fixture
def logs() -> Iterator[CapturedLogs]:
    """The logs of an end-to-end run, through the redaction ``chorus run`` installs: the
    platform harnesses use it, and no secret they configure may show in any record."""
    with redacted_logs() as captured:
        yield captured
    leaked = captured.leaks(captured.redactor.secrets)
    assert not leaked, f"{len(leaked)} secret(s) in the logs"


@pytest.fixture(params=["sqlite", "postgres"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh, empty database: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'chorus.db'}"
        return
    admin_url = os.environ.get(POSTGRES_ENV)
    if not admin_url:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    url, drop = await _create_pg_database(admin_url)
    yield url
    await drop()


@dataclass
class Running:
    """A started app with its in-memory adapters and manual clock; ``adapter`` is the first
    (the console's unless told otherwise)."""

    app: App
    runtime: Runtime
    adapter: MemoryAdapter
    clock: ManualClock
    adapters: dict[str, MemoryAdapter] = field(default_factory=dict)

    async def tick(self) -> None:
        """Run the scheduler's catch-up and deliver the outbox, as the timers would."""
        assert self.app.scheduler is not None and self.app.postman is not None
        await self.app.scheduler.tick()
        await self.app.postman.deliver_due()

    async def postman_delivered(self) -> None:
        """Deliver whatever the outbox holds now."""
        assert self.app.postman is not None
        await self.app.postman.deliver_due()


StartApp = Callable[..., Awaitable[Running]]


@dataclass
class Held:
    """Events stopped before the core handles them: ``arrived`` is set when one reaches the
    core, and they all go on once ``release`` is set (a slow core, deterministically)."""

    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    release: asyncio.Event = field(default_factory=asyncio.Event)


def hold_core(app: App) -> Held:
    """Hold every event ``app`` receives from now on until :attr:`Held.release` is set."""
    assert app.dispatcher is not None
    held = Held()
    dispatch = app.dispatcher.dispatch

    async def slow(event: Event) -> None:
        held.arrived.set()
        await held.release.wait()
        await dispatch(event)

    app.dispatcher.dispatch = slow  # type: ignore[method-assign]
    return held


def handled_by_core(app: App) -> asyncio.Event:
    """An event set once the core has handled the next event ``app`` receives (a command that
    answers nothing can be awaited too)."""
    assert app.dispatcher is not None
    done = asyncio.Event()
    dispatch = app.dispatcher.dispatch

    async def watched(event: Event) -> None:
        await dispatch(event)
        done.set()

    app.dispatcher.dispatch = watched  # type: ignore[method-assign]
    return done


@pytest.fixture
async def start_app(database_url: str) -> AsyncIterator[StartApp]:
    """Start apps on the test database; every app started is stopped at the end."""
    started: list[App] = []

    async def start(
        config: Config,
        *,
        clock: ManualClock | None = None,
        adapter: MemoryAdapter | None = None,
        adapters: dict[str, MemoryAdapter] | None = None,
        kinds: Mapping[str, CampaignKind] | None = None,
    ) -> Running:
        """``adapters`` (platform → adapter) stands for several platforms at once; ``kinds``
        replace the registry's campaign kinds (the config must have been parsed for them)."""
        clock = clock or ManualClock(START)
        if adapters is None:
            adapters = {"console": adapter or MemoryAdapter("console", admins=frozenset())}
        app = App(
            config,
            adapters=dict(adapters),
            clock=clock,
            timers=False,
            database_url=database_url,
            kinds=kinds,
        )
        runtime = await app.start()
        started.append(app)
        running = Running(app, runtime, next(iter(adapters.values())), clock, dict(adapters))
        await running.tick()
        return running

    yield start
    for app in started:
        await app.stop()
