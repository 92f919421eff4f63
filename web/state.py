"""What every dashboard page is handed: the running Chorus and the live feed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from starlette.templating import Jinja2Templates

from bot.config.model import WebSettings
from bot.engine.runtime import Runtime
from web.feed import LiveFeed


@dataclass(eq=False)
class Dashboard:
    """What every page uses: the runtime (storage, engine, clock, catalogs) and the feed."""

    runtime: Runtime
    feed: LiveFeed
    templates: Jinja2Templates

    @property
    def settings(self) -> WebSettings:
        return self.runtime.config.web

    @property
    def session_lifetime(self) -> timedelta:
        return timedelta(hours=self.settings.session_hours)
