"""Several real ``chorus run`` processes on one PostgreSQL database, for the deployment tests.

Each replica is started with ``-v`` and its log is read line by line as it comes: tests wait
for a line (``chorus started``…) instead of sleeping. Every replica is killed at the end
whatever happened; its log is kept in ``tmp_path / "replica-N.log"``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from tests.conftest import POSTGRES_ENV, _create_pg_database

CHORUS = Path(sys.executable).parent / "chorus"
STARTED = "chorus started"


@dataclass
class Replica:
    """One ``chorus run`` process and what it logged so far."""

    name: str
    process: asyncio.subprocess.Process
    log_path: Path
    lines: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._changed = asyncio.Condition()
        self._reader = asyncio.create_task(self._read(), name=f"{self.name}-log")

    async def _read(self) -> None:
        assert self.process.stderr is not None
        with self.log_path.open("a", encoding="utf-8") as log:
            async for raw in self.process.stderr:
                line = raw.decode("utf-8", "replace")
                log.write(line)
                log.flush()
                async with self._changed:
                    self.lines.append(line)
                    self._changed.notify_all()
        async with self._changed:
            self._changed.notify_all()

    def logged(self, pattern: str) -> list[str]:
        return [line for line in self.lines if re.search(pattern, line)]

    async def wait_for_log(self, pattern: str, within: float = 30) -> str:
        """The first line matching ``pattern``; fails if the process ends without it."""

        def found() -> bool:
            return bool(self.logged(pattern)) or self._reader.done()

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(found), within)
        matches = self.logged(pattern)
        assert matches, f"{self.name} ended without logging {pattern!r}:\n{''.join(self.lines)}"
        return matches[0]

    @property
    def alive(self) -> bool:
        return self.process.returncode is None

    def kill(self) -> None:
        """SIGKILL: the process dies at once, its connections dropped by the server."""
        if self.alive:
            self.process.send_signal(signal.SIGKILL)

    async def stop(self) -> int:
        """SIGTERM and wait for the clean stop; return the exit code."""
        if self.alive:
            self.process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(self.process.wait(), 30)
        await self._reader
        return code


@dataclass
class Deployment:
    """Replicas sharing ``config.toml`` and one PostgreSQL database."""

    tmp_path: Path
    database_url: str
    replicas: list[Replica] = field(default_factory=list)

    @property
    def dsn(self) -> str:
        url = make_url(self.database_url)
        return str(url.set(drivername="postgresql").render_as_string(hide_password=False))

    def write_config(self, text: str) -> Path:
        path = self.tmp_path / "config.toml"
        path.write_text(text, encoding="utf-8")
        return path

    async def start(self, env: dict[str, str] | None = None) -> Replica:
        """One more ``chorus run`` on the shared config, with ``env`` added to its variables."""
        name = f"replica-{len(self.replicas) + 1}"
        full = {k: v for k, v in os.environ.items() if not k.startswith("CHORUS_")}
        full["CHORUS_DATABASE_URL"] = self.database_url
        full["CHORUS_MEDIA_DIR"] = str(self.tmp_path / "media")
        full.update(env or {})
        process = await asyncio.create_subprocess_exec(
            str(CHORUS),
            "run",
            "-v",
            "--config",
            str(self.tmp_path / "config.toml"),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
            env=full,
        )
        replica = Replica(name, process, self.tmp_path / f"{name}.log")
        self.replicas.append(replica)
        return replica

    async def query(self, sql: str, *args: object) -> list[asyncpg.Record]:
        """Rows of ``sql`` on the replicas' database."""
        conn = await asyncpg.connect(self.dsn)
        try:
            return list(await conn.fetch(sql, *args))
        finally:
            await conn.close()

    async def close(self) -> None:
        for replica in self.replicas:
            replica.kill()
        for replica in self.replicas:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(replica.process.wait(), 30)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(replica._reader, 5)


@pytest.fixture
async def deployment(tmp_path: Path) -> AsyncIterator[Deployment]:
    """A fresh PostgreSQL database (dropped afterwards) for replicas started by the test."""
    admin_url = os.environ.get(POSTGRES_ENV)
    if not admin_url:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    url, drop = await _create_pg_database(admin_url)
    running = Deployment(tmp_path, url)
    try:
        yield running
    finally:
        await running.close()
        await drop()
