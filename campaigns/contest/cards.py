"""The messages a contest shows, built once here: the moderators' review card, the published
entry with its Vote and Report buttons, and the private notes to authors.

Each returns outbox items keyed per entry (and channel), so deciding twice posts once.
"""

from __future__ import annotations

from bot.config.model import CampaignConfig
from bot.engine.i18n import Translator, defuse
from bot.engine.runtime import Runtime
from bot.model.actions import Button, Image, Message
from campaigns.contest.common import direct_channel, settings
from storage.contest.entries import EntryView
from storage.delivery.outbox import OutboxItem

APPROVE = "ca"
REJECT = "cr"
REJECT_WHY = "cx"
VOTE = "cv"
REPORT = "cp"
#: Reasons a moderator can pick with one press (``contest.reason.<name>`` in the catalogs).
REASONS = ("off_topic", "inappropriate", "quality", "rules", "copyright")


def image_of(runtime: Runtime, entry: EntryView, t: Translator) -> Image | None:
    """The entry's cleaned photo, with its title as alt text."""
    if entry.media_path is None:
        return None
    alt = entry.title or t("contest.entry.untitled", entry=entry.id)
    return Image(str(runtime.config.media_dir() / entry.media_path), alt)


def describe(entry: EntryView, t: Translator) -> str:
    """``#12 «Title» — Léa`` (and the text of a text entry)."""
    title = entry.title or t("contest.entry.untitled", entry=entry.id)
    line = t("contest.entry.line", entry=entry.id, title=title, author=entry.author.name)
    if entry.text and entry.text != entry.title:
        line += "\n" + entry.text
    return line


def review_items(runtime: Runtime, campaign: CampaignConfig, entry: EntryView) -> list[OutboxItem]:
    """The review card, in the moderators' channel (or privately to each listed moderator)."""
    t = runtime.translator(campaign)
    signer = runtime.signer
    text = "\n".join(
        [
            t("contest.review.title", campaign=campaign.title, entry=entry.id),
            describe(entry, t),
            t(
                "contest.review.from",
                platform=entry.author.platform,
                user=defuse(entry.author.name),
            ),
            t("contest.review.how", entry=entry.id),
        ]
    )
    message = Message(
        text,
        (
            Button(t("contest.button.approve"), signer.sign(APPROVE, entry.id)),
            Button(t("contest.button.reject"), signer.sign(REJECT, entry.id)),
        ),
        image_of(runtime, entry, t),
    )
    return [
        OutboxItem(entry.round_id, f"review-{entry.id}", channel, message.to_dict())
        for channel in review_channels(runtime, campaign)
    ]


def review_channels(runtime: Runtime, campaign: CampaignConfig) -> list[str]:
    """Where review cards go: the moderators' channel (the campaign's, else the contest
    section's), else each listed moderator privately."""
    channel = campaign.moderators_place()
    if channel is not None:
        return [channel]
    listed = dict.fromkeys([*campaign.moderators, *runtime.config.bot.moderators])
    return [direct_channel(*member.split(":", 1)) for member in listed]


def reason_message(
    runtime: Runtime, campaign: CampaignConfig, entry: EntryView, locale: str | None = None
) -> Message:
    """Asked after Reject: one button per usual reason, or ``/reject <entry> <reason>``, in the
    language of the moderator who pressed it (``locale``), else the campaign's."""
    t = runtime.translator(campaign, locale)
    buttons = tuple(
        Button(t(f"contest.reason.{name}"), runtime.signer.sign(REJECT_WHY, entry.id, index))
        for index, name in enumerate(REASONS)
    )
    return Message(t("contest.review.reason_ask", entry=entry.id), buttons)


def published_items(
    runtime: Runtime, campaign: CampaignConfig, entry: EntryView
) -> list[OutboxItem]:
    """The entry shown in every channel of the campaign, with Vote and Report buttons."""
    t = runtime.translator(campaign)
    buttons = [Button(t("contest.button.report"), runtime.signer.sign(REPORT, entry.id))]
    if not settings(campaign).giveaway:
        buttons.insert(0, Button(t("contest.button.vote"), runtime.signer.sign(VOTE, entry.id)))
    message = Message(
        "\n".join([describe(entry, t), t("contest.entry.how_vote", entry=entry.id)]),
        tuple(buttons),
        image_of(runtime, entry, t),
    )
    return [
        OutboxItem(entry.round_id, f"entry-{entry.id}", channel, message.to_dict())
        for channel in campaign.channels
    ]


def author_note(
    runtime: Runtime, campaign: CampaignConfig, entry: EntryView, key: str, **params: object
) -> OutboxItem:
    """A private message to the entry's author, in their language (``kind`` per entry)."""
    t = runtime.translator(campaign, entry.author.locale)
    text = t(key, entry=entry.id, campaign=campaign.title, **params)
    kind = f"{key.rsplit('.', 1)[-1]}-{entry.id}"
    channel = entry.author.private_channel
    return OutboxItem(entry.round_id, kind, channel, Message(text).to_dict())
