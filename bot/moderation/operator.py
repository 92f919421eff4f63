"""``chorus round …``: moderator controls from the command line, against the database.

A running Chorus process notices the change at its next scheduler tick and posts whatever the
transition queued in the outbox.
"""

from __future__ import annotations

from bot.config.model import Config
from bot.engine.action_ids import ActionSigner
from bot.engine.i18n import Catalogs, Translator
from bot.engine.runtime import Runtime
from bot.model.clock import SystemClock
from bot.model.durations import parse_duration
from bot.rounds import lifecycle
from campaigns import all_kinds
from storage.db import Database
from storage.meta import signing_keys
from storage.poll.votes import BallotBox
from storage.rounds import latest_round

ACTOR = "cli"


async def act_on_round(
    config: Config, campaign_id: str, action: str, value: str, t: Translator
) -> int:
    """Apply ``action`` to the campaign's latest round; print the outcome; return an exit code."""
    campaign = config.campaign(campaign_id)
    if campaign is None or not campaign.enabled:
        print(t("error.unknown_campaign", campaign=campaign_id))
        return 2
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
        if round_ is None:
            print(t("round.none", campaign=campaign.id))
            return 2
        if action == "extend":
            try:
                by = parse_duration(value)
            except ValueError:
                print(t("control.extend.usage"))
                return 2
            done = await lifecycle.extend_round(runtime, round_, ACTOR, by)
        elif action == "cancel":
            if not value:
                print(t("control.cancel.usage"))
                return 2
            done = await lifecycle.cancel_round(runtime, round_, ACTOR, value)
        else:
            control = {
                "open": lifecycle.open_round,
                "close": lifecycle.close_round,
                "pause": lifecycle.pause_round,
                "resume": lifecycle.resume_round,
            }[action]
            done = await control(runtime, round_, ACTOR)
        if not done:
            print(t("control.refused", command=action, state=t(f"state.{round_.state}")))
            return 1
        after = await latest_round(db, campaign.id)
        assert after is not None
        print(
            t(
                f"control.{action}.done",
                id=campaign.id,
                closes=t.datetime(after.closes_at, campaign.zone(config.bot)),
            )
        )
        return 0
    finally:
        await db.close()
