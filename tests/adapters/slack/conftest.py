"""Fixtures: a Slack emulator, and the real Slack adapter started against it in either mode."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import pytest

from adapters.slack.adapter import SlackAdapter
from adapters.slack.blockkit import FormCampaign
from adapters.slack.setup import form_campaigns
from bot.app import App, every_command
from bot.config.model import Config
from bot.config.platforms import SlackSettings
from bot.model.clock import ManualClock
from bot.model.events import Event
from tests.adapters.slack.emulator import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, SlackEmulator
from tests.adapters.slack.payloads import Delivery, HttpDelivery, SocketDelivery
from tests.conftest import START
from tests.log_guard import CapturedLogs

CHANNEL = "C0POLL01"
ADMIN = "U0ADMIN"


@pytest.fixture
async def emulator() -> AsyncIterator[SlackEmulator]:
    emulator = SlackEmulator()
    await emulator.start()
    emulator.add_user(ADMIN, admin=True)
    yield emulator
    await emulator.stop()


def make_adapter(emulator: SlackEmulator, mode: str, **options: object) -> SlackAdapter:
    settings = SlackSettings(
        mode=mode,  # type: ignore[arg-type]
        api_base_url=emulator.api_base_url,
        listen_host="127.0.0.1",
        listen_port=0,
    )
    adapter = SlackAdapter(
        settings,
        bot_token=BOT_TOKEN,
        app_token=APP_TOKEN,
        signing_secret=SIGNING_SECRET,
        locale="en",
        pace=0.01,
        **options,  # type: ignore[arg-type]
    )
    every = every_command()  # as the app tells it before start
    adapter.learn_commands(every, frozenset(c.name for c in every))
    return adapter


def delivery_for(emulator: SlackEmulator, adapter: SlackAdapter) -> Delivery:
    if adapter.settings.mode == "socket":
        return SocketDelivery(emulator)
    port = getattr(adapter.connection, "port", None)
    return HttpDelivery(emulator, f"http://127.0.0.1:{port}{adapter.settings.path}")


@dataclass
class Recorded:
    """The adapter alone, its events recorded instead of handled by the core."""

    adapter: SlackAdapter
    delivery: Delivery
    events: list[Event] = field(default_factory=list)


@pytest.fixture(params=["socket", "http"])
async def recorded(
    request: pytest.FixtureRequest, emulator: SlackEmulator
) -> AsyncIterator[Recorded]:
    box = FormCampaign("box", "Idea box", (CHANNEL,))  # forms open where their kind runs
    adapter = make_adapter(emulator, request.param, form_campaigns={"ideas": [box]})
    events: list[Event] = []

    async def sink(event: Event) -> None:
        events.append(event)

    await adapter.start(sink)
    yield Recorded(adapter, delivery_for(emulator, adapter), events)
    await adapter.stop()


@dataclass
class SlackRun:
    """A started Chorus whose only adapter is the real Slack adapter on the emulator."""

    app: App
    adapter: SlackAdapter
    emulator: SlackEmulator
    delivery: Delivery
    clock: ManualClock

    async def tick(self) -> None:
        """The scheduler's catch-up and the outbox, as the timers would run them."""
        assert self.app.scheduler is not None and self.app.postman is not None
        await self.app.scheduler.tick()
        await self.app.postman.deliver_due()


StartSlack = Callable[[Config, str], Awaitable[SlackRun]]


@pytest.fixture
async def start_slack(
    emulator: SlackEmulator, database_url: str, logs: CapturedLogs
) -> AsyncIterator[StartSlack]:
    """Start Chorus on Slack (the emulator); the tokens and the signing secret must not show
    in the logs (see the ``logs`` fixture)."""
    logs.redactor.add(BOT_TOKEN, APP_TOKEN, SIGNING_SECRET)
    apps: list[App] = []

    async def start(config: Config, mode: str) -> SlackRun:
        adapter = make_adapter(emulator, mode, form_campaigns=form_campaigns(config))
        clock = ManualClock(START)
        app = App(
            config,
            adapters={"slack": adapter},
            clock=clock,
            timers=False,
            database_url=database_url,
            redactor=logs.redactor,
        )
        await app.start()
        apps.append(app)
        run = SlackRun(app, adapter, emulator, delivery_for(emulator, adapter), clock)
        await run.tick()
        return run

    yield start
    for app in apps:
        await app.stop()
