"""Deciding several contest entries at once on the review queue (HTTP rules)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from adapters.memory import MemoryAdapter
from bot.config.model import WebSettings
from bot.model.events import Chat
from storage.contest.entries import get_entry
from storage.rounds import audit_log
from tests.campaigns.contest_kit import TELEGRAM, TELEGRAM_MOD, contest_config, person, submit
from tests.conftest import Running, StartApp
from tests.factories import command
from tests.web.kit import LINK, base_url, csrf_in, use_link

QUEUE = "/campaigns/summer/review"


async def contest_with_two_entries(start_app: StartApp) -> tuple[Running, MemoryAdapter]:
    """The contest ``summer`` on a memory Telegram, with text entries #1 and #2 pending."""
    config = contest_config('entry_type = "text"').model_copy(
        update={"web": WebSettings(enabled=True, listen_port=0)}
    )
    telegram = MemoryAdapter("telegram")
    running = await start_app(config, adapters={"telegram": telegram})
    for user_id in ("501", "502"):
        await telegram.push(submit(person("telegram", user_id), f"Idea of {user_id}"))
    return running, telegram


@asynccontextmanager
async def moderator_client(
    running: Running, telegram: MemoryAdapter
) -> AsyncIterator[httpx.AsyncClient]:
    """A client signed in as the contest's moderator, with a link asked in chat."""
    mod = person("telegram", TELEGRAM_MOD)
    chat = Chat("telegram", TELEGRAM.split(":", 1)[1])
    await telegram.push(command(mod, "dashboard", chat=chat))
    found = LINK.search(telegram.replies_to(TELEGRAM_MOD)[-1])
    assert found, telegram.replies_to(TELEGRAM_MOD)
    async with httpx.AsyncClient(base_url=base_url(running)) as client:
        assert (await use_link(client, f"/login/{found.group(1)}")).status_code == 303
        yield client


async def states(running: Running) -> list[str]:
    found = [await get_entry(running.runtime.db, entry_id) for entry_id in (1, 2)]
    return [entry.state for entry in found if entry is not None]


async def test_ticked_entries_are_approved_each_with_its_own_audit_entry(
    start_app: StartApp,
) -> None:
    running, telegram = await contest_with_two_entries(start_app)
    async with moderator_client(running, telegram) as client:
        token = csrf_in((await client.get(QUEUE)).text)
        done = await client.post(
            f"{QUEUE}/batch", data={"csrf": token, "verdict": "approve", "entry": ["1", "2"]}
        )
        assert done.status_code == 303
    assert await states(running) == ["approved", "approved"]
    await running.postman_delivered()
    for user_id in ("501", "502"):
        assert any("approved" in text for text in telegram.directs_to(user_id))
    audited = [
        e for e in await audit_log(running.runtime.db, "summer") if e.actor.startswith("web:")
    ]
    assert len(audited) == 2


async def test_batch_without_csrf_token_decides_nothing(start_app: StartApp) -> None:
    running, telegram = await contest_with_two_entries(start_app)
    async with moderator_client(running, telegram) as client:
        refused = await client.post(f"{QUEUE}/batch", data={"verdict": "approve", "entry": "1"})
        assert refused.status_code == 403
    assert await states(running) == ["pending", "pending"]


async def test_batch_naming_an_unknown_entry_decides_none_of_them(start_app: StartApp) -> None:
    running, telegram = await contest_with_two_entries(start_app)
    async with moderator_client(running, telegram) as client:
        token = csrf_in((await client.get(QUEUE)).text)
        refused = await client.post(
            f"{QUEUE}/batch", data={"csrf": token, "verdict": "approve", "entry": ["1", "99"]}
        )
        assert refused.status_code == 404
    assert await states(running) == ["pending", "pending"]


async def test_batch_rejection_needs_a_reason_for_each_entry(start_app: StartApp) -> None:
    running, telegram = await contest_with_two_entries(start_app)
    async with moderator_client(running, telegram) as client:
        token = csrf_in((await client.get(QUEUE)).text)
        answer = await client.post(
            f"{QUEUE}/batch",
            data={"csrf": token, "verdict": "reject", "entry": ["1", "2"]},
            follow_redirects=True,
        )
        assert "pick or type a reason" in answer.text
        nothing = await client.post(
            f"{QUEUE}/batch", data={"csrf": token, "verdict": "approve"}, follow_redirects=True
        )
        assert "Tick at least one entry" in nothing.text
    assert await states(running) == ["pending", "pending"]
