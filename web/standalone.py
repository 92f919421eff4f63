"""``chorus web`` (the dashboard alone, against the bot's database) and ``chorus web link``.

Alone, the dashboard has no platform adapter: round controls and review decisions queue their
messages in the outbox, and the running ``chorus run`` posts them (as after ``chorus round``);
live pages read the database every second since no vote passes through this process.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import AsyncIterator

from bot.config.model import Config
from bot.engine.action_ids import ActionSigner
from bot.engine.i18n import Catalogs, Translator
from bot.engine.runtime import Runtime
from bot.model.clock import SystemClock
from campaigns import all_kinds
from storage.db import Database
from storage.meta import signing_keys
from storage.poll.votes import BallotBox
from web.links import LINK_LIFETIME, issue_link
from web.people import WebUser, grants_for, operator_request
from web.server import DashboardServer

#: How often pages of ``chorus web`` alone look for new participation.
POLL_SECONDS = 1.0


@contextlib.asynccontextmanager
async def _runtime(config: Config) -> AsyncIterator[Runtime]:
    """The engine's services on the config's database, without adapters or timers."""
    db = Database.connect(config.database_url())
    try:
        await db.migrate()
        clock = SystemClock()
        yield Runtime(
            config=config,
            db=db,
            clock=clock,
            catalogs=Catalogs(),
            signer=ActionSigner.from_keys(await signing_keys(db), clock),
            ballots=BallotBox(db),
            kinds=all_kinds(),
        )
    finally:
        await db.close()


async def serve_alone(config: Config, t: Translator) -> int:
    """Serve the dashboard until SIGINT/SIGTERM."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stopping.set)
    async with _runtime(config) as runtime:
        server = DashboardServer(runtime, poll_seconds=POLL_SECONDS)
        await server.start()
        print(t("web.cli.serving", url=config.web.public_url or server.url), flush=True)
        try:
            await stopping.wait()
        finally:
            await server.stop()
    return 0


async def print_link(config: Config, member: str, t: Translator) -> int:
    """Print a login link for ``member`` (``platform:id``), granted by the config's lists."""
    async with _runtime(config) as runtime:
        event = operator_request(member, runtime.clock.now())
        grants = await grants_for(runtime, event)
        if not grants:
            print(t("web.cli.no_grants", member=member))
            return 1
        url = await issue_link(runtime, WebUser(member, event.user.name, grants))
    minutes = int(LINK_LIFETIME.total_seconds() // 60)
    print(t("web.cli.link", member=member, minutes=minutes, url=url))
    return 0
