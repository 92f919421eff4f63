"""A running idea box on two in-memory platforms, with the helpers its tests share."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from adapters.memory import MemoryAdapter
from bot.model.actions import Post
from bot.model.events import Chat
from bot.model.members import Member
from storage.ideas.reads import IdeaView, get_idea
from storage.ideas.tables import IDEA, Idea
from tests.conftest import Running, StartApp
from tests.factories import DISCORD_CHAT, TELEGRAM_CHAT, command, ideas_config, member, press

MODERATOR = member("999", platform="telegram")

#: Thirty ideas, none a look-alike of another.
THIRTY = (
    "Vegan ice cream made with oat milk",
    "Ouvrir une boutique éphémère à Lyon",
    "Home delivery on Sunday mornings",
    "Des cornets sans gluten",
    "A loyalty card with a free scoop every tenth visit",
    "Atelier de fabrication de glaces pour les enfants",
    "Recyclable cups made from cardboard",
    "Un parfum au miel de lavande de Provence",
    "Open the shop until midnight in August",
    "Des sorbets aux fruits rouges du jardin",
    "A frozen yoghurt bar with toppings",
    "Proposer des bacs de glace familiaux à emporter",
    "Dog-friendly ice cream for pets",
    "Une carte des glaces en braille",
    "Seasonal flavour chosen by a public vote",
    "Des glaces salées pour l'apéritif",
    "A food truck at the beach in summer",
    "Partenariat avec les producteurs de lait locaux",
    "Mini tasting spoons of every flavour for newcomers",
    "Une glace au café torréfié sur place",
    "Gift vouchers sold online",
    "Des affogatos avec un expresso italien",
    "Milkshakes with a reusable glass straw",
    "Organiser un concours de dessin sur les emballages",
    "Sugar-free options for diabetic customers",
    "Une terrasse ombragée avec des parasols",
    "Live music on Friday evenings",
    "Des macarons glacés en coffret",
    "Subscription box delivered every month",
    "Un stand au marché de Noël avec du chocolat chaud",
)


def on_telegram(user_id: str, locale: str | None = "en") -> Member:
    return member(user_id, locale, platform="telegram")


def on_discord(user_id: str, locale: str | None = "en") -> Member:
    return member(user_id, locale, platform="discord")


def chat_of(user: Member) -> Chat:
    return TELEGRAM_CHAT if user.platform == "telegram" else DISCORD_CHAT


@dataclass
class Box:
    """The running app, seen from its two platforms."""

    running: Running

    @property
    def telegram(self) -> MemoryAdapter:
        return self.running.adapters["telegram"]

    @property
    def discord(self) -> MemoryAdapter:
        return self.running.adapters["discord"]

    def adapter(self, user: Member) -> MemoryAdapter:
        return self.running.adapters[user.platform]

    async def say(self, user: Member, name: str, *args: str, delivery_id: str | None = None) -> str:
        """``/name args…`` from ``user`` in the campaign's chat on their platform; returns
        the last answer they got (empty when none)."""
        adapter = self.adapter(user)
        before = len(adapter.replies)
        await adapter.push(command(user, name, *args, chat=chat_of(user), delivery_id=delivery_id))
        await self.deliver()
        fresh = [r for r in adapter.replies[before:] if r.to.user.id == user.id]
        return fresh[-1].message.text if fresh else ""

    async def submit(self, user: Member, text: str) -> str:
        return await self.say(user, "idea", text)

    async def press(
        self,
        user: Member,
        action: str,
        *,
        delivery_id: str | None = None,
        privately: bool = False,
    ) -> str:
        """``user`` presses ``action`` in their platform's group (or in their private chat
        with the bot, where direct messages are)."""
        adapter = self.adapter(user)
        before = len(adapter.replies)
        chat = Chat(user.platform, user.id, private=True) if privately else chat_of(user)
        await adapter.push(press(user, action, chat=chat, delivery_id=delivery_id))
        await self.deliver()
        fresh = [r for r in adapter.replies[before:] if r.to.user.id == user.id]
        return fresh[-1].message.text if fresh else ""

    def last_buttons(self, user: Member) -> list[tuple[str, str]]:
        """Label and action of the buttons of the last answer ``user`` got."""
        reply = [r for r in self.adapter(user).replies if r.to.user.id == user.id][-1]
        return [(b.label, b.action) for b in reply.message.buttons]

    def upvote_action(self, idea_id: int, user: Member) -> str:
        """The upvote button of an idea's card, as posted in ``user``'s chat."""
        signer = self.running.runtime.signer
        return signer.bind(signer.sign("iu", idea_id), chat_of(user).key)

    async def upvote(self, user: Member, idea_id: int) -> str:
        return await self.press(user, self.upvote_action(idea_id, user))

    async def deliver(self) -> None:
        await self.running.postman_delivered()

    async def tick(self) -> None:
        await self.running.tick()

    def posts(self, adapter: MemoryAdapter, kind: str) -> list[Post]:
        return [p for p in adapter.posts if f":{kind}:" in p.key]

    async def ideas(self) -> list[Idea]:
        async with self.running.runtime.db.reading() as conn:
            rows = (await conn.execute(select(IDEA).order_by(IDEA.c.id))).all()
        return [Idea.model_validate(dict(row._mapping)) for row in rows]

    async def idea(self, idea_id: int) -> IdeaView:
        found = await get_idea(self.running.runtime.db, idea_id)
        assert found is not None
        return found

    async def published(self, user: Member, text: str) -> int:
        """Submit ``text`` and return the new idea's number (it must publish at once)."""
        answer = await self.submit(user, text)
        assert "is published" in answer or "est publiée" in answer, answer
        return (await self.ideas())[-1].id or 0


async def open_box(start_app: StartApp, *, locale: str = "en", **settings: object) -> Box:
    running = await start_app(
        ideas_config(locale=locale, **settings),
        adapters={
            "telegram": MemoryAdapter("telegram", admins=frozenset()),
            "discord": MemoryAdapter("discord", admins=frozenset()),
        },
    )
    return Box(running)
