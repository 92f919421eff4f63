"""Build the adapters a config needs, importing each platform's SDK only when it is used.

Each platform package has an ``adapter`` module with a ``build(config) -> Adapter`` function;
:data:`FACTORIES` names it, so a config without Discord never imports discord.py.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from collections.abc import Callable

from adapters.base import Adapter
from bot.config.model import Config

log = logging.getLogger(__name__)

#: Platform → module whose ``build(config)`` makes its adapter (the console is built here).
FACTORIES: dict[str, str] = {
    "discord": "adapters.discord.adapter",
    "slack": "adapters.slack.setup",
    "telegram": "adapters.telegram.adapter",
}

#: Platforms whose adapter ships in this version.
AVAILABLE = ("console", *FACTORIES)


def build_adapters(
    config: Config, request_stop: Callable[[int], None], ready: asyncio.Event
) -> dict[str, Adapter]:
    """One adapter per platform used by an enabled campaign (the console when none is).

    ``ready`` is set once start-up is complete; ``request_stop(code)`` asks the app to stop
    and exit with ``code``. The console keeps its numbered messages and typed lines in the
    media folder, to be pressed and recalled after a restart.
    """
    adapters: dict[str, Adapter] = {}
    platforms = config.platforms() or {"console"}
    for platform in sorted(platforms):
        if platform == "console" and config.console.enabled:
            from adapters.console.adapter import ConsoleAdapter

            adapters[platform] = ConsoleAdapter(
                config.console.user,
                request_stop,
                ready=ready,
                locale=config.bot.locale,
                alone=platforms == {"console"},
                transcript=config.media_dir() / "console.jsonl",
                history=config.media_dir() / "console-history",
            )
        elif platform in FACTORIES:
            module = importlib.import_module(FACTORIES[platform])
            adapters[platform] = module.build(config)
        elif platform not in AVAILABLE:
            log.warning(
                "channels on %s are configured but its adapter is not in this version; "
                "messages for it wait in the outbox",
                platform,
            )
    return adapters
