"""``/healthz`` and ``/metrics`` on their own port, for the load balancer and the operator."""

from __future__ import annotations

from aiohttp import ClientSession

from tests.conftest import StartApp
from tests.factories import command, member, poll_config, press

HEALTH = "\n[health]\nenabled = true\nlisten_port = 0\n"


async def _get(port: int, path: str) -> tuple[int, str, str]:
    async with ClientSession() as session, session.get(f"http://127.0.0.1:{port}{path}") as r:
        return r.status, r.headers["Content-Type"], await r.text()


async def test_healthz_answers_ok_once_started(start_app: StartApp) -> None:
    running = await start_app(poll_config(extra=HEALTH))
    assert running.app.health is not None and running.app.health.port
    status, _, body = await _get(running.app.health.port, "/healthz")
    assert (status, body) == (200, "ok\n")


async def test_metrics_count_events_posts_backlog_and_roles(start_app: StartApp) -> None:
    running = await start_app(poll_config(extra=HEALTH))
    assert running.app.health is not None and running.app.health.port
    opening = next(p for p in running.adapter.posts if ":opening:" in p.key)
    await running.adapter.push(press(member("alice"), opening.message.buttons[0].action))
    await running.adapter.push(command(member("mod"), "close"))  # results wait in the outbox

    status, kind, body = await _get(running.app.health.port, "/metrics")
    assert status == 200
    assert kind.startswith("text/plain; version=0.0.4")
    lines = set(body.splitlines())
    assert "chorus_up 1" in lines
    assert "chorus_events_total 2" in lines
    assert "chorus_messages_sent_total 1" in lines  # the opening
    assert "chorus_leader 1" in lines
    # the results, and the opening edited to say the round is closed
    assert 'chorus_outbox_waiting{platform="console"} 2' in lines
