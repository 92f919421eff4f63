"""Start-up is safe in any number: replicas started at the same instant on an empty database
all come up, one of them migrates and the others find the schema current."""

from __future__ import annotations

import asyncio

from tests.deploy.replicas import STARTED, Deployment

CONFIG = """
[bot]
locale = "en"

[console]
enabled = false

[[campaigns]]
id = "flavour"
kind = "poll"
title = "Next flavour"
channels = ["console:main"]
duration = "1h"

[campaigns.poll]
options = ["Vanilla", "Pistachio"]
"""


async def test_three_processes_started_together_on_an_empty_database_all_come_up(
    deployment: Deployment,
) -> None:
    deployment.write_config(CONFIG)
    replicas = await asyncio.gather(*(deployment.start() for _ in range(3)))
    await asyncio.gather(*(r.wait_for_log(STARTED) for r in replicas))
    assert all(r.alive for r in replicas)
    [(version,)] = await deployment.query("SELECT version_num FROM alembic_version")
    assert version == _head()
    rounds = await deployment.query("SELECT campaign_id, state FROM round")
    assert [tuple(r) for r in rounds] == [("flavour", "open")]
    opened = await deployment.query("SELECT key FROM outbox WHERE kind = 'opening'")
    assert len(opened) == 1
    assert [await r.stop() for r in replicas] == [0, 0, 0]


def _head() -> str:
    from alembic.script import ScriptDirectory

    from storage.db import alembic_config

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head
