"""``chorus demo --kind ideas``: an idea box with a simulated community, through the real core.

The config's first idea box runs on a scratch SQLite file, on two
simulated platforms (Telegram and Discord chats, in memory). Members post ideas — some of
them rewordings of ideas already posted, in French or English — and when Chorus shows them the
look-alikes, most upvote the existing idea instead. Members upvote each other (some presses
are delivered twice, some try to upvote their own idea), a moderator merges a duplicate and
gives the best ideas a status, every follower is told privately, and the moderator closes
the box, which posts the summary. Time is simulated (a manual clock from
:data:`~bot.demo.community.SIMULATED_START`) and every message is posted in turn, so the same
``seed`` prints the same output on any machine; ``window`` only bounds how long the demo waits
for the summary.
"""

from __future__ import annotations

import itertools
import random
import tempfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from adapters.console.translate import render
from adapters.memory import MemoryAdapter
from bot.app import App
from bot.config.model import CampaignConfig, Config
from bot.demo.community import SIMULATED_START
from bot.demo.progress import Progress
from bot.engine.i18n import Translator
from bot.engine.places import places_of_press
from bot.engine.runtime import Runtime
from bot.model.clock import ManualClock
from bot.model.events import ButtonPressed, Chat, CommandInvoked, Event
from bot.model.members import Member
from storage.ideas.reads import top_ideas

CHATS = {"telegram": Chat("telegram", "-1001"), "discord": Chat("discord", "123456789012345678")}
MODERATOR = Member("telegram", "1", "Camille (modération)", "fr")

#: Seed ideas; the second of each pair is a rewording that should be caught as a look-alike.
IDEAS = (
    ("Une glace vegan au lait d'avoine", "Des glaces véganes au lait d’avoine svp"),
    ("Home delivery on Sunday mornings", "Delivery at home on Sunday morning"),
    ("Des cornets sans gluten", "Cornets sans gluten pour les coeliaques"),
    ("Un atelier glace pour les enfants", None),
    ("Live music on Friday evenings", None),
    ("Une carte de fidélité : la dixième boule offerte", "Carte de fidélité avec boule offerte"),
    ("Recyclable cardboard cups", None),
    ("Un parfum miel de lavande", None),
    ("Open until midnight in August", None),
    ("Un food truck sur la plage cet été", None),
    ("Gift vouchers sold online", None),
    ("Des sorbets aux fruits du jardin", None),
)
NAMES = ("Léa", "Hugo", "Inès", "Louis", "Chloé", "Nathan", "Manon", "Jules", "Emma", "Lucas")


@dataclass
class Stats:
    """What the simulation did, for the closing line."""

    ideas: int = 0
    look_alikes: int = 0
    instead: int = 0
    upvotes: int = 0
    redelivered: int = 0
    self_refused: int = 0


def _demo_config(config: Config, campaign: CampaignConfig, database: Path) -> Config:
    box = campaign.model_copy(
        update={
            "opens_at": None,
            "closes_at": None,
            "duration": timedelta(hours=1),
            "repeat": None,
            "channels": [f"{chat.platform}:{chat.id}" for chat in CHATS.values()],
        }
    )
    storage = config.storage.model_copy(
        update={
            "database_url": f"sqlite+aiosqlite:///{database}",
            "media_dir": str(database.parent / "media"),
        }
    )
    bot = config.bot.model_copy(update={"moderators": [f"telegram:{MODERATOR.id}"]})
    return config.model_copy(update={"campaigns": [box], "storage": storage, "bot": bot})


async def run_ideas_demo(
    config: Config, *, members: int, seed: int, window: float, t: Translator
) -> int:
    """Run the simulation and print what the community would see; return an exit code."""
    campaign = next((c for c in config.campaigns if c.enabled and c.kind == "ideas"), None)
    if campaign is None:
        print(t("demo.ideas.none"))
        return 2
    with tempfile.TemporaryDirectory(prefix="chorus-demo-") as scratch:
        demo = _demo_config(config, campaign, Path(scratch) / "demo.db")
        adapters = {platform: MemoryAdapter(platform) for platform in CHATS}
        clock = ManualClock(SIMULATED_START)
        app = App(
            demo,
            adapters=dict(adapters),
            clock=clock,
            timers=False,
            database_url=demo.storage.database_url,
        )
        runtime = await app.start()
        assert app.postman is not None
        try:
            telegram = adapters["telegram"]
            print(render((await telegram.post_of_kind("opening")).message, header="#telegram"))
            community = _community(max(members, 4), random.Random(seed))
            stats = Stats()
            duplicates = await _submit(runtime, adapters, community, stats, t)
            await app.postman.deliver_due()  # every idea is posted before members upvote
            await _upvote(adapters, community, random.Random(seed), stats, t)
            await app.postman.deliver_due()
            await _moderate(runtime, telegram, campaign.id, duplicates)
            # the moderator closes the box once everyone had their say (not at a time that a
            # slow machine might reach in the middle of the simulation)
            await telegram.push(_event(MODERATOR, command=("close", campaign.id)))
            await app.postman.deliver_due()
            statuses = (
                (platform, d)
                for platform, a in adapters.items()
                for d in a.directs
                if "📣" in d.message.text
            )
            sample = next(statuses, None)
            if sample is not None:
                platform, direct = sample
                named = {(m.platform, m.id): m.name for m in community}
                who = named.get((platform, direct.user_id), direct.user_id)
                print()
                print(render(direct.message, header=t("console.direct", user=f"{who}, {platform}")))
            directs = sum(len(a.directs) for a in adapters.values())
            print()
            figures = t.numbers(members=len(community), directs=directs, **vars(stats))
            print(t("demo.ideas.simulated", **figures))
            results = await telegram.post_of_kind("results", limit=window + 30)
            print()
            print(render(results.message, header="#telegram"))
        finally:
            await app.stop()
    return 0


