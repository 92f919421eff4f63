"""The public card of an idea: how it is posted in every channel of its campaign."""

from __future__ import annotations

from collections.abc import Sequence

from bot.config.model import CampaignConfig
from bot.engine.runtime import Runtime
from bot.model.actions import Button, Image, Message
from bot.model.members import Member
from campaigns.ideas.texts import card
from storage.delivery.outbox import OutboxItem
from storage.ideas.reads import IdeaView

UPVOTE = "iu"


def upvote_button(runtime: Runtime, campaign: CampaignConfig, idea_id: int) -> Button:
    t = runtime.translator(campaign)
    return Button(t("ideas.button.upvote", number=idea_id), runtime.signer.sign(UPVOTE, idea_id))


def publisher(runtime: Runtime, campaign: CampaignConfig) -> PublishIdea:
    return PublishIdea(runtime, campaign)


class PublishIdea:
    """Builds the messages that publish an idea in every channel of its campaign."""

    def __init__(self, runtime: Runtime, campaign: CampaignConfig) -> None:
        self.runtime = runtime
        self.campaign = campaign

    def __call__(self, idea: IdeaView, _: Sequence[Member]) -> list[OutboxItem]:
        t = self.runtime.translator(self.campaign)
        image = None
        if idea.image is not None:
            image = Image(str(self.runtime.config.media_dir() / idea.image), idea.title)
        button = upvote_button(self.runtime, self.campaign, idea.id)
        message = Message(card(t, idea), (button,), image)
        return [
            OutboxItem(idea.round_id, f"idea-{idea.id}", channel, message.to_dict())
            for channel in self.campaign.channels
        ]
