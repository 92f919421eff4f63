"""Moderators answer ideas: statuses with a public note, merges of duplicates, hiding.

``/setstatus <idea#> <status> [note]`` — the status by its key (``in_progress``) or its name
in French or English ("en cours", "planned"); ``/merge <from#> <into#>``; ``/hide <idea#>
[reason]``. Everyone who follows the idea — its author, members credited on it, its upvoters —
is told privately, in their own language, through outbox rows keyed per idea, status (or
merge) and member: each is told exactly once, however often the command is repeated.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from bot.config.model import CampaignConfig
from bot.engine.context import Context
from bot.engine.i18n import LOCALES, Translator, defuse
from bot.engine.runtime import Runtime
from bot.model.actions import Message
from bot.model.errors import BadInput, NotFound
from bot.model.events import Event
from bot.model.members import Member
from bot.model.states import IdeaState, IdeaStatus
from campaigns.ideas.common import Indexes, args_of, idea_number, idea_of
from campaigns.ideas.settings import IDEA_STATUSES
from campaigns.ideas.texts import status_label
from storage.delivery.outbox import OutboxItem
from storage.ideas.moderation import Merged, Moderation, hide, merge, set_status
from storage.ideas.reads import IdeaView
from storage.ideas.writes import Outcome, Submitted


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.casefold())
    return " ".join(
        "".join(c for c in plain if not unicodedata.combining(c)).replace("_", " ").split()
    )


#: The shortest start of a status's name that names it (``prévu`` for « prévue »).
SHORTEST_START = 4


def parse_status(runtime: Runtime, text: str) -> IdeaStatus | None:
    """A status from its key or its name in any language, or from the start of one name that
    no other status's name shares (``prévu``, ``réalis``); None when none is meant."""
    wanted = _fold(text.replace("-", " "))
    names = {
        status: {_fold(status)}
        | {_fold(runtime.catalogs.text(locale, f"ideas.status.{status}")) for locale in LOCALES}
        for status in IDEA_STATUSES
    }
    for status, known in names.items():
        if wanted in known:
            return status
    if len(wanted) < SHORTEST_START:
        return None
    starting = [s for s, known in names.items() if any(n.startswith(wanted) for n in known)]
    return starting[0] if len(starting) == 1 else None


def status_names(t: Translator) -> str:
    """The statuses as the moderator's language names them, for usage answers."""
    return ", ".join(status_label(t, status) for status in IDEA_STATUSES)


def _split_status(runtime: Runtime, words: list[str], t: Translator) -> tuple[IdeaStatus, str]:
    """The longest leading words that name a status, and the note after them.

    Raises:
        BadInput: the words name no status.
    """
    for size in range(min(3, len(words)), 0, -1):
        status = parse_status(runtime, " ".join(words[:size]))
        if status is not None:
            return status, " ".join(words[size:]).strip()
    raise BadInput("ideas.setstatus.unknown", statuses=status_names(t))


class StatusNotice:
    """Builds a status change's messages: a private one to each follower in their language,
    a public one in every channel of the campaign (unless the idea is hidden)."""

    def __init__(self, runtime: Runtime, campaign: CampaignConfig) -> None:
        self.runtime = runtime
        self.campaign = campaign

    def __call__(self, idea: IdeaView, followers: Sequence[Member]) -> list[OutboxItem]:
        kind = f"st-{idea.id}-{idea.status}"
        items = []
        for member in followers:
            t = self.runtime.translator(self.campaign, member.locale)
            key = (
                "ideas.notify.status_author"
                if member.key == idea.author.key
                else "ideas.notify.status"
            )
            text = self._text(t, key, idea)
            items.append(
                OutboxItem(idea.round_id, kind, member.private_channel, Message(text).to_dict())
            )
        if (
            idea.state != IdeaState.PUBLISHED
        ):  # a hidden idea's followers are told, not the channels
            return items
        t = self.runtime.translator(self.campaign)
        public = Message(self._text(t, "ideas.setstatus.public", idea))
        items += [
            OutboxItem(idea.round_id, kind, channel, public.to_dict())
            for channel in self.campaign.channels
        ]
        return items

    def _text(self, t: Translator, key: str, idea: IdeaView) -> str:
        lines = [
            t(
                key,
                number=idea.id,
                title=defuse(idea.title),
                status=status_label(t, idea.status),
                campaign=self.campaign.title,
            )
        ]
        if idea.status_note:
            lines.append(t("ideas.notify.note", note=defuse(idea.status_note)))
        return "\n".join(lines)


