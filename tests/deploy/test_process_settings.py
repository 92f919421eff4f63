"""Replicas share one ``config.toml``: what differs per process comes from its variables."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.model.errors import ConfigError
from campaigns import parse_config
from tests.factories import poll_text

FILE = (
    poll_text()
    + """
[telegram]
listen_port = 8443

[discord]
shard_count = 4
shard_ids = [0, 1]

[web]
listen_port = 8088
"""
)


def test_process_variables_win_over_the_shared_file() -> None:
    environ = {
        "CHORUS_TELEGRAM_LISTEN_PORT": "8444",
        "CHORUS_SLACK_LISTEN_PORT": "3001",
        "CHORUS_WEB_LISTEN_PORT": "8089",
        "CHORUS_HEALTH_LISTEN_PORT": "9091",
        "CHORUS_DISCORD_SHARD_IDS": "2, 3",
    }
    config = parse_config(FILE, environ=environ)
    assert config.telegram.listen_port == 8444
    assert config.slack.listen_port == 3001
    assert config.web.listen_port == 8089
    assert config.discord.shard_ids == [2, 3]
    assert config.discord.shard_count == 4
    assert (config.health.enabled, config.health.listen_port) == (True, 9091)


def test_without_variables_the_file_holds() -> None:
    config = parse_config(FILE, environ={})
    assert config.telegram.listen_port == 8443
    assert config.discord.shard_ids == [0, 1]
    assert config.health.enabled is False


def test_a_port_out_of_range_names_the_variable() -> None:
    with pytest.raises(ConfigError) as refused:
        parse_config(FILE, environ={"CHORUS_WEB_LISTEN_PORT": "70000"})
    [problem] = refused.value.problems
    assert problem.path == "CHORUS_WEB_LISTEN_PORT"
    assert problem.line is None


@pytest.mark.parametrize(
    ("locale", "port", "said"),
    [("en", "70000", "must be at most 65535"), ("fr", "-1", "doit valoir au moins 1")],
)
def test_a_port_out_of_range_says_the_bound_in_the_file_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, locale: str, port: str, said: str
) -> None:
    for name in ("CHORUS_LANG", "LANG", "CHORUS_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CHORUS_TELEGRAM_LISTEN_PORT", port)
    path = tmp_path / "config.toml"
    path.write_text(poll_text(locale=locale), encoding="utf-8")

    result = CliRunner().invoke(app, ["check", str(path)])

    assert result.exit_code == 2, result.output
    [_, problem] = result.stderr.splitlines()
    assert problem.endswith(
        f"CHORUS_TELEGRAM_LISTEN_PORT{'' if locale == 'en' else chr(160)}: {said}"
    )


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en", "CHORUS_DISCORD_SHARD_IDS must be a number (a list of numbers separated"),
        ("fr", "CHORUS_DISCORD_SHARD_IDS doit être un nombre (une liste de nombres séparés"),
    ],
)
def test_a_variable_that_is_not_a_number_is_refused_in_the_file_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, locale: str, expected: str
) -> None:
    for name in ("CHORUS_LANG", "LANG", "CHORUS_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CHORUS_DISCORD_SHARD_IDS", "first")
    path = tmp_path / "config.toml"
    path.write_text(poll_text(locale=locale), encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 2, result.output
    [_, problem] = result.stderr.splitlines()
    assert expected in problem
    assert "“first”" in problem or "«\u00a0first\u00a0»" in problem
