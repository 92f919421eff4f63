"""Banning the accounts behind a fraud signal from the campaign page, as ``/ban`` does."""

from __future__ import annotations

import re

from storage.moderation.bans import bans_of
from storage.rounds import audit_log
from tests.conftest import Running, StartApp
from tests.factories import command, member
from tests.web.kit import csrf_in, signed_in, two_polls
from tests.web.test_signals import ring_votes

BAN_LINK = re.compile(r'href="(/campaigns/flavour/ban\?signal=[^"]+)"')
SIGNAL = re.compile(r'name="signal" value="([^"]+)"')
RING = [f"console:9000{n}" for n in range(12)]


def ban_link(html: str) -> str:
    found = BAN_LINK.search(html)
    assert found, "no ban button beside the signal"
    return found.group(1).replace("&amp;", "&")


def signal_in(html: str) -> str:
    found = SIGNAL.search(html)
    assert found, "no signal in the confirmation"
    return found.group(1)


async def banned(running: Running) -> list[str]:
    return sorted(b.member for b in await bans_of(running.runtime.db, "flavour"))


async def test_ring_banned_from_its_signal_is_told_as_from_chat_and_audited(
    start_app: StartApp,
) -> None:
    running = await start_app(two_polls())
    await ring_votes(running)
    async with signed_in(running, "mod") as client:
        link = ban_link((await client.get("/campaigns/flavour")).text)
        confirm = await client.get(link)
        assert confirm.status_code == 200
        assert all(key in confirm.text for key in RING)
        # what members will read is the campaign's, and does not say how the ring was found
        assert 'value="your votes were not cast in the spirit of the campaign"' in confirm.text
        in_french = await client.get(link + "&lang=fr")
        assert 'value="your votes were not cast in the spirit of the campaign"' in in_french.text
        await client.get(link + "&lang=en")  # the session speaks English again
        signal = signal_in(confirm.text)
        keep = RING[:2]
        done = await client.post(
            "/campaigns/flavour/ban",
            data={
                "csrf": csrf_in(confirm.text),
                "signal": signal,
                "member": RING[1:],
                "reason": "vote ring",
            },
            follow_redirects=True,
        )
        assert "11 accounts banned from “Next flavour”" in done.text
        assert "12 of 12 accounts" not in done.text  # banned votes leave the signal
    assert await banned(running) == sorted(RING[1:])
    # the chat's own /ban, for the one left, tells exactly the same words
    await running.adapter.push(command(member("mod"), "ban", keep[0], "flavour", "vote ring"))
    await running.postman_delivered()
    from_chat = running.adapter.directs_to("90000")
    from_page = running.adapter.directs_to("90001")
    assert from_page == from_chat == ["⛔ You are banned from “Next flavour”: vote ring"]
    web_bans = [e for e in await audit_log(running.runtime.db, "flavour") if e.action == "ban"]
    assert sorted(e.actor for e in web_bans).count("web:console:mod") == 11


async def test_ban_posted_twice_tells_each_member_once(start_app: StartApp) -> None:
    running = await start_app(two_polls())
    await ring_votes(running, size=6)
    async with signed_in(running, "mod") as client:
        link = ban_link((await client.get("/campaigns/flavour")).text)
        confirm = (await client.get(link)).text
        form = {"csrf": csrf_in(confirm), "signal": signal_in(confirm), "member": RING[:6]}
        first = await client.post("/campaigns/flavour/ban", data={**form, "reason": "ring"})
        again = await client.post(
            "/campaigns/flavour/ban", data={**form, "reason": "ring"}, follow_redirects=True
        )
    assert first.status_code == 303
    assert "no longer shown" in again.text
    await running.postman_delivered()
    assert [len(running.adapter.directs_to(f"9000{n}")) for n in range(6)] == [1] * 6


async def test_ban_without_csrf_token_or_outside_the_signal_is_refused(
    start_app: StartApp,
) -> None:
    running = await start_app(two_polls())
    await ring_votes(running)
    async with signed_in(running, "mod") as client:
        link = ban_link((await client.get("/campaigns/flavour")).text)
        confirm = (await client.get(link)).text
        signal, token = signal_in(confirm), csrf_in(confirm)
        no_token = await client.post(
            "/campaigns/flavour/ban", data={"signal": signal, "member": RING, "reason": "x"}
        )
        stranger = await client.post(
            "/campaigns/flavour/ban",
            data={"csrf": token, "signal": signal, "member": "console:alice", "reason": "x"},
        )
        no_reason = await client.post(
            "/campaigns/flavour/ban",
            data={"csrf": token, "signal": signal, "member": RING},
            follow_redirects=True,
        )
    assert no_token.status_code == 403
    assert stranger.status_code == 404
    assert "give a reason" in no_reason.text
    assert await banned(running) == []


async def test_analysts_and_other_moderators_cannot_ban(start_app: StartApp) -> None:
    running = await start_app(two_polls())
    await ring_votes(running)
    async with signed_in(running, "mod") as client:
        link = ban_link((await client.get("/campaigns/flavour")).text)
        signal = signal_in((await client.get(link)).text)
    for who, status in (("ana", 403), ("modb", 404)):
        async with signed_in(running, who) as client:
            page = await client.get(link)
            token = csrf_in((await client.get("/campaigns")).text)
            tried = await client.post(
                "/campaigns/flavour/ban",
                data={"csrf": token, "signal": signal, "member": RING},
            )
        assert (page.status_code, tried.status_code) == (status, status)
    assert await banned(running) == []
