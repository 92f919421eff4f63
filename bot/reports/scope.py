"""What a report's sections read: the campaign, its rounds and records, and how to name people.

Members are named by pseudonym (see :mod:`bot.reports.export`) unless the report is asked
``names`` (an owner's ``--names``); then by the display name they had on their platform.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.config.model import CampaignConfig
from bot.engine.i18n import Translator
from bot.reports.audience import Audience
from bot.reports.export import pseudonym
from storage.db import Database

#: How many entries, ideas or contributors a report lists.
TOP = 10


@dataclass(frozen=True, slots=True)
class Scope:
    """One campaign's report in one language."""

    db: Database
    campaign: CampaignConfig
    t: Translator
    zone: ZoneInfo
    rounds: list[int]
    audience: Audience
    media_dir: Path
    key: bytes
    names: bool = False

    def who(self, platform: str, user_id: str, name: str) -> str:
        """A member as the report shows them: name with ``names``, pseudonym otherwise."""
        return name if self.names and name else pseudonym(self.key, platform, user_id)
