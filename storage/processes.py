"""Running ``chorus run`` processes and the config they apply, kept in the ``meta`` table.

Each process registers itself at start (host, pid, config file) and forgets itself at a clean
stop, so that ``chorus reload`` finds whom to signal without a pid file; a process that died
leaves a row that ``chorus reload`` recognises (no such pid) and removes. ``config_applied`` is
the fingerprint of the last config file a process reloaded: every other process sharing the
database applies its own file once it has the same fingerprint.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select

from storage.db import Database
from storage.sql import upsert
from storage.tables import META

_META: Any = META

PREFIX = "process:"
APPLIED = "config_applied"


@dataclass(frozen=True, slots=True)
class RunningProcess:
    """One ``chorus run`` process: where it runs and which file it reads."""

    host: str
    pid: int
    config: str
    started: datetime

    @property
    def key(self) -> str:
        return f"{PREFIX}{self.pid}@{self.host}"[:64]


async def register_process(db: Database, process: RunningProcess) -> None:
    """Record that ``process`` runs (again, after a pid was reused)."""
    value = json.dumps(
        {
            "host": process.host,
            "pid": process.pid,
            "config": process.config,
            "started": process.started.isoformat(),
        }
    )
    async with db.transaction() as conn:
        await conn.execute(
            upsert(conn, _META)
            .values(key=process.key, value=value)
            .on_conflict_do_update(index_elements=["key"], set_={"value": value})
        )


async def forget_process(db: Database, process: RunningProcess) -> None:
    """The process stopped (or is known to be gone)."""
    async with db.transaction() as conn:
        await conn.execute(delete(_META).where(_META.c.key == process.key))


async def running_processes(db: Database) -> list[RunningProcess]:
    """Every registered process, oldest first."""
    async with db.reading() as conn:
        rows = await conn.execute(select(_META.c.value).where(_META.c.key.startswith(PREFIX)))
        found = [json.loads(value) for (value,) in rows.all()]
    processes = [
        RunningProcess(
            str(f["host"]), int(f["pid"]), str(f["config"]), datetime.fromisoformat(f["started"])
        )
        for f in found
    ]
    return sorted(processes, key=lambda p: p.started)


async def record_applied_config(db: Database, fingerprint: str) -> None:
    """A process applied the config file with this fingerprint."""
    async with db.transaction() as conn:
        await conn.execute(
            upsert(conn, _META)
            .values(key=APPLIED, value=fingerprint)
            .on_conflict_do_update(index_elements=["key"], set_={"value": fingerprint})
        )


async def applied_config(db: Database) -> str | None:
    """The fingerprint of the config file last applied by a reload, if any."""
    async with db.reading() as conn:
        value = (
            await conn.execute(select(_META.c.value).where(_META.c.key == APPLIED))
        ).scalar_one_or_none()
    return None if value is None else str(value)
