"""Extending a round from the dashboard happens once per confirmation: the form carries the
closing time it was shown with, so the same form sent again (a double click, a reload) moves
nothing (see also ``tests/bot/rounds/test_stale_views.py``)."""

from __future__ import annotations

import re
from datetime import timedelta

from httpx import AsyncClient

from storage.rounds import audit_log, latest_round
from tests.conftest import StartApp
from tests.web.kit import csrf_in, signed_in, two_polls

CLOSES = re.compile(r'name="closes" value="([^"]+)"')


async def extend_form(client: AsyncClient, query: str) -> dict[str, str]:
    """The hidden fields of flavour's Extend confirmation (its token and the closing time)."""
    confirm = await client.get(f"/campaigns/flavour/round/extend{query}")
    found = CLOSES.search(confirm.text)
    assert found is not None
    return {"csrf": csrf_in(confirm.text), "closes": found.group(1)}


async def test_the_same_extend_form_sent_twice_extends_once(start_app: StartApp) -> None:
    running = await start_app(two_polls())
    before = await latest_round(running.runtime.db, "flavour")
    assert before is not None
    async with signed_in(running, "mod") as client:
        form = {**await extend_form(client, ""), "value": "1h"}
        first = await client.post("/campaigns/flavour/round/extend", data=form)
        again = await client.post(
            "/campaigns/flavour/round/extend", data=form, follow_redirects=True
        )

    assert first.status_code == 303
    assert "nothing was extended again" in again.text
    after = await latest_round(running.runtime.db, "flavour")
    assert after is not None and after.closes_at == before.closes_at + timedelta(hours=1)
    extensions = [e for e in await audit_log(running.runtime.db, "flavour") if e.action == "extend"]
    assert len(extensions) == 1


async def test_a_duration_the_form_cannot_take_is_said_for_a_form(start_app: StartApp) -> None:
    running = await start_app(two_polls())
    before = await latest_round(running.runtime.db, "flavour")
    assert before is not None
    async with signed_in(running, "mod") as client:
        form = await extend_form(client, "?lang=fr")
        zero = await client.post(
            "/campaigns/flavour/round/extend", data={**form, "value": "0h"}, follow_redirects=True
        )
        french = await client.post(
            "/campaigns/flavour/round/extend", data={**form, "value": "1j"}, follow_redirects=True
        )

    assert "plus que zéro et au plus dix ans" in zero.text and "/extend 2h" not in zero.text
    assert french.status_code == 200
    after = await latest_round(running.runtime.db, "flavour")
    assert after is not None and after.closes_at == before.closes_at + timedelta(days=1)  # 1j
