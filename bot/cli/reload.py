"""``chorus reload``: validate the config file as ``chorus check`` does, then ask every running
``chorus run`` on this database to apply it (SIGHUP to each process of this machine; processes
on other machines follow at their next sweep once their file is the same)."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
from typing import TYPE_CHECKING

import typer

from bot.cli.apps import DEFAULT_CONFIG, ConfigPath, Lang, app
from bot.cli.invocation import guard
from bot.cli.run import checked, has_database
from bot.config.model import Config

if TYPE_CHECKING:
    from storage.processes import RunningProcess


@app.command()
def reload(config_file: ConfigPath = DEFAULT_CONFIG, lang: Lang = None) -> None:
    """Apply an edited config file to the running Chorus without a restart (after checking
    it as chorus check does)."""
    config, t = checked(config_file, lang)
    found: list[RunningProcess] = []

    def look() -> None:
        found.extend(asyncio.run(_processes(config)))

    if has_database(config):
        guard(look, t)
    here = socket.gethostname()
    signalled = [p for p in found if p.host == here and _signal(p.pid)]
    elsewhere = [p for p in found if p.host != here]
    for process in signalled:
        typer.echo(t("reload.sent", pid=process.pid, config=process.config))
    for process in elsewhere:
        typer.echo(t("reload.elsewhere", pid=process.pid, host=process.host))
    if not signalled and not elsewhere:
        typer.echo(t("reload.none"), err=True)
        raise typer.Exit(1)


async def _processes(config: Config) -> list[RunningProcess]:
    """The registered processes; those of this machine that are gone are forgotten."""
    from storage.db import Database
    from storage.processes import forget_process, running_processes

    db = Database.connect(config.database_url())
    try:
        found = await running_processes(db)
        here = socket.gethostname()
        for process in found:
            if process.host == here and not _alive(process.pid):
                await forget_process(db, process)
        return [p for p in found if p.host != here or _alive(p.pid)]
    finally:
        await db.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive, but not ours to signal
        return True
    return True


def _signal(pid: int) -> bool:
    try:
        os.kill(pid, signal.SIGHUP)
    except OSError:
        return False
    return True
