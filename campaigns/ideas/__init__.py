"""Idea collection that closes the loop ("l'intelligence collective").

Members submit ideas (``/idea``), see look-alikes first and may upvote one of those instead,
upvote each other's ideas across platforms, and follow them: moderators give every idea a
status with a public note, merge duplicates and hide what does not belong, and each follower
is told in their own language. A digest posts the top ideas on schedule and the round-close
summary announces the ideas the brand retained and credits the contributors.

The parts: :mod:`.submit` (submissions and similar ideas), :mod:`.pictures` (an idea's image),
:mod:`.cards` (how an idea is posted), :mod:`.review` (pre-moderation), :mod:`.upvotes`,
:mod:`.moderation` (statuses, merges, hiding), :mod:`.boards` (rankings, digest, summary),
:mod:`.similarity` (the look-alike index) and :mod:`.texts` (parsing and display).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.config.model import CampaignConfig
from bot.engine.i18n import Translator
from bot.engine.routes import Route, button, command
from bot.engine.runtime import Runtime
from bot.model.actions import Message
from campaigns.ideas import commands
from campaigns.ideas.boards import Boards, post_digest, summary, top_lines
from campaigns.ideas.cards import UPVOTE
from campaigns.ideas.common import KIND, Indexes, settings_of
from campaigns.ideas.moderation import Moderating
from campaigns.ideas.review import APPROVE, REJECT, Reviewing
from campaigns.ideas.settings import SETTINGS
from campaigns.ideas.submit import CONFIRM, INSTEAD, Submissions
from campaigns.ideas.upvotes import Upvotes
from campaigns.shared.export_table import ExportTable
from storage.db import Database
from storage.ideas.privacy import IDEA_RECORDS
from storage.ideas.reads import ideas_of_round
from storage.ideas.tables import IDEA_UPVOTE
from storage.identity.merge import EachOnce, MergeRule
from storage.privacy.records import PersonalRecords
from storage.rounds import RoundView

EXPORT_COLUMNS = (
    "round",
    "idea",
    "title",
    "text",
    "platform",
    "user_id",
    "display_name",
    "state",
    "status",
    "note",
    "upvotes",
    "merged_into",
    "submitted_at",
)


class Ideas:
    """The ``ideas`` campaign kind."""

    name = KIND
    settings = SETTINGS

    def __init__(self) -> None:
        self.indexes = Indexes()
        self._submissions = Submissions(self.indexes)
        self._upvotes = Upvotes(self.indexes)
        self._moderating = Moderating(self.indexes)
        self._boards = Boards()
        self._reviewing = Reviewing(self.indexes)

    def member_data(self, runtime: Runtime) -> PersonalRecords:
        """Ideas, upvotes and credits (``/mydata``, erasure)."""
        return IDEA_RECORDS

    def merge_rules(self) -> Sequence[MergeRule]:
        """Linked mid-round: an upvote for an idea counts once (the first); ideas stay their
        authors'."""
        return (EachOnce(IDEA_UPVOTE, key="idea_id", order="cast_at"),)

    def routes(self) -> Sequence[Route]:
        return (
            command(commands.IDEA, self._submissions.command),
            button(CONFIRM, self._submissions.confirm),
            button(INSTEAD, self._upvotes.instead),
            button(UPVOTE, self._upvotes.pressed),
            button(APPROVE, self._reviewing.approve),
            button(REJECT, self._reviewing.reject),
            command(commands.IDEAS, self._boards.top),
            command(commands.CONTRIBUTORS, self._boards.contributors),
            command(commands.SETSTATUS, self._moderating.set_status),
            command(commands.MERGE, self._moderating.merge),
            command(commands.HIDE, self._moderating.hide),
        )

    def opening(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
    ) -> Message:
        settings = settings_of(campaign)
        zone = campaign.zone(runtime.config.bot)
        lines = [t("ideas.opening.title", title=campaign.title)]
        if campaign.description:
            lines.append(campaign.description)
        lines.append(t("ideas.opening.how"))
        if settings.upvotes_per_round is not None:
            lines.append(t("ideas.opening.budget", count=settings.upvotes_per_round))
        closes = t.moment(round_.closes_at, zone)
        lines.append(t("ideas.opening.closes", when=closes.shown))
        return Message("\n".join(lines), moments=(closes,))

    async def results(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
    ) -> Message:
        return await summary(runtime, campaign, round_, t)

    async def live_results(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
    ) -> Message:
        lines = [t("ideas.top.title", title=campaign.title)]
        lines += await top_lines(runtime, campaign, round_, t, settings_of(campaign).top_shown)
        return Message("\n".join(lines))

    async def live_opening(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
    ) -> Message | None:
        """The opening message followed by the round's top ideas."""
        opening = self.opening(runtime, campaign, round_, t)
        top = await top_lines(runtime, campaign, round_, t, settings_of(campaign).top_shown)
        return opening.with_text("\n".join([opening.text, "", t("ideas.top.now"), *top]))

    async def export(
        self, db: Database, campaign: CampaignConfig, round_: RoundView
    ) -> ExportTable:
        """The round's ideas with their author, status and upvotes (``chorus export``)."""
        rows = [
            (
                round_.number,
                idea.id,
                idea.title,
                idea.body,
                idea.author.platform,
                idea.author.id,
                idea.author.name,
                idea.state,
                idea.status,
                idea.status_note,
                idea.upvotes,
                idea.merged_into,
                idea.created_at.isoformat(),
            )
            for idea in await ideas_of_round(db, round_.id)
        ]
        return ExportTable(EXPORT_COLUMNS, rows)

    async def on_tick(self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView) -> None:
        """Called by the scheduler's sweep while a round is open: post the digest when due."""
        await post_digest(runtime, campaign, round_)
