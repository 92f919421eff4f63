"""Campaign kinds, listed explicitly."""

from __future__ import annotations

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
