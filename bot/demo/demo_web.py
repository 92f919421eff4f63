"""``chorus demo --web``: the demo's round left open on the dashboard, with a login link.

After the simulated round, the demo keeps running with the dashboard on
``127.0.0.1:<port>`` and prints a one-time login link for the demo's owner (the same links as
``/dashboard`` in chat), until Ctrl-C: the page shows the campaign, its results, the exports
and the controls of a real run, on the demo's scratch database.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable

from bot.app import App
from bot.config.model import CampaignConfig, Config, WebSettings
from bot.engine.i18n import Translator
from bot.engine.runtime import Runtime

#: Who the demo's login link signs in: the owner of the demo's campaign.
OWNER = "console:demo-owner"


def with_dashboard(config: Config, port: int) -> Config:
    """The demo's config with the dashboard on ``127.0.0.1:port`` and its owner listed."""
    web = WebSettings(enabled=True, listen_host="127.0.0.1", listen_port=port)
    bot = config.bot.model_copy(update={"owners": [*config.bot.owners, OWNER]})
    return config.model_copy(update={"web": web, "bot": bot})


async def keep_dashboard_open(
    app: App,
    runtime: Runtime,
    campaign: CampaignConfig,
    t: Translator,
    *,
    stop: asyncio.Event | None = None,
    say: Callable[[str], None] = print,
) -> None:
    """Print a login link to the demo's dashboard and serve it until ``stop`` is set (by
    default, until SIGINT or SIGTERM)."""
    from web.links import LINK_LIFETIME, issue_link
    from web.people import WebRole, WebUser

    assert app.web is not None, "the demo's dashboard did not start"
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(signum, stop.set)
    owner = WebUser(OWNER, "Demo", {campaign.id: WebRole.OWNER})
    token = (await issue_link(runtime, owner)).rsplit("/", 1)[1]
    minutes = int(LINK_LIFETIME.total_seconds() // 60)
    url = f"{app.web.url}/login/{token}"
    say(t("web.demo.open", url=url, page=f"{app.web.url}/campaigns/{campaign.id}", minutes=minutes))
    await stop.wait()
