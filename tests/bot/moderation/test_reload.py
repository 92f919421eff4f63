"""Several processes on one database apply the same config file: the one that reloads records
its fingerprint, and the others follow once their own file is the same."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.moderation.reload import ConfigReloader
from campaigns import parse_config
from storage.processes import (
    RunningProcess,
    forget_process,
    register_process,
    running_processes,
)
from tests.conftest import Running, StartApp
from tests.factories import poll_text

SECOND = """
[[campaigns]]
id = "second"
kind = "poll"
title = "Second poll"
channels = ["console:main"]
duration = "3d"

[campaigns.poll]
options = ["Mint", "Lemon"]
"""


def reloader(running: Running, path: Path) -> ConfigReloader:
    assert running.app.scheduler is not None
    return ConfigReloader(running.runtime, path, running.app.scheduler.tick)


async def test_every_process_applies_the_file_another_one_reloaded(
    start_app: StartApp, tmp_path: Path
) -> None:
    first_file, second_file = tmp_path / "a.toml", tmp_path / "b.toml"
    for path in (first_file, second_file):
        path.write_text(poll_text(), encoding="utf-8")
    first = await start_app(parse_config(poll_text()))
    second = await start_app(parse_config(poll_text()))
    first_reloader, second_reloader = reloader(first, first_file), reloader(second, second_file)

    first_file.write_text(poll_text() + SECOND, encoding="utf-8")
    assert await first_reloader.reload()
    await second_reloader.follow(second.runtime)  # its own file is still the old one
    assert [c.id for c in second.runtime.campaigns()] == ["flavour"]

    second_file.write_text(poll_text() + SECOND, encoding="utf-8")
    await second_reloader.follow(second.runtime)

    assert [c.id for c in first.runtime.campaigns()] == ["flavour", "second"]
    assert [c.id for c in second.runtime.campaigns()] == ["flavour", "second"]


async def test_a_refused_file_changes_nothing(start_app: StartApp, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    running = await start_app(parse_config(poll_text()))
    before = running.runtime.config
    path.write_text(poll_text().replace('duration = "7d"', 'duration = "7 weeks"'), "utf-8")

    assert not await reloader(running, path).reload()

    assert running.runtime.config is before


async def test_processes_are_registered_until_they_stop(start_app: StartApp) -> None:
    running = await start_app(parse_config(poll_text()))
    db = running.runtime.db
    process = RunningProcess("host-a", 4242, "/srv/chorus/config.toml", datetime.now(UTC))

    await register_process(db, process)
    assert await running_processes(db) == [process]
    await forget_process(db, process)

    assert await running_processes(db) == []
