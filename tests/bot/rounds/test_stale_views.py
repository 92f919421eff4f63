"""A change decided on a view of a round that is no longer true does nothing: two extensions
decided on the same round move it once, and a resume or a due close decided before an
extension does not undo it (each transition applies to the closing time it was decided on)."""

from __future__ import annotations

from datetime import timedelta

from bot.rounds import lifecycle
from storage.rounds import latest_round
from tests.conftest import StartApp
from tests.factories import poll_config


async def test_two_extensions_decided_on_the_same_round_move_it_once(
    start_app: StartApp,
) -> None:
    running = await start_app(poll_config())
    seen = await latest_round(running.runtime.db, "flavour")
    assert seen is not None

    first = await lifecycle.extend_round(running.runtime, seen, "console:mod", timedelta(hours=1))
    second = await lifecycle.extend_round(running.runtime, seen, "console:mod", timedelta(hours=1))

    assert (first, second) == (True, False)
    after = await latest_round(running.runtime.db, "flavour")
    assert after is not None and after.closes_at == seen.closes_at + timedelta(hours=1)


async def test_a_resume_or_due_close_decided_before_an_extension_does_not_undo_it(
    start_app: StartApp,
) -> None:
    running = await start_app(poll_config())
    runtime, db = running.runtime, running.runtime.db
    opened = await latest_round(db, "flavour")
    assert opened is not None
    assert await lifecycle.pause_round(runtime, opened, "console:mod")
    paused = await latest_round(db, "flavour")
    assert paused is not None

    assert await lifecycle.extend_round(runtime, paused, "console:ana", timedelta(days=1))
    stale_resume = await lifecycle.resume_round(runtime, paused, "console:mod")
    stale_close = await lifecycle.close_round(runtime, paused, lifecycle.SYSTEM)

    assert (stale_resume, stale_close) == (False, False)
    now = await latest_round(db, "flavour")
    assert now is not None and now.state == "paused"
    assert now.closes_at == paused.closes_at + timedelta(days=1)  # the extension stands
