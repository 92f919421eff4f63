"""``chorus demo --kind pledge``: a whole pledge campaign with a simulated community.

The config's first pledge campaign runs on a scratch SQLite file through the real core, in
simulated time: a manual clock moves through the campaign's window (30 days unless the config
says otherwise) while simulated members press tier buttons or type ``/pledge`` amounts the way
French and English speakers write them. Some change their pledge, some withdraw, some type
amounts that are refused (another currency, out of bounds, not a number), and some deliveries
arrive twice, as platforms do. Milestones are announced as the goal fills up, the campaign
message is edited with the progress, and at the deadline the outcome is announced and every
backer gets a private message.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from adapters.console.translate import render
from adapters.memory import MemoryAdapter
from bot.app import App
from bot.config.model import CampaignConfig, Config
from bot.demo.community import NAMES
from bot.demo.progress import Progress
from bot.engine.i18n import Translator
from bot.model.actions import Button
from bot.model.clock import ManualClock
from bot.model.events import ButtonPressed, Chat, CommandInvoked, Event
from bot.model.members import Member
from campaigns.pledge.settings import PledgeSettings

CHAT = Chat("console", "main")
BAD_AMOUNTS = ("$20", "beaucoup", "0", "100000", "20 USD")
SHOWN = (":milestone-", ":stretch-")
DEFAULT_LENGTH = timedelta(days=30)
#: How many times during the window the outbox and the live message are brought up to date.
STEPS = 10


def _pick(config: Config) -> CampaignConfig | None:
    """The first enabled pledge campaign, else the first pledge campaign at all."""
    pledges = [c for c in config.campaigns if c.section_as(PledgeSettings) is not None]
    return next((c for c in pledges if c.enabled), pledges[0] if pledges else None)


def _demo_config(config: Config, campaign: CampaignConfig, database: Path) -> Config:
    pledge = campaign.model_copy(
        update={
            "enabled": True,
            "opens_at": None,
            "closes_at": None,
            "duration": campaign.duration or DEFAULT_LENGTH,
            "reminders": [],
            "repeat": None,
            "channels": ["console:main"],
        }
    )
    storage = config.storage.model_copy(
        update={
            "database_url": f"sqlite+aiosqlite:///{database}",
            "media_dir": str(database.parent / "media"),
        }
    )
    return config.model_copy(update={"campaigns": [pledge], "storage": storage})


async def run_pledge_demo(config: Config, *, members: int, seed: int, t: Translator) -> int:
    """Run the simulation and print what the community would see; return an exit code."""
    campaign = _pick(config)
    if campaign is None:
        print(t("demo.no_pledge"))
        return 2
    with tempfile.TemporaryDirectory(prefix="chorus-demo-") as scratch:
        demo = _demo_config(config, campaign, Path(scratch) / "demo.db")
        adapter = MemoryAdapter("console")
        clock = ManualClock(datetime.now(UTC))
        app = App(
            demo,
            adapters={"console": adapter},
            clock=clock,
            timers=False,
            database_url=demo.storage.database_url,
        )
        await app.start()
        try:
            await _play(app, adapter, clock, demo.campaigns[0], members, seed, t)
        finally:
            await app.stop()
    return 0


async def _play(
    app: App,
    adapter: MemoryAdapter,
    clock: ManualClock,
    campaign: CampaignConfig,
    members: int,
    seed: int,
    t: Translator,
) -> None:
    assert app.scheduler is not None and app.postman is not None and app.runtime is not None
    opening = next(p for p in adapter.posts if ":opening:" in p.key)
    print(render(opening.message, header="#console:main"))
    print()
    community = _Community(random.Random(seed), opening.message.buttons, members)
    events = list(community.events())
    length = campaign.duration or DEFAULT_LENGTH
    opened = clock.now()
    with Progress(t("progress.pledges"), len(events), t) as progress:
        for index, event in enumerate(events, start=1):
            clock.set(opened + length * (0.97 * index / len(events)))
            await adapter.push(event)
            progress.advance()
            if index % max(1, len(events) // STEPS) == 0:
                await app.postman.deliver_due()
    await app.postman.deliver_due()
    print(t("demo.pledge.simulated", **t.numbers(**community.stats)))
    for post in adapter.posts:
        if any(kind in post.key for kind in SHOWN):
            print(render(post.message, header="#console:main"))
    print()
    print(t("demo.pledge.sample"))
    for text in _samples(adapter):
        print(f"  › {text}")
    assert app.runtime.live is not None
    await app.runtime.live.flush()
    if adapter.edits:
        print()
        edited = f"{t('console.edited')} #console:main"
        print(render(adapter.edits[-1].message, header=edited))
    clock.set(opened + length + timedelta(seconds=1))
    await app.scheduler.tick()
    await app.postman.deliver_due()
    results = next(p for p in adapter.posts if ":results:" in p.key)
    print()
    print(render(results.message, header="#console:main"))
    print()
    print(t("demo.pledge.directs", count=t.number(len(adapter.directs))))
    for direct in adapter.directs[:2]:
        print(render(direct.message, header=t("console.direct", user=direct.user_id)))


def _samples(adapter: MemoryAdapter) -> list[str]:
    """One answer of each kind (first line), so the demo shows what members are told."""
    seen: dict[str, str] = {}
    for reply in adapter.replies:
        text = reply.message.text.splitlines()[0]
        seen.setdefault(text[:12], text)
    return list(seen.values())[:8]


class _Community:
    """Simulated members and what they do, reproducible from a seed."""

    def __init__(self, rng: random.Random, buttons: tuple[Button, ...], members: int) -> None:
        self.rng = rng
        self.actions = [b.action for b in buttons]
        self.members = members
        self.stats = {
            "members": members,
            "pledges": 0,
            "changed": 0,
            "withdrawn": 0,
            "refused": 0,
            "redelivered": 0,
        }
        self._deliveries = 0

    def events(self) -> Iterator[Event]:
        tiers, withdraw = self.actions[:-1], self.actions[-1]
        for number in range(1, self.members + 1):
            user = Member(
                "console",
                f"member-{number:04d}",
                f"{self.rng.choice(NAMES)} {number}",
                self.rng.choice(("fr", "fr", "en", None)),
            )
            if self.rng.random() < 0.05:
                self.stats["refused"] += 1
                yield self._command(user, "pledge", self.rng.choice(BAD_AMOUNTS))
            yield from self._pledge(user, tiers)
            self.stats["pledges"] += 1
            if self.rng.random() < 0.1:
                self.stats["changed"] += 1
                yield from self._pledge(user, tiers)
            if self.rng.random() < 0.08:
                self.stats["withdrawn"] += 1
                yield self._press(user, withdraw)

    def _pledge(self, user: Member, tiers: list[str]) -> Iterator[Event]:
        if tiers and self.rng.random() < 0.7:
            event: Event = self._press(user, self.rng.choice(tiers))
        else:
            euros = self.rng.choice((3, 7, 12, 20, 30, 50))
            typed = self.rng.choice((f"{euros}", f"{euros},50", f"{euros}.50 €", f"€{euros}"))
            event = self._command(user, "pledge", typed)
        yield event
        if self.rng.random() < 0.05:
            self.stats["redelivered"] += 1
            yield event

    def _press(self, user: Member, action: str) -> ButtonPressed:
        return ButtonPressed(
            platform="console",
            delivery_id=self._delivery(),
            chat=CHAT,
            user=user,
            received_at=datetime.now(UTC),
            action=action,
        )

    def _command(self, user: Member, name: str, *args: str) -> CommandInvoked:
        return CommandInvoked(
            platform="console",
            delivery_id=self._delivery(),
            chat=CHAT,
            user=user,
            received_at=datetime.now(UTC),
            name=name,
            args=args,
        )

    def _delivery(self) -> str:
        self._deliveries += 1
        return f"demo-{self._deliveries}"
