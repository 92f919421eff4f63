"""The runtime's error hook: background failures all end there, and the bot keeps running."""

from __future__ import annotations

from bot.engine.errors import Failure
from bot.engine.runtime import Runtime
from tests.conftest import StartApp
from tests.factories import command, member, poll_config


async def test_a_failing_scheduler_chore_reaches_the_error_hook_and_the_bot_keeps_running(
    start_app: StartApp,
) -> None:
    running = await start_app(poll_config())
    failures: list[Failure] = []
    running.runtime.errors.listen(failures.append)
    swept: list[str] = []

    async def broken_sweep(runtime: Runtime) -> None:
        swept.append("tried")
        raise OSError("the disk is full")

    async def later_sweep(runtime: Runtime) -> None:
        swept.append("ran")

    assert running.app.scheduler is not None
    running.app.scheduler.chores.extend([broken_sweep, later_sweep])
    await running.tick()
    await running.tick()
    await running.adapter.push(command(member("alice"), "status"))

    assert [(f.where, str(f.error)) for f in failures] == [
        ("scheduler chore broken_sweep failed", "the disk is full")
    ] * 2
    assert swept == ["tried", "ran"] * 2
    assert running.adapter.replies_to("alice") == ["Only the campaign’s moderators can do that."]


async def test_a_failing_error_listener_does_not_stop_the_others(start_app: StartApp) -> None:
    running = await start_app(poll_config())
    heard: list[str] = []

    def broken_listener(failure: Failure) -> None:
        raise RuntimeError("the alerting service is down")

    running.runtime.errors.listen(broken_listener)
    running.runtime.errors.listen(lambda failure: heard.append(failure.where))

    running.runtime.errors.report(ValueError("bad"), "live update of round %d failed", 7)

    assert heard == ["live update of round 7 failed"]