def _community(size: int, rng: random.Random) -> list[Member]:
    platforms = itertools.cycle(CHATS)
    return [
        Member(next(platforms), f"{100 + n}", f"{rng.choice(NAMES)} {n}", rng.choice(("fr", "en")))
        for n in range(size)
    ]


_deliveries = itertools.count(1)


def _event(user: Member, *, command: tuple[str, ...] = (), action: str = "") -> Event:
    base = {
        "platform": user.platform,
        "delivery_id": f"demo-{next(_deliveries)}",
        "chat": CHATS[user.platform],
        "user": user,
        "received_at": SIMULATED_START,
    }
    if command:
        return CommandInvoked(**base, name=command[0], args=command[1:])  # type: ignore[arg-type]
    return ButtonPressed(**base, action=action)  # type: ignore[arg-type]


async def _submit(
    runtime: Runtime,
    adapters: dict[str, MemoryAdapter],
    community: list[Member],
    stats: Stats,
    t: Translator,
) -> list[tuple[int, int]]:
    """Members post the seed ideas; return the ``(rewording, original)`` pairs published
    anyway ("mine is different"), for the moderator to merge."""
    texts = [first for first, _ in IDEAS] + [second for _, second in IDEAS if second]
    duplicates = []
    for author, text in zip(itertools.cycle(community), texts, strict=False):
        adapter = adapters[author.platform]
        await adapter.push(_event(author, command=("idea", text)))
        answer = adapter.replies[-1].message
        if not answer.buttons:
            stats.ideas += 1
            continue
        stats.look_alikes += 1
        if stats.look_alikes == 1:
            print()
            to = t("console.direct", user=f"{author.name}, {author.platform}")
            print(render(answer, header=to))
        instead = stats.look_alikes % 4 != 0  # most upvote the existing idea instead
        choice = answer.buttons[0] if instead else answer.buttons[-1]
        pressed = _event(author, action=choice.action)
        await adapter.push(pressed)
        if instead:
            stats.instead += 1
        else:
            stats.ideas += 1
            here = places_of_press(pressed.chat, pressed.user)
            _, (draft,) = runtime.signer.verify(choice.action, here)
            _, (_, original) = runtime.signer.verify(answer.buttons[0].action, here)
            duplicates.append((int(draft), int(original)))
    return duplicates


async def _upvote(
    adapters: dict[str, MemoryAdapter],
    community: list[Member],
    rng: random.Random,
    stats: Stats,
    t: Translator,
) -> None:
    """Each member upvotes a few of the published ideas."""
    cards = sorted(
        (p for p in adapters["telegram"].posts if ":idea-" in p.key), key=lambda p: _idea_of(p.key)
    )
    weights = [rng.uniform(0.2, 3.0) for _ in cards]
    with Progress(t("progress.members"), len(community), t) as progress:
        for member in community:
            picked = {id(p): p for p in rng.choices(cards, weights, k=rng.randint(1, 4))}
            for card in picked.values():
                # the same card as posted in the member's own chat: a button works where it is
                kind = card.key.split(":")[1]
                post = await adapters[member.platform].post_of_kind(kind)
                event = _event(member, action=post.message.buttons[0].action)
                await adapters[member.platform].push(event)
                own = post.message.text.endswith(f" {member.name}")  # refused: one's own idea
                stats.self_refused += own
                stats.upvotes += not own
                if rng.random() < 0.05:
                    await adapters[member.platform].push(event)  # the platform delivers it again
                    stats.redelivered += 1
            progress.advance()


def _idea_of(key: str) -> int:
    """The idea number in an outbox key (``…:idea-12:…``), to list idea cards in a fixed order
    whatever order they were posted in."""
    return int(key.split(":idea-", 1)[1].split(":", 1)[0].split("-", 1)[0])


async def _moderate(
    runtime: Runtime, telegram: MemoryAdapter, campaign_id: str, duplicates: list[tuple[int, int]]
) -> None:
    """The moderator merges the rewordings into their originals and answers the best ideas."""
    for duplicate, original in duplicates:
        await telegram.push(_event(MODERATOR, command=("merge", str(duplicate), str(original))))
    best = await top_ideas(runtime.db, campaign_id, None, 3)
    notes = {"shipped": "En vente dès samedi !", "planned": "Prévu pour le printemps."}
    for idea, status in zip(best, ("shipped", "planned", "under_review"), strict=False):
        args = ("setstatus", str(idea.id), status, *notes.get(status, "").split())
        await telegram.push(_event(MODERATOR, command=args))
