"""The campaign page offers the round controls its state takes, and a control sent anyway is
refused by the button's name, not a chat command's."""

from __future__ import annotations

from tests.conftest import StartApp
from tests.web.kit import csrf_in, signed_in, two_polls


async def test_an_open_round_is_offered_what_an_open_round_takes(start_app: StartApp) -> None:
    running = await start_app(two_polls())
    async with signed_in(running, "mod") as client:
        page = await client.get("/campaigns/flavour")
        confirm = await client.get("/campaigns/flavour/round/resume")
        refused = await client.post(
            "/campaigns/flavour/round/resume",
            data={"csrf": csrf_in(confirm.text)},
            follow_redirects=True,
        )

    offered = {
        a
        for a in ("open", "close", "extend", "pause", "resume", "cancel")
        if f'/campaigns/flavour/round/{a}"' in page.text
    }
    assert offered == {"close", "extend", "pause", "cancel"}
    assert "“Resume” is not possible now: the round is open." in refused.text
