"""A giveaway on the dashboard: commitment, entrants, the draw, a re-draw through ``/redraw``'s
own function, and the public verification page (no sign-in)."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx

from adapters.memory import MemoryAdapter
from bot.config.model import WebSettings
from bot.model.members import Member
from campaigns.shared.draws import commitment
from storage.contest.awards import awards_of
from storage.rounds import audit_log
from tests.campaigns.contest.kit import (
    START,
    TELEGRAM_MOD,
    channel_of,
    contest_config,
    press,
)
from tests.campaigns.contest.test_contest_giveaway import GIVEAWAY, PEOPLE
from tests.conftest import Running, StartApp
from tests.web.kit import base_url, csrf_in
from tests.web.test_review import moderator_client

PAGE = "/campaigns/summer/giveaway"
DRAWN = re.compile(r'name="drawn" value="(\d+)"')


def enter_action(running: Running, member: Member) -> str:
    """The Enter button of the opening message in ``member``'s chat."""
    adapter = running.adapters[member.platform]
    channel = channel_of(member).split(":", 1)[1]
    [opening] = [p for p in adapter.posts if ":opening:" in p.key and p.channel == channel]
    return opening.message.buttons[0].action


async def giveaway(start_app: StartApp, *, close: bool = True) -> Running:
    """The giveaway ``summer`` (2 prizes) with six entrants on Telegram and Discord; closed and
    drawn unless ``close`` is False."""
    config = contest_config(GIVEAWAY).model_copy(
        update={"web": WebSettings(enabled=True, listen_port=0)}
    )
    adapters = {
        "telegram": MemoryAdapter("telegram", admins=frozenset({f"telegram:{TELEGRAM_MOD}"})),
        "discord": MemoryAdapter("discord"),
    }
    running = await start_app(config, adapters=adapters)
    for member in PEOPLE:
        await running.adapters[member.platform].push(press(member, enter_action(running, member)))
    if close:
        running.clock.set(START + timedelta(days=7))
        await running.tick()
    return running


async def test_page_shows_commitment_and_entrants_before_the_draw(start_app: StartApp) -> None:
    running = await giveaway(start_app, close=False)
    telegram = running.adapters["telegram"]
    async with moderator_client(running, telegram) as client:
        page = await client.get(PAGE)
        public = await client.get("/verify/summer")
    [opening] = [p for p in telegram.posts if ":opening:" in p.key]
    promise = opening.message.text.rsplit("seed): ", 1)[1].splitlines()[0]
    assert promise in page.text
    assert "Entrants (6)" in page.text
    assert all(member.name in page.text for member in PEOPLE)
    assert "Close the round and draw now" in page.text
    assert "Nothing to check yet" in public.text
    assert promise in public.text
    assert "/verify/summer" in page.text


async def test_redraw_from_the_page_is_audited_announced_and_drawn_once(
    start_app: StartApp,
) -> None:
    running = await giveaway(start_app)
    telegram = running.adapters["telegram"]
    first_two = [a.winner.key for a in await awards_of(running.runtime.db, 1)]
    async with moderator_client(running, telegram) as client:
        page = await client.get(PAGE)
        assert all(key.split(":")[0] in page.text for key in first_two)
        assert '<option value="1">1 — A bike</option>' in page.text  # the prize, not a number
        confirm = await client.get(f"{PAGE}/redraw?rank=1")
        drawn = DRAWN.search(confirm.text)
        assert drawn and drawn.group(1) == "2"
        form = {"csrf": csrf_in(confirm.text), "rank": "1", "drawn": "2", "reason": "no claim"}
        done = await client.post(f"{PAGE}/redraw", data=form, follow_redirects=True)
        again = await client.post(f"{PAGE}/redraw", data=form, follow_redirects=True)
        bad_rank = await client.get(f"{PAGE}/redraw?rank=9", follow_redirects=True)
        no_token = await client.post(f"{PAGE}/redraw", data={"rank": "1", "drawn": "3"})
    await running.postman_delivered()

    awards = await awards_of(running.runtime.db, 1)
    assert len(awards) == 3 and awards[2].winner.key not in first_two
    assert f"Drawn again for prize #1: {awards[2].winner.name}" in done.text
    assert "Another moderator drew again" in again.text
    assert "Give a prize rank from 1 to 2." in bad_rank.text
    assert no_token.status_code == 403
    redraws = [e for e in await audit_log(running.runtime.db, "summer") if e.action == "redraw"]
    assert [(e.actor, "no claim" in e.detail) for e in redraws] == [
        (f"web:telegram:{TELEGRAM_MOD}", True)
    ]
    announced = [p for p in telegram.posts if ":winner-3:" in p.key]
    assert len(announced) == 1 and "New draw for prize #1" in announced[0].message.text


async def test_verification_page_is_public_and_shows_the_published_data(
    start_app: StartApp,
) -> None:
    running = await giveaway(start_app)
    async with httpx.AsyncClient(base_url=base_url(running)) as anyone:
        page = await anyone.get("/verify/summer")
        french = await anyone.get("/verify/summer?lang=fr")
        unknown = await anyone.get("/verify/nowhere")
        private = await anyone.get(PAGE)
    assert page.status_code == 200
    for member in PEOPLE:
        assert member.key in page.text
    [award, *_] = await awards_of(running.runtime.db, 1)
    seed = re.search(r'id="seed" name="seed" [^>]*value="([0-9a-f]{64})"', page.text)
    assert seed
    assert commitment(seed.group(1)) in page.text
    assert award.winner.key in page.text
    assert "✓ commitment" in page.text  # published in the opening message as posted
    assert "Vérifier le tirage" in french.text
    assert unknown.status_code == 404
    assert private.status_code == 401
