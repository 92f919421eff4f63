"""Secrets are hidden in every text that leaves through the logs (messages, their arguments,
tracebacks, whatever the SDK that logged them) and in the alerts moderators receive."""

from __future__ import annotations

import io
import logging

import pytest

from adapters.memory import MemoryAdapter
from bot.engine.redaction import HIDDEN, QUIET_LOGGERS, Redactor, configured_secrets, install
from bot.model.actions import Action, Post
from bot.model.errors import Undeliverable
from tests.conftest import StartApp
from tests.db_dump import every_text
from tests.factories import poll_config

TOKEN = "123456:AAE-secret_token"


def test_a_secret_is_hidden_as_written_and_url_encoded() -> None:
    redactor = Redactor([TOKEN])

    text = redactor.redact(f"GET /bot{TOKEN}/getMe and ?t=123456%3AAAE-secret_token")

    assert text == f"GET /bot{HIDDEN}/getMe and ?t={HIDDEN}"


def test_a_secret_containing_another_is_hidden_whole() -> None:
    redactor = Redactor(["abc123", "abc123-longer"])

    assert redactor.redact("x abc123-longer y") == f"x {HIDDEN} y"


def test_configured_secrets_are_every_token_and_secret_variable_and_the_database_password() -> None:
    environ = {
        "CHORUS_TELEGRAM_TOKEN": "tg",
        "CHORUS_SLACK_SIGNING_SECRET": "sign",
        "CHORUS_SLACK_APP_TOKEN": " ",
        "CHORUS_LANG": "fr",
        "HOME": "/root",
        "CHORUS_DATABASE_URL": "postgresql+asyncpg://chorus:pa%40ss@db/chorus",
    }

    assert sorted(configured_secrets(environ)) == ["pa@ss", "sign", "tg"]


def test_the_filter_redacts_arguments_and_tracebacks_before_any_handler_prints() -> None:
    logger = logging.getLogger("tests.redaction")
    root = logging.getLogger()
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    root.addHandler(handler)
    install(Redactor([TOKEN]))
    try:
        logger.warning("download of %s failed", f"/file/bot{TOKEN}/a.jpg")
        try:
            raise RuntimeError(f"502 for url /file/bot{TOKEN}/a.jpg")
        except RuntimeError:
            logger.exception("handler failed")
    finally:
        root.removeHandler(handler)

    printed = out.getvalue()
    assert TOKEN not in printed
    assert f"download of /file/bot{HIDDEN}/a.jpg failed" in printed
    assert f"RuntimeError: 502 for url /file/bot{HIDDEN}/a.jpg" in printed


@pytest.mark.parametrize("name", sorted(QUIET_LOGGERS))
def test_loggers_that_print_urls_or_sql_parameters_stay_quiet(name: str) -> None:
    logger = logging.getLogger(name)
    before = logger.level
    logger.setLevel(logging.NOTSET)
    try:
        install(Redactor())
        assert logger.level == QUIET_LOGGERS[name] > logging.DEBUG
    finally:
        logger.setLevel(before)


class Leaky(MemoryAdapter):
    """A platform whose refusal repeats the request, token included (as some SDK errors do)."""

    async def send(self, action: Action) -> str | None:
        if isinstance(action, Post) and action.channel == "C0GONE999":
            raise Undeliverable(f"POST /api/chat.postMessage?token={TOKEN}: not_in_channel")
        return await super().send(action)


async def test_an_alert_about_a_platform_error_never_shows_the_token(
    start_app: StartApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHORUS_SLACK_BOT_TOKEN", TOKEN)
    config = poll_config(channels=("console:main", "slack:C0GONE999"))
    flavour = config.campaigns[0].model_copy(update={"moderators_channel": "console:mods"})
    console = MemoryAdapter("console")
    running = await start_app(
        config.model_copy(update={"campaigns": [flavour]}),
        adapters={"console": console, "slack": Leaky("slack")},
    )
    await running.postman_delivered()

    [alert] = [p.message.text for p in console.posts if p.channel == "mods"]
    assert f"(POST /api/chat.postMessage?token={HIDDEN}: not_in_channel)" in alert
    assert TOKEN not in await every_text(running.runtime.db)  # nor in the outbox's error
