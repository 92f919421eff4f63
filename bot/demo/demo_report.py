"""``chorus report <campaign> --demo``: a simulated week of a poll on four platforms, then
its report — to see what a brand receives before running a real campaign.

Members arrive mostly in the first days and again after the reminder, on the console, Slack,
Telegram and Discord; the clock is simulated, so a week takes a few seconds.
"""

from __future__ import annotations

import random
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from adapters.memory import MemoryAdapter
from bot.app import App
from bot.config.model import Config
from bot.demo.community import NAMES
from bot.demo.progress import Progress
from bot.engine.i18n import Translator
from bot.model.clock import ManualClock
from bot.model.events import ButtonPressed, Chat
from bot.model.members import Member
from bot.reports.report import Report, make_report
from campaigns.poll.settings import PollSettings

CHANNELS = {
    "console": "main",
    "slack": "C0DEMO001",
    "telegram": "-1001234567890",
    "discord": "123456789012345678",
}
SHARE = (0.1, 0.25, 0.35, 0.3)
WEEK = timedelta(days=7)
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _arrivals(rng: random.Random, members: int) -> list[timedelta]:
    """When members vote: most on the first two days, a second wave after day 5."""
    times = []
    for _ in range(members):
        early = rng.random() < 0.75
        hours = rng.expovariate(1 / 30) if early else 120 + rng.expovariate(1 / 12)
        times.append(timedelta(hours=min(hours, 7 * 24 - 1)))
    return sorted(times)


async def demo_report(
    config: Config, campaign_id: str, out: Path, t: Translator, *, members: int, seed: int
) -> Report | None:
    """Simulate the week, then write the report to ``out``; None when the campaign is not a
    poll of this config."""
    campaign = config.campaign(campaign_id)
    settings = campaign.section_as(PollSettings) if campaign is not None else None
    if campaign is None or settings is None:
        return None
    rng = random.Random(seed)
    weights = [rng.uniform(0.5, 3.0) for _ in settings.options]
    with tempfile.TemporaryDirectory(prefix="chorus-report-") as scratch:
        poll = campaign.model_copy(
            update={
                "opens_at": None,
                "closes_at": None,
                "duration": WEEK,
                "repeat": None,
                "reminders": [],
                "channels": [f"{p}:{c}" for p, c in CHANNELS.items()],
            }
        )
        storage = config.storage.model_copy(update={"media_dir": str(Path(scratch) / "media")})
        demo = config.model_copy(update={"campaigns": [poll], "storage": storage})
        adapters = {platform: MemoryAdapter(platform) for platform in CHANNELS}
        clock = ManualClock(START)
        url = f"sqlite+aiosqlite:///{Path(scratch) / 'report.db'}"
        app = App(demo, adapters=dict(adapters), clock=clock, timers=False, database_url=url)
        runtime = await app.start()
        assert app.postman is not None and app.scheduler is not None
        try:
            await app.postman.deliver_due()
            progress = Progress(t("progress.presses"), members, t)
            for number, offset in enumerate(_arrivals(rng, members), start=1):
                platform = rng.choices(list(CHANNELS), SHARE)[0]
                adapter = adapters[platform]
                opening = next(p for p in adapter.posts if ":opening:" in p.key)
                clock.set(START + offset)
                choice = rng.choices(range(len(weights)), weights)[0]
                user = Member(platform, f"{number:05d}", f"{rng.choice(NAMES)} {number}")
                await adapter.push(
                    ButtonPressed(
                        platform=platform,
                        delivery_id=f"demo-{number}",
                        chat=Chat(platform, CHANNELS[platform]),
                        user=user,
                        received_at=clock.now(),
                        action=opening.message.buttons[choice].action,
                    )
                )
                progress.advance()
            progress.close()
            clock.set(START + WEEK + timedelta(minutes=1))
            await app.scheduler.tick()
            await app.postman.deliver_due()
            return await make_report(runtime.db, demo, poll, out, t)
        finally:
            await app.stop()
