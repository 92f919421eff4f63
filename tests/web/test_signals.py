"""Fraud signals on a campaign's page: the reasons of ``/status``, for moderators only."""

from __future__ import annotations

from datetime import timedelta

from bot.model.events import Chat
from bot.model.members import Member
from tests.conftest import START, Running, StartApp
from tests.factories import press
from tests.web.kit import signed_in, two_polls


async def ring_votes(running: Running, size: int = 12) -> None:
    """``size`` accounts made in the same minute all vote "Lemon" in the flavour poll."""
    opening = next(p for p in running.adapter.posts if ":opening:" in p.key and p.channel == "main")
    made = START - timedelta(days=1)
    for n in range(size):
        user = Member("console", f"9000{n}", f"Bot {n}", None, made + timedelta(seconds=n))
        await running.adapter.push(
            press(user, opening.message.buttons[2].action, chat=Chat("console", "main"))
        )


async def test_a_vote_ring_shows_its_reason_on_the_campaign_page(start_app: StartApp) -> None:
    running = await start_app(two_polls())
    await ring_votes(running)
    async with signed_in(running, "mod") as client:
        english = await client.get("/campaigns/flavour")
        french = await client.get("/campaigns/flavour?lang=fr")
    assert english.status_code == 200
    assert "Fraud signals" in english.text
    assert "12 of 12 accounts created in the same minute" in english.text
    assert "No fraud signal" not in english.text
    assert "Signaux de fraude" in french.text


async def test_quiet_votes_show_no_signal(start_app: StartApp) -> None:
    running = await start_app(two_polls())
    async with signed_in(running, "mod") as client:
        page = await client.get("/campaigns/flavour")
    assert "No fraud signal in this round" in page.text


async def test_analysts_do_not_see_fraud_signals(start_app: StartApp) -> None:
    running = await start_app(two_polls())
    await ring_votes(running)
    async with signed_in(running, "ana") as client:
        page = await client.get("/campaigns/flavour")
    assert page.status_code == 200
    assert "Fraud signals" not in page.text
    assert "same minute" not in page.text
