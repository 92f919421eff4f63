"""The delivery health page: the outbox's backlog per platform and the messages given up on."""

from __future__ import annotations

from datetime import timedelta

import httpx

from bot.delivery.postman import MAX_ATTEMPTS
from bot.model.events import Chat
from tests.conftest import StartApp
from tests.factories import command, member
from tests.web.kit import base_url, signed_in, two_polls


async def test_a_failing_platform_shows_its_backlog_oldest_message_and_error(
    start_app: StartApp,
) -> None:
    running = await start_app(two_polls())
    running.adapter.fail_posts = 1000
    await running.adapter.push(command(member("mod"), "close", chat=Chat("console", "main")))
    await running.postman_delivered()
    async with signed_in(running, "mod") as client:
        page = await client.get("/delivery")
    assert page.status_code == 200
    assert "failing" in page.text
    assert "results in console:main (attempts: 1)" in page.text
    assert "simulated platform outage" in page.text
    assert "No message was given up on." in page.text


async def test_delivery_health_shows_only_the_campaigns_granted(start_app: StartApp) -> None:
    running = await start_app(two_polls())
    running.adapter.fail_posts = 1000
    await running.adapter.push(command(member("mod"), "close", chat=Chat("console", "main")))
    await running.postman_delivered()
    async with signed_in(running, "modb") as client:
        page = await client.get("/delivery")
    assert page.status_code == 200
    assert "console:main" not in page.text
    assert "Nothing waits: every message was posted." in page.text


async def test_a_message_out_of_retries_is_listed_as_given_up_in_french(
    start_app: StartApp,
) -> None:
    running = await start_app(two_polls())
    running.adapter.fail_posts = 1000
    await running.adapter.push(command(member("mod"), "close", chat=Chat("console", "main")))
    for _ in range(MAX_ATTEMPTS):
        await running.postman_delivered()
        running.clock.advance(timedelta(minutes=11))
    async with signed_in(running, "mod") as client:
        page = await client.get("/delivery?lang=fr")
    assert page.status_code == 200
    given_up = page.text.split("Abandonnés", 1)[1]
    assert "console:main" in given_up
    assert "results" in given_up
    assert "simulated platform outage" in given_up
    assert "Aucun message abandonné." not in page.text


async def test_delivery_page_needs_a_sign_in(start_app: StartApp) -> None:
    running = await start_app(two_polls())
    async with httpx.AsyncClient(base_url=base_url(running)) as client:
        assert (await client.get("/delivery")).status_code == 401


async def test_a_private_message_the_member_has_not_opened_the_way_for_is_shown_parked(
    start_app: StartApp,
) -> None:
    running = await start_app(two_polls())
    running.adapter.closed_dms.add("alice")
    await running.adapter.push(command(member("alice"), "mydata", chat=Chat("console", "main")))
    await running.postman_delivered()
    async with signed_in(running, "boss") as client:  # a private message: owners see it
        english = await client.get("/delivery")
        french = await client.get("/delivery?lang=fr")
    assert "Waiting for the member" in english.text
    row = english.text.split('<th scope="row">console', 1)[1].split("</tr>", 1)[0]
    cells = [cell.split("</td>")[0] for cell in row.split("<td>")[1:]]
    assert cells[:3] == ["0", "0", "1"]  # waiting, retrying, parked
    assert "En attente du membre" in french.text
    assert not running.adapter.directs
