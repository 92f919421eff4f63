"""The review queue over HTTP: contest entries and pre-moderated ideas, several at once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from adapters.memory import MemoryAdapter
from bot.config.model import WebSettings
from bot.model.events import Chat
from storage.contest.entries import get_entry
from storage.rounds import audit_log
from tests.campaigns.contest.kit import (
    TELEGRAM,
    TELEGRAM_MOD,
    contest_config,
    person,
    submit,
    typed,
)
from tests.campaigns.ideas.box import MODERATOR, Box, on_discord
from tests.conftest import Running, StartApp
from tests.factories import TELEGRAM_CHAT, command, ideas_config
from tests.web.kit import LINK, base_url, csrf_in, use_link

QUEUE = "/campaigns/summer/review"
CONTEST_CHAT = Chat("telegram", TELEGRAM.split(":", 1)[1])


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
    running: Running,
    telegram: MemoryAdapter,
    mod_id: str = TELEGRAM_MOD,
    chat: Chat = CONTEST_CHAT,
) -> AsyncIterator[httpx.AsyncClient]:
    """A client signed in as a Telegram moderator, with a link asked with /dashboard in chat."""
    await telegram.push(command(person("telegram", mod_id), "dashboard", chat=chat))
    found = LINK.search(telegram.replies_to(mod_id)[-1])
    assert found, telegram.replies_to(mod_id)
    async with httpx.AsyncClient(base_url=base_url(running)) as client:
        assert (await use_link(client, f"/login/{found.group(1)}")).status_code == 303
        yield client


async def idea_box_with_dashboard(start_app: StartApp) -> Box:
    """The pre-moderated idea box ``box`` on memory Telegram and Discord, dashboard on."""
    config = ideas_config(moderation="pre").model_copy(
        update={"web": WebSettings(enabled=True, listen_port=0)}
    )
    adapters = {name: MemoryAdapter(name, admins=frozenset()) for name in ("telegram", "discord")}
    return Box(await start_app(config, adapters=adapters))


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


async def test_ticked_ideas_are_rejected_each_audited_and_told_to_its_author(
    start_app: StartApp,
) -> None:
    box = await idea_box_with_dashboard(start_app)
    authors = [on_discord("2"), on_discord("3")]
    for who, text in zip(authors, ("Buy my crypto course", "Spam spam spam"), strict=True):
        await box.submit(who, text)
    numbers = [idea.id for idea in await box.ideas()]
    async with moderator_client(box.running, box.telegram, MODERATOR.id, TELEGRAM_CHAT) as client:
        queue = await client.get("/campaigns/box/review")
        assert "Buy my crypto course" in queue.text
        refused = await client.post("/campaigns/box/review/ideas", data={"verdict": "reject"})
        assert refused.status_code == 403
        done = await client.post(
            "/campaigns/box/review/ideas",
            data={
                "csrf": csrf_in(queue.text),
                "verdict": "reject",
                "idea": [str(n) for n in numbers],
            },
        )
        assert done.status_code == 303
    await box.deliver()

    assert [idea.state for idea in await box.ideas()] == ["rejected", "rejected"]
    for who, number in zip(authors, numbers, strict=True):
        told = box.discord.directs_to(who.id)
        assert any(f"Your idea #{number}" in text and "not kept" in text for text in told), told
    audited = [
        e for e in await audit_log(box.running.runtime.db, "box") if e.actor.startswith("web:")
    ]
    assert len(audited) == 2


async def test_reported_entry_is_listed_with_its_reports_and_can_be_removed(
    start_app: StartApp,
) -> None:
    config = contest_config('entry_type = "text"\nmoderation = "post"').model_copy(
        update={"web": WebSettings(enabled=True, listen_port=0)}
    )
    telegram = MemoryAdapter("telegram")
    running = await start_app(config, adapters={"telegram": telegram})
    for user_id in ("501", "502"):
        await telegram.push(submit(person("telegram", user_id), f"Idea of {user_id}"))
    await telegram.push(typed(person("telegram", "601"), "report", "1"))
    async with moderator_client(running, telegram) as client:
        queue = await client.get(QUEUE)
        assert "Reported by 1 member" in queue.text
        assert "Idea of 501" in queue.text and "Idea of 502" not in queue.text
        removed = await client.post(
            f"{QUEUE}/1/reject", data={"csrf": csrf_in(queue.text), "preset": "off_topic"}
        )
        assert removed.status_code == 303
    assert await states(running) == ["removed", "approved"]
    await running.postman_delivered()
    assert any("Off topic" in text for text in telegram.directs_to("501"))
