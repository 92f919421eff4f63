"""Which config changes a running round refuses.

A round counts votes by the rules it opened with: its kind and the kind's settings (a poll's
options and their order, how many choices…). Those rules are stored with the campaign when it
is synchronised; while a round is live or not yet announced, a config that changes them is
refused — by ``chorus check`` and at start — with an explanation, instead of silently
recounting ballots against other options. Titles, descriptions, channels and future windows
may change at any time.
"""

from __future__ import annotations

from typing import Any

from bot.config.model import CampaignConfig, Config
from bot.model.errors import ConfigProblem
from bot.model.states import RoundState
from storage.db import Database
from storage.rounds import campaign_rules, latest_round

LOCKED_STATES = (RoundState.OPEN, RoundState.PAUSED, RoundState.CLOSED)


def rules_of(campaign: CampaignConfig) -> dict[str, Any]:
    """The parts of a campaign that a running round depends on, as JSON-ready data: its kind
    and every kind's section (see :meth:`CampaignConfig.rules`)."""
    return campaign.rules()


async def rule_changes(db: Database, config: Config) -> list[ConfigProblem]:
    """Problems for every campaign whose live round would see its rules changed."""
    problems = []
    for index, campaign in enumerate(config.campaigns):
        if not campaign.enabled:
            continue
        round_ = await latest_round(db, campaign.id)
        if round_ is None or round_.state not in LOCKED_STATES:
            continue
        stored = await campaign_rules(db, campaign.id)
        if stored is None:
            continue
        current = rules_of(campaign)
        for field in current:
            if field in stored and stored[field] != current[field]:
                problems.append(
                    ConfigProblem(
                        path=f"campaigns[{index}].{field}",
                        message=(
                            f"round {round_.number} of {campaign.id} is {round_.state}: its "
                            "rules cannot change until it is announced (use a new campaign id, "
                            "or close the round first)"
                        ),
                        code="running_rules_changed",
                        params={
                            "campaign": campaign.id,
                            "number": round_.number,
                            "state": round_.state,
                        },
                    )
                )
    return problems
