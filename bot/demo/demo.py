"""``chorus demo``: a whole poll round with a simulated community, through the real core.

The config's first poll runs on a scratch SQLite file, in simulated time (a manual clock), so
the whole round plays out the same on any machine. Simulated members press the vote buttons
(some change their mind, some presses are delivered twice, as platforms do); then the clock
reaches the close, the scheduler closes the round and the outbox posts the results.
"""

from __future__ import annotations

import asyncio
import random
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from adapters.console.translate import render
from adapters.memory import MemoryAdapter
from bot.app import App
from bot.config.model import CampaignConfig, Config
from bot.demo.community import NAMES
from bot.demo.demo_web import keep_dashboard_open, with_dashboard
from bot.demo.progress import Progress
from bot.engine.i18n import Translator
from bot.model.actions import Post
from bot.model.clock import ManualClock
from bot.model.events import ButtonPressed, Chat
from bot.model.members import Member
from campaigns.poll.settings import PollSettings


def _demo_config(config: Config, campaign: CampaignConfig, database: Path, window: float) -> Config:
    poll = campaign.model_copy(
        update={
            "opens_at": None,
            "closes_at": None,
            "duration": timedelta(seconds=window),
            "channels": ["console:main"],
        }
    )
    storage = config.storage.model_copy(
        update={
            "database_url": f"sqlite+aiosqlite:///{database}",
            "media_dir": str(database.parent / "media"),
        }
    )
    return config.model_copy(update={"campaigns": [poll], "storage": storage})


async def run_demo(
    config: Config,
    *,
    members: int,
    seed: int,
    window: float,
    t: Translator,
    kind: str = "poll",
    web_port: int | None = None,
    stop: asyncio.Event | None = None,
    say: Callable[[str], None] = print,
) -> int:
    """Run the simulation and print what the community would see; return an exit code.

    With ``web_port``, the poll demo then stays on with its dashboard on that port and a
    printed login link (:mod:`bot.demo.demo_web`) until ``stop`` (or Ctrl-C)."""
    if web_port is not None and kind != "poll":
        print(t("web.demo.poll_only"))
        return 2
    code = await _play(
        config,
        members=members,
        seed=seed,
        window=window,
        t=t,
        kind=kind,
        web_port=web_port,
        stop=stop,
        say=say,
    )
    played = [c for c in config.campaigns if c.kind == kind]
    campaign = next((c for c in played if c.enabled), played[0] if played else None)
    if code == 0 and campaign is not None and web_port is None:
        print()
        print(next_step(config, campaign, t, datetime.now(UTC)))
    return code


def next_step(config: Config, campaign: CampaignConfig, t: Translator, now: datetime) -> str:
    """What to try after the demo of ``campaign``, as ``chorus run`` would treat it: a
    disabled campaign is not run, one that opens later waits for its date."""
    if not campaign.enabled:
        return t("demo.next.disabled", campaign=campaign.id)
    opens, _ = campaign.window_utc(config.bot, now)
    if opens > now:
        when = t.datetime(opens, campaign.zone(config.bot))
        return t("demo.next.later", campaign=campaign.id, when=when)
    return t("demo.next.poll" if campaign.kind == "poll" else "demo.next", campaign=campaign.id)


async def _play(
    config: Config,
    *,
    members: int,
    seed: int,
    window: float,
    t: Translator,
    kind: str,
    web_port: int | None,
    stop: asyncio.Event | None,
    say: Callable[[str], None],
) -> int:
    """The simulation of ``kind``; its exit code."""
    if kind == "ideas":
        from bot.demo.demo_ideas import run_ideas_demo

        return await run_ideas_demo(config, members=members, seed=seed, window=window, t=t)
    if kind == "pledge":
        from bot.demo.demo_pledge import run_pledge_demo

        return await run_pledge_demo(config, members=members, seed=seed, t=t)
    if kind == "contest":
        from bot.demo.demo_contest import run_contest_demo

        return await run_contest_demo(config, members=members, seed=seed, window=window, t=t)
    campaign = next((c for c in config.campaigns if c.enabled and c.kind == "poll"), None)
    poll = campaign.section_as(PollSettings) if campaign is not None else None
    if campaign is None or poll is None:
        print(t("demo.no_poll"))
        return 2
    with tempfile.TemporaryDirectory(prefix="chorus-demo-") as scratch:
        demo = _demo_config(config, campaign, Path(scratch) / "demo.db", window)
        if web_port is not None:
            demo = with_dashboard(demo, web_port)
        adapter = MemoryAdapter("console")
        clock = ManualClock(datetime.now(UTC))
        app = App(
            demo,
            adapters={"console": adapter},
            clock=clock,
            timers=False,
            database_url=demo.storage.database_url,
        )
        runtime = await app.start()
        assert app.scheduler is not None and app.postman is not None
        try:
            opening = await adapter.post_of_kind("opening")
            print(render(opening.message, header="#console:main"))
            print()
            stats = await _simulate(adapter, opening, members, seed, len(poll.options), t)
            print(t("demo.simulated", **t.numbers(**stats)))
            clock.advance(timedelta(seconds=window + 1))
            await app.scheduler.tick()
            await app.postman.deliver_due()
            results = await adapter.post_of_kind("results")
            print()
            print(render(results.message, header="#console:main"))
            if web_port is not None:
                print()
                await keep_dashboard_open(app, runtime, campaign, t, stop=stop, say=say)
        finally:
            await app.stop()
    return 0


async def _simulate(
    adapter: MemoryAdapter, opening: Post, members: int, seed: int, options: int, t: Translator
) -> dict[str, int]:
    rng = random.Random(seed)
    weights = [rng.uniform(0.5, 3.0) for _ in range(options)]
    chat = Chat("console", "main")
    presses = redelivered = changed = 0
    events = []
    for number in range(1, members + 1):
        user = Member(
            "console",
            f"member-{number:04d}",
            f"{rng.choice(NAMES)} {number}",
            rng.choice(("fr", "fr", "en", None)),
        )
        choices = [rng.choices(range(options), weights)[0]]
        if rng.random() < 0.1:
            choices.append(rng.choices(range(options), weights)[0])
            changed += 1
        for turn, choice in enumerate(choices):
            event = ButtonPressed(
                platform="console",
                delivery_id=f"demo-{number}-{turn}",
                chat=chat,
                user=user,
                received_at=datetime.now(UTC),
                action=opening.message.buttons[choice].action,
            )
            events.append(event)
            presses += 1
            if rng.random() < 0.05:
                events.append(event)
                redelivered += 1
    with Progress(t("progress.presses"), len(events), t) as progress:
        for event in events:
            await adapter.push(event)
            progress.advance()
    return {"members": members, "presses": presses, "redelivered": redelivered, "changed": changed}
