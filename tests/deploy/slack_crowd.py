"""What the Slack deployment tests share: the emulator the replicas talk to, and how a crowd's
votes through several processes are checked (every vote counted once, every member answered
once, the live standing showing every voter, one channel write a second at most)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.engine.i18n import Catalogs
from tests.adapters.slack.emulator import SlackEmulator
from tests.deploy.replicas import Deployment, Replica
from tests.deploy.windows import most_in_any_window

CROWD = 30
EN = Catalogs().translator("en")
WRITES = ("chat.postMessage", "chat.update", "chat.delete")


@pytest.fixture
async def slack() -> AsyncIterator[SlackEmulator]:
    emulator = SlackEmulator()
    await emulator.start()
    yield emulator
    await emulator.stop()


def voter(n: int) -> str:
    return f"U0VOTER{n:02d}"


async def check_the_crowd(
    deployment: Deployment, slack: SlackEmulator, replicas: list[Replica], channel: str
) -> None:
    """Once the crowd has voted: each member answered, the live standing showing all of them
    (edited by whichever processes counted votes: a slow one may count none, Slack's retry
    sent to another being handled there first), one ballot each, the replicas stopping
    cleanly, and never two writes in the channel within a second."""
    await slack.until(lambda: len(slack.ephemerals) >= CROWD, within=60)
    everyone = EN("poll.results.voters", count=CROWD)
    await slack.until(
        lambda: any(everyone in u.get("text", "") for u in slack.calls_of("chat.update")),
        within=60,
    )
    [(ballots, voters)] = await deployment.query(
        "SELECT count(*), count(DISTINCT participant_id) FROM ballot"
    )
    assert ballots == voters == CROWD
    assert sorted(e["user"] for e in slack.ephemerals) == [voter(n) for n in range(CROWD)]
    assert [await r.stop() for r in replicas] == [0] * len(replicas)
    writes = [at for method, ch, at in slack.call_times if method in WRITES and ch == channel]
    assert most_in_any_window(writes, 1.0) == 1