class MergeNotice:
    """Builds a merge's private messages, one per member, in each member's language."""

    def __init__(self, runtime: Runtime, campaign: CampaignConfig) -> None:
        self.runtime = runtime
        self.campaign = campaign

    def __call__(
        self, source: IdeaView, target: IdeaView, told: Sequence[Member]
    ) -> list[OutboxItem]:
        items = []
        for member in told:
            t = self.runtime.translator(self.campaign, member.locale)
            text = t(
                "ideas.notify.merged",
                source=source.id,
                source_title=defuse(source.title),
                target=target.id,
                target_title=defuse(target.title),
            )
            items.append(
                OutboxItem(
                    target.round_id,
                    f"mg-{source.id}",
                    member.private_channel,
                    Message(text).to_dict(),
                )
            )
        return items


async def change_status(
    runtime: Runtime,
    campaign: CampaignConfig,
    idea: IdeaView,
    status: IdeaStatus,
    note: str,
    actor: str,
) -> Submitted:
    """Give ``idea`` a status with a public note, as ``/setstatus`` does (and the dashboard):
    audited as ``actor``, every follower (author, credited members, upvoters) told privately
    in their language, the channels told when the idea is published, once per status."""
    by = Moderation(actor, runtime.clock.now())
    result = await set_status(
        runtime.db, by, idea.id, status, note, StatusNotice(runtime, campaign)
    )
    if result.outcome is Outcome.DONE:
        runtime.participation_changed(idea.round_id)
    return result


async def merge_ideas(
    runtime: Runtime,
    indexes: Indexes,
    campaign: CampaignConfig,
    source: IdeaView,
    target: IdeaView,
    actor: str,
) -> Merged:
    """Merge ``source`` into ``target``, as ``/merge`` does (and the dashboard): upvotes and
    credits move, the source leaves the look-alike index, its followers are told once."""
    by = Moderation(actor, runtime.clock.now())
    result = await merge(runtime.db, by, source.id, target.id, MergeNotice(runtime, campaign))
    if result.outcome is Outcome.DONE:
        await indexes.removed(runtime, campaign.id, source.id)
        runtime.participation_changed(target.round_id)
    return result


class Moderating:
    """The moderator commands of the idea box."""

    def __init__(self, indexes: Indexes) -> None:
        self.indexes = indexes

    async def _moderated_idea(self, ctx: Context, text: str) -> tuple[IdeaView, CampaignConfig]:
        idea, campaign = await idea_of(ctx.runtime, idea_number(text))
        await ctx.require_moderator(campaign)
        return idea, campaign

    def _by(self, ctx: Context) -> Moderation:
        return Moderation(ctx.event.user.key, ctx.runtime.clock.now())

    async def set_status(self, event: Event, ctx: Context) -> None:
        args = args_of(event)
        if len(args) < 2:
            raise BadInput("ideas.setstatus.usage", statuses=status_names(ctx.t))
        idea, campaign = await self._moderated_idea(ctx, args[0])
        status, note = _split_status(ctx.runtime, args[1:], ctx.t)
        actor = ctx.event.user.key
        result = await change_status(ctx.runtime, campaign, idea, status, note, actor)
        if result.outcome is Outcome.GONE:
            raise NotFound("ideas.unknown", number=idea.id)
        if result.outcome is Outcome.UNCHANGED:
            raise BadInput(
                "ideas.setstatus.same", number=idea.id, status=status_label(ctx.t, status)
            )
        await ctx.reply(
            ctx.t("ideas.setstatus.done", number=idea.id, status=status_label(ctx.t, status))
        )

    async def merge(self, event: Event, ctx: Context) -> None:
        args = args_of(event)
        if len(args) != 2:
            raise BadInput("ideas.merge.usage")
        source, campaign = await self._moderated_idea(ctx, args[0])
        target, _ = await self._moderated_idea(ctx, args[1])
        actor = ctx.event.user.key
        result = await merge_ideas(ctx.runtime, self.indexes, campaign, source, target, actor)
        if result.outcome is not Outcome.DONE or result.target is None:
            raise BadInput("ideas.merge.refused", source=source.id, target=target.id)
        await ctx.reply(
            ctx.t(
                "ideas.merge.done",
                source=source.id,
                target=target.id,
                moved=result.moved,
                upvotes=ctx.t.number(result.target.upvotes),
            )
        )

    async def hide(self, event: Event, ctx: Context) -> None:
        args = args_of(event)
        if not args:
            raise BadInput("ideas.hide.usage")
        idea, campaign = await self._moderated_idea(ctx, args[0])
        result = await hide(ctx.runtime.db, self._by(ctx), idea.id, " ".join(args[1:]))
        if result.outcome is not Outcome.DONE:
            raise BadInput("ideas.hide.refused", number=idea.id)
        await self.indexes.removed(ctx.runtime, campaign.id, idea.id)
        ctx.runtime.participation_changed(idea.round_id)
        await ctx.reply(ctx.t("ideas.hide.done", number=idea.id))
