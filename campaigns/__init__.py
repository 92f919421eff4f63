"""Campaign kinds, listed explicitly: the one registry the composition root reads.

Each kind is a package (``campaigns/<kind>/``) implementing :class:`~bot.engine.kinds.
CampaignKind`, with its ``[campaigns.<kind>]`` settings; adding a kind means adding its
package and listing it in :func:`all_kinds`. Config validation learns the kinds' settings
from here (:func:`parse_config`, :func:`load_config`), so ``bot/config`` names none of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from bot.config import model
from bot.config.kinds import KindSettings
from bot.config.model import Config
from bot.engine.kinds import CampaignKind
from campaigns.contest import Contest
from campaigns.ideas import Ideas
from campaigns.pledge import PledgeCampaign
from campaigns.poll import Poll


def all_kinds() -> dict[str, CampaignKind]:
    """Every campaign kind this version runs, by its config name."""
    # Contest first: its /vote route hands polls over to the poll's own route.
    kinds: list[CampaignKind] = [Contest(), Poll(), PledgeCampaign(), Ideas()]
    return {kind.name: kind for kind in kinds}


def kind_settings(kinds: Iterable[CampaignKind] | None = None) -> tuple[KindSettings, ...]:
    """What config validation needs of ``kinds`` (every kind of this version by default)."""
    return tuple(kind.settings for kind in (all_kinds().values() if kinds is None else kinds))


def parse_config(
    text: str,
    source: str = "config.toml",
    kinds: Iterable[CampaignKind] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Config:
    """:func:`bot.config.model.parse_config` for ``kinds`` (this version's by default)."""
    return model.parse_config(text, source, kinds=kind_settings(kinds), environ=environ)


def load_config(path: Path, kinds: Iterable[CampaignKind] | None = None) -> Config:
    """:func:`bot.config.model.load_config` for ``kinds`` (this version's by default)."""
    return model.load_config(path, kinds=kind_settings(kinds))
