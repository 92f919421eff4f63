"""Who may enter the dashboard, and what they may do there (HTTP rules)."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy import func, select

from storage.rounds import latest_round
from storage.web_logins import WEB_LOGIN
from tests.conftest import StartApp
from tests.factories import command, member
from tests.web.kit import base_url, csrf_in, link_from_chat, signed_in, two_polls, use_link


async def test_login_link_works_once(start_app: StartApp) -> None:
    running = await start_app(two_polls())
    path = await link_from_chat(running, "mod")
    async with httpx.AsyncClient(base_url=base_url(running)) as first:
        assert (await use_link(first, path)).status_code == 303
        assert (await first.get("/campaigns")).status_code == 200
    async with httpx.AsyncClient(base_url=base_url(running)) as second:
        again = await use_link(second, path)
        assert again.status_code == 403
        assert "already used" in again.text
        assert (await second.get("/campaigns")).status_code == 401


async def test_expired_link_is_refused(start_app: StartApp) -> None:
    running = await start_app(two_polls())
    path = await link_from_chat(running, "mod")
    async with httpx.AsyncClient(base_url=base_url(running)) as client:
        page = await client.get(path)
        running.clock.advance(timedelta(minutes=11))
        token = path.rsplit("/", 1)[1]
        late = await client.post("/login", data={"csrf": csrf_in(page.text), "token": token})
        assert late.status_code == 403
        assert (await client.get(path)).status_code == 403


async def test_forged_link_is_refused(start_app: StartApp) -> None:
    running = await start_app(two_polls())
    path = await link_from_chat(running, "mod")
    async with httpx.AsyncClient(base_url=base_url(running)) as client:
        assert (await client.get(path[:-3] + "xyz")).status_code == 403


async def test_members_get_no_link(start_app: StartApp) -> None:
    running = await start_app(two_polls())
    await running.adapter.push(command(member("alice"), "dashboard"))
    answer = running.adapter.replies_to("alice")[-1]
    assert "/login/" not in answer
    assert "moderator" in answer.lower()


async def test_links_are_rate_limited_per_member(start_app: StartApp) -> None:
    running = await start_app(two_polls())
    for _ in range(5):
        await link_from_chat(running, "mod")
    await running.adapter.push(command(member("mod"), "dashboard"))
    assert "try again" in running.adapter.replies_to("mod")[-1]
    running.clock.advance(timedelta(minutes=11))
    assert (await link_from_chat(running, "mod")).startswith("/login/")


async def test_post_without_csrf_token_is_refused(start_app: StartApp) -> None:
    running = await start_app(two_polls())
    async with signed_in(running, "mod") as client:
        refused = await client.post("/campaigns/flavour/round/close", data={})
        assert refused.status_code == 403
        wrong = await client.post("/campaigns/flavour/round/close", data={"csrf": "forged"})
        assert wrong.status_code == 403
    round_ = await latest_round(running.runtime.db, "flavour")
    assert round_ is not None and round_.state == "open"


async def test_moderator_of_one_campaign_cannot_see_or_act_on_another(
    start_app: StartApp,
) -> None:
    running = await start_app(two_polls())
    async with signed_in(running, "mod") as client:
        listing = await client.get("/campaigns")
        assert "Next flavour" in listing.text and "Next colour" not in listing.text
        assert (await client.get("/campaigns/colour")).status_code == 404
        page = await client.get("/campaigns/flavour")
        token = csrf_in(page.text)
        acted = await client.post("/campaigns/colour/round/close", data={"csrf": token})
        assert acted.status_code == 404
        assert (await client.get("/campaigns/colour/export/records.csv")).status_code == 404
    round_ = await latest_round(running.runtime.db, "colour")
    assert round_ is not None and round_.state == "open"


async def test_analyst_reads_and_exports_but_cannot_act(start_app: StartApp) -> None:
    running = await start_app(two_polls())
    async with signed_in(running, "ana") as client:
        page = await client.get("/campaigns/colour")
        assert page.status_code == 200
        assert "/round/close" not in page.text
        export = await client.get("/campaigns/colour/export/records.csv")
        assert export.status_code == 200
        assert export.headers["content-disposition"].startswith("attachment")
        acted = await client.post(
            "/campaigns/colour/round/close", data={"csrf": csrf_in(page.text)}
        )
        assert acted.status_code == 403
        assert (await client.get("/campaigns/colour/round/close")).status_code == 403
    round_ = await latest_round(running.runtime.db, "colour")
    assert round_ is not None and round_.state == "open"


async def test_round_closed_from_the_dashboard_is_audited_with_the_web_user(
    start_app: StartApp,
) -> None:
    running = await start_app(two_polls())
    async with signed_in(running, "mod") as client:
        confirm = await client.get("/campaigns/flavour/round/close")
        closed = await client.post(
            "/campaigns/flavour/round/close", data={"csrf": csrf_in(confirm.text)}
        )
        assert closed.status_code == 303
    from storage.rounds import audit_log

    entries = await audit_log(running.runtime.db, "flavour")
    assert any(e.actor == "web:console:mod" and e.action == "close" for e in entries)


async def test_pages_follow_the_browser_language(start_app: StartApp) -> None:
    running = await start_app(two_polls())
    async with signed_in(running, "mod") as client:
        french = await client.get("/campaigns", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
        assert "Campagnes" in french.text and 'lang="fr"' in french.text
        chosen = await client.get("/campaigns?lang=en", headers={"Accept-Language": "fr"})
        assert "Campaigns" in chosen.text and 'lang="en"' in chosen.text


async def test_expired_links_are_forgotten_by_the_sweep(start_app: StartApp) -> None:
    running = await start_app(two_polls())
    await link_from_chat(running, "mod")
    running.clock.advance(timedelta(days=2))
    await running.tick()
    async with running.runtime.db.reading() as conn:
        left = await conn.scalar(select(func.count()).select_from(WEB_LOGIN))
    assert left == 0
