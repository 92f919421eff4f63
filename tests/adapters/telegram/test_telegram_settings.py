"""``[telegram]`` and the secrets from the environment: refused clearly when incomplete."""

from __future__ import annotations

import pytest

from adapters.telegram.adapter import SECRET_ENV, TOKEN_ENV, build
from bot.model.errors import ConfigError
from campaigns import parse_config

WEBHOOK = """
[telegram]
mode = "webhook"
webhook_url = "https://chorus.example.com/telegram"
"""


def test_missing_token_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)

    with pytest.raises(ConfigError, match=TOKEN_ENV):
        build(parse_config(""))


def test_webhook_without_secret_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TOKEN_ENV, "123:abc")
    monkeypatch.delenv(SECRET_ENV, raising=False)

    with pytest.raises(ConfigError, match=SECRET_ENV):
        build(parse_config(WEBHOOK))


def test_webhook_mode_needs_its_url() -> None:
    with pytest.raises(ConfigError, match="webhook_url"):
        parse_config('[telegram]\nmode = "webhook"\n')


def test_polling_with_a_token_builds_the_adapter(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TOKEN_ENV, "123:abc")

    adapter = build(parse_config(""))

    assert adapter.platform == "telegram" and adapter.settings.mode == "polling"
