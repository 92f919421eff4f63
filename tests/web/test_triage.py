"""Ideas triage on the dashboard: statuses with a note and merges of look-alikes, told to
followers exactly as the chat's ``/setstatus`` and ``/merge``."""

from __future__ import annotations

import httpx

from adapters.memory import MemoryAdapter
from bot.config.model import WebSettings
from storage.rounds import audit_log
from tests.campaigns.ideas.box import MODERATOR, Box, on_discord, on_telegram
from tests.conftest import StartApp
from tests.factories import TELEGRAM_CHAT, ideas_config
from tests.web.kit import csrf_in
from tests.web.test_review import moderator_client

TRIAGE = "/campaigns/box/ideas"


async def idea_box(start_app: StartApp) -> Box:
    """The post-moderated idea box ``box`` on memory Telegram and Discord, dashboard on."""
    config = ideas_config().model_copy(update={"web": WebSettings(enabled=True, listen_port=0)})
    adapters = {name: MemoryAdapter(name, admins=frozenset()) for name in ("telegram", "discord")}
    return Box(await start_app(config, adapters=adapters))


async def look_alikes(box: Box) -> tuple[int, int]:
    """Two published ideas alike (the second's author chose to publish it anyway): their
    numbers, the first one's first."""
    kept = await box.published(on_telegram("1"), "Des glaces véganes au lait d'avoine")
    author = on_discord("2")
    await box.submit(author, "Faire une glace vegane au lait d avoine svp")
    await box.press(author, box.last_buttons(author)[-1][1])  # "mine is different: publish it"
    return kept, (await box.ideas())[-1].id or 0


async def post_status(client: httpx.AsyncClient, number: int, status: str, note: str) -> str:
    token = csrf_in((await client.get(TRIAGE)).text)
    done = await client.post(
        f"{TRIAGE}/{number}/status",
        data={"csrf": token, "status": status, "note": note},
        follow_redirects=True,
    )
    return done.text


async def test_status_set_on_the_page_tells_author_and_upvoters_as_from_chat(
    start_app: StartApp,
) -> None:
    box = await idea_box(start_app)
    page_idea = await box.published(on_telegram("1", "fr"), "Des cornets sans gluten")
    chat_idea = await box.published(on_telegram("2", "fr"), "Un parfum pistache salée")
    for fan in (on_discord("21", "en"), on_telegram("22", "fr")):
        await box.upvote(fan, page_idea)
        await box.upvote(fan, chat_idea)

    async with moderator_client(box.running, box.telegram, MODERATOR.id, TELEGRAM_CHAT) as client:
        said = await post_status(client, page_idea, "planned", "Coming in spring!")
        again = await post_status(client, page_idea, "planned", "")
    await box.say(MODERATOR, "setstatus", str(chat_idea), "planned", "Coming", "in", "spring!")
    await box.tick()
    await box.tick()

    assert f"Idea #{page_idea} is now “planned”" in said
    assert f"Idea #{page_idea} is already “planned”" in again
    for adapter, user_id in ((box.telegram, "1"), (box.discord, "21"), (box.telegram, "22")):
        told = adapter.directs_to(user_id)
        from_page = [
            text for text in told if f"{page_idea} «\u00a0" in text or f"#{page_idea} “" in text
        ]
        assert len(from_page) == 1, told
    assert box.discord.directs_to("21")[0] == (
        f"📣 News about idea #{page_idea} “Des cornets sans gluten” that you upvoted (Idea box):"
        " it is now “planned”.\nNote from the team: Coming in spring!"
    )
    # the chat's /setstatus tells the same words (idea number and title aside)
    from_chat = box.discord.directs_to("21")[1]
    assert from_chat == box.discord.directs_to("21")[0].replace(
        f"#{page_idea} “Des cornets sans gluten”", f"#{chat_idea} “Un parfum pistache salée”"
    )
    audited = [
        e for e in await audit_log(box.running.runtime.db, "box") if e.action == "idea-status"
    ]
    assert [e.actor for e in audited] == ["web:telegram:999", "telegram:999"]


async def test_look_alikes_are_suggested_and_merged_side_by_side(start_app: StartApp) -> None:
    box = await idea_box(start_app)
    kept, twin = await look_alikes(box)
    other = await box.published(on_discord("3"), "Ouvrir le dimanche matin")
    fan = on_telegram("31")
    await box.upvote(fan, twin)

    async with moderator_client(box.running, box.telegram, MODERATOR.id, TELEGRAM_CHAT) as client:
        triage = await client.get(TRIAGE)
        compare = f'href="{TRIAGE}/{twin}/merge?into={kept}"'
        assert compare in triage.text
        assert f"{TRIAGE}/{other}/merge?into=" not in triage.text
        side = await client.get(f"{TRIAGE}/{twin}/merge?into={kept}")
        assert "Des glaces véganes au lait d&#39;avoine" in side.text
        # the page in the other language is the same comparison, not the list
        assert f'href="{TRIAGE}/{twin}/merge?into={kept}&amp;lang=fr"' in side.text
        assert "Faire une glace vegane" in side.text
        merged = await client.post(
            f"{TRIAGE}/{twin}/merge",
            data={"csrf": csrf_in(side.text), "into": str(kept)},
            follow_redirects=True,
        )
        twice = await client.post(
            f"{TRIAGE}/{twin}/merge",
            data={"csrf": csrf_in(side.text), "into": str(kept)},
        )
    await box.deliver()

    assert f"Idea #{twin} is merged into #{kept}" in merged.text
    assert twice.status_code == 404  # merged away: no longer an idea to triage
    assert (await box.idea(twin)).state == "merged"
    assert (await box.idea(kept)).upvotes == 1
    assert len(box.telegram.directs_to("31")) == 1
    assert len(box.discord.directs_to("2")) == 1


async def test_triage_refuses_without_csrf_for_analysts_and_bad_input(
    start_app: StartApp,
) -> None:
    box = await idea_box(start_app)
    number = await box.published(on_telegram("1"), "Des cornets sans gluten")
    async with moderator_client(box.running, box.telegram, MODERATOR.id, TELEGRAM_CHAT) as client:
        no_token = await client.post(f"{TRIAGE}/{number}/status", data={"status": "planned"})
        token = csrf_in((await client.get(TRIAGE)).text)
        bad = await client.post(
            f"{TRIAGE}/{number}/status",
            data={"csrf": token, "status": "maybe"},
            follow_redirects=True,
        )
        unknown = await client.post(
            f"{TRIAGE}/404/status", data={"csrf": token, "status": "planned"}
        )
        no_target = await client.get(f"{TRIAGE}/{number}/merge?into=abc", follow_redirects=True)
        itself = await client.get(f"{TRIAGE}/{number}/merge?into={number}", follow_redirects=True)
        nowhere = await client.get(f"{TRIAGE}/{number}/merge?into=99", follow_redirects=True)
        french = await client.get(f"{TRIAGE}/404/merge?into=1&lang=fr")
    assert no_token.status_code == 403
    assert "Pick a status from the list." in bad.text
    assert unknown.status_code == 404
    assert "Type the number of the idea to merge into." in no_target.text
    assert f"Idea #{number} cannot be merged into itself" in itself.text
    assert "There is no idea #99 in this box to merge into." in nowhere.text
    assert "Cette campagne n’a pas d’idée de ce numéro." in french.text
    assert (await box.idea(number)).status == "new"
