"""``chorus round …``: moderator controls from the command line, against the database.

A running Chorus process notices the change at its next scheduler tick and posts whatever the
transition queued in the outbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.config.model import Config
from bot.engine.action_ids import ActionSigner
from bot.engine.i18n import Catalogs, Translator
from bot.engine.runtime import Runtime
from bot.model.clock import SystemClock
from bot.model.durations import parse_duration
from bot.model.states import RoundState
from bot.rounds import lifecycle
from campaigns import all_kinds
from storage.db import Database
from storage.meta import signing_keys
from storage.poll.votes import BallotBox
from storage.rounds import latest_round

ACTOR = "cli"


@dataclass(frozen=True, slots=True)
class RoundOutcome:
    """What ``chorus round`` did: its exit code, a sentence, and the round afterwards."""

    code: int
    text: str
    number: int | None = None
    state: RoundState | None = None
    closes_at: datetime | None = None

    def as_json(self, campaign: str, action: str) -> dict[str, object]:
        """The outcome for ``--json``."""
        return {
            "campaign": campaign,
            "action": action,
            "done": self.code == 0,
            "message": self.text,
            "round": self.number,
            "state": self.state,
            "closes_at": self.closes_at.isoformat() if self.closes_at else None,
        }


def value_problem(action: str, value: str, campaign_id: str, t: Translator) -> str | None:
    """Why ``value`` does not fit ``action``: ``extend`` takes a duration longer than zero,
    ``cancel`` the reason members will read."""
    if action == "extend":
        try:
            parse_duration(value)
        except ValueError:
            return t("cli.round.extend_usage", campaign=campaign_id)
    if action == "cancel" and not value.strip():
        return t("cli.round.cancel_usage", campaign=campaign_id)
    return None


async def act_on_round(
    config: Config, campaign_id: str, action: str, value: str, t: Translator
) -> RoundOutcome:
    """Apply ``action`` to the campaign's latest round and say how it went."""
    campaign = config.campaign(campaign_id)
    if campaign is None or not campaign.enabled:
        return RoundOutcome(2, t("error.unknown_campaign", campaign=campaign_id))
    problem = value_problem(action, value, campaign.id, t)
    if problem is not None:
        return RoundOutcome(2, problem)
    db = Database.connect(config.database_url())
    try:
        await db.migrate()
        clock = SystemClock()
        runtime = Runtime(
            config=config,
            db=db,
            clock=clock,
            catalogs=Catalogs(),
            signer=ActionSigner.from_keys(await signing_keys(db), clock),
            ballots=BallotBox(db),
            kinds=all_kinds(),
        )
        round_ = await latest_round(db, campaign.id)
        if round_ is None:  # the state does not allow it yet, as for a closed round
            return RoundOutcome(1, t("cli.round.none", campaign=campaign.id))
        if action == "extend":
            by = parse_duration(value)
            done = await lifecycle.extend_round(runtime, round_, ACTOR, by)
        elif action == "cancel":
            done = await lifecycle.cancel_round(runtime, round_, ACTOR, value)
        else:
            control = {
                "open": lifecycle.open_round,
                "close": lifecycle.close_round,
                "pause": lifecycle.pause_round,
                "resume": lifecycle.resume_round,
            }[action]
            done = await control(runtime, round_, ACTOR)
        state = t(f"state.{round_.state}")
        if not done:
            refused = t("cli.round.refused", command=action, state=state)
            return RoundOutcome(1, refused, round_.number, round_.state, round_.closes_at)
        after = await latest_round(db, campaign.id)
        assert after is not None
        closes = t.datetime(after.closes_at, campaign.zone(config.bot))
        text = t(f"control.{action}.done", id=campaign.id, closes=closes)
        return RoundOutcome(0, text, after.number, after.state, after.closes_at)
    finally:
        await db.close()
