"""One leader for the chores: on PostgreSQL exactly one process sweeps and runs them, and
another takes over once the leader is gone; SQLite's single process always leads."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.engine.runtime import Runtime
from tests.conftest import StartApp
from tests.factories import poll_config


async def test_one_process_runs_the_chores_and_another_takes_over_when_it_is_gone(
    start_app: StartApp, database_url: str
) -> None:
    first = await start_app(poll_config())
    second = await start_app(poll_config())
    ran: list[str] = []

    def chore_of(name: str) -> Callable[[Runtime], Awaitable[None]]:
        async def chore(_runtime: Runtime) -> None:
            ran.append(name)

        return chore

    assert first.app.scheduler is not None and second.app.scheduler is not None
    first.app.scheduler.chores.append(chore_of("first"))
    second.app.scheduler.chores.append(chore_of("second"))
    await first.app.scheduler.tick()
    await second.app.scheduler.tick()
    if database_url.startswith("sqlite"):
        assert ran == ["first", "second"]  # one process per SQLite file: each leads alone
        return
    assert ran == ["first"]
    assert (first.app.scheduler.leader, second.app.scheduler.leader) == (True, False)

    await first.app.stop()  # its session ends, and the lease with it
    await second.app.scheduler.tick()
    assert ran == ["first", "second"]
    assert second.app.scheduler.leader is True
