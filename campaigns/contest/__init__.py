"""Photo and design contests, and fair giveaways ("le jeu concours", "la création de contenu").

Members submit photos (or texts: slogans, names) with ``/submit``; entries go through a
moderators' queue (pre-moderation, the default) or are published at once and removed on
report (post-moderation); approved entries are published in every channel of the campaign
with a Vote button, and votes from every platform count in one tally; an optional jury scores
privately. At the close the top entries win, ties broken by the configured rule; winners are
announced with their photo, credit and prize, and told privately how to claim. In giveaway
mode the winners are drawn verifiably instead (see :mod:`campaigns.shared.draws`).

This module is the kind itself: its routes and its announcements. The parts live beside it:
:mod:`.submit`, :mod:`.review`, :mod:`.vote`, :mod:`.awards`, :mod:`.giveaway`.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.config.model import CampaignConfig
from bot.engine.i18n import Translator
from bot.engine.routes import Route, command, received
from bot.engine.runtime import Runtime
from bot.model.actions import Message, Moment
from bot.model.events import MediaReceived
from campaigns.contest import commands
from campaigns.contest.common import KIND, SUBMITTING, VOTING, settings
from campaigns.contest.export import entries_table, pending_count
from campaigns.contest.giveaway import commitment_line, enter_button, giveaway_routes
from campaigns.contest.hint import photo_without_command
from campaigns.contest.results import (
    announcement_extras,
    live_message,
    progress_line,
    results_message,
)
from campaigns.contest.review import review_routes
from campaigns.contest.settings import SETTINGS
from campaigns.contest.submit import submit
from campaigns.contest.vote import vote_routes
from campaigns.shared.export_table import ExportTable
from storage.contest.privacy import CONTEST_RECORDS
from storage.contest.reports import ReportsOnce
from storage.db import Database
from storage.delivery.outbox import OutboxItem
from storage.identity.merge import EachOnce, MergeRule, OneStands
from storage.privacy.records import PersonalRecords
from storage.rounds import RoundView
from storage.tables import ENTRANT, ENTRY, ENTRY_VOTE


class Contest:
    """The ``contest`` campaign kind."""

    name = KIND
    settings = SETTINGS

    async def pending_reviews(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView
    ) -> int:
        """Entries waiting for a moderator (``/status``)."""
        return await pending_count(runtime.db, round_.id)

    async def export(
        self, db: Database, campaign: CampaignConfig, round_: RoundView
    ) -> ExportTable:
        """The round's entries with their votes (``chorus export``)."""
        return await entries_table(db, round_.id, round_.number)

    def member_data(self, runtime: Runtime) -> PersonalRecords:
        """Entries, entry votes, reports, giveaway entries and awards (``/mydata``, erasure)."""
        return CONTEST_RECORDS

    def merge_rules(self) -> Sequence[MergeRule]:
        """Linked mid-round: every entry stays (slots numbered again), a vote or a report for
        an entry counts once (the first), the first giveaway entry stands."""
        return (
            EachOnce(ENTRY, key="id", order="submitted_at", slot="slot", account="account_id"),
            EachOnce(ENTRY_VOTE, key="entry_id", order="cast_at", slot="slot"),
            OneStands(ENTRANT, "entered_at", latest=False, account="account_id"),
            ReportsOnce(),
        )

    def takes(self, command: str, campaign: CampaignConfig, round_: RoundView) -> bool:
        """``/submit`` while submissions run, ``/vote`` and ``/score`` while votes do; a
        giveaway takes neither (members press its button)."""
        giveaway = settings(campaign).giveaway
        if command == "submit":
            return not giveaway and round_.phase in SUBMITTING
        if command in ("vote", "score"):
            return not giveaway and round_.phase in VOTING
        return True

    def routes(self) -> Sequence[Route]:
        return (
            command(commands.SUBMIT, submit),
            received(MediaReceived, photo_without_command),
            *review_routes(),
            *vote_routes(),
            *giveaway_routes(),
        )

    def opening(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
    ) -> Message:
        contest = settings(campaign)
        zone = campaign.zone(runtime.config.bot)
        lines = [t("contest.opening.title", title=campaign.title)]
        if campaign.description:
            lines.append(campaign.description)
        if not contest.giveaway:  # members of a giveaway just press its button
            how = (
                "contest.opening.how_photo"
                if contest.entry_type == "photo"
                else "contest.opening.how_text"
            )
            lines.append(t(how, count=contest.entries_per_member))
        closes = t.moment(round_.closes_at, zone)
        moments: tuple[Moment, ...] = (closes,)
        if round_.voting_opens_at is not None:
            voting = t.moment(round_.voting_opens_at, zone)
            moments = (voting, closes)
            lines.append(t("contest.opening.phases", voting=voting.shown, closes=closes.shown))
        else:
            lines.append(t("contest.opening.closes", when=closes.shown))
        for rank, prize in enumerate(contest.prizes, start=1):
            lines.append(t("contest.opening.prize", rank=rank, prize=prize))
        if contest.jury:
            lines.append(t("contest.opening.jury", weight=t.percent(contest.jury_weight)))
        if contest.giveaway or contest.tie_rule == "draw":
            lines.append(commitment_line(runtime, round_, t))
        if contest.giveaway:
            lines.append(t("contest.opening.giveaway"))
            buttons = (enter_button(runtime, round_, t),)
            return Message("\n".join(lines), buttons, moments=moments)
        return Message("\n".join(lines), moments=moments)

    async def results(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
    ) -> Message:
        return await results_message(runtime, campaign, round_, t)

    async def live_results(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
    ) -> Message:
        return await live_message(runtime, campaign, round_, t)

    async def live_opening(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
    ) -> Message | None:
        """The opening followed by how many take part (entries and votes, or entrants)."""
        opening = self.opening(runtime, campaign, round_, t)
        progress = await progress_line(runtime, campaign, round_, t)
        return opening.with_text("\n".join([opening.text, "", progress]))

    async def outcome_notices(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView
    ) -> list[OutboxItem]:
        """Winner cards and private notes to winners, queued once with the results."""
        return await announcement_extras(runtime, campaign, round_)
