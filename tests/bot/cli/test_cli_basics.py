"""What any ``chorus`` user touches first: version, help, completion, the Slack manifest."""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from bot.cli import app

CONFIG = '[bot]\nlocale = "en"\n'


@pytest.fixture(autouse=True)
def _neutral_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CHORUS_LANG", "LANG", "CHORUS_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), prog_name="chorus")


def config(tmp_path: Path, extra: str = "") -> str:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG + extra, encoding="utf-8")
    return str(path)


def test_version_prints_the_installed_version() -> None:
    result = invoke("--version")

    assert result.exit_code == 0
    assert result.stdout.strip() == f"chorus {version('chorus')}"


def test_dash_h_is_help_everywhere() -> None:
    for args in (["-h"], ["round", "-h"], ["round", "extend", "-h"]):
        result = invoke(*args)
        assert result.exit_code == 0, args
        assert "Usage: chorus" in result.stdout


def test_help_offers_shell_completion_and_whole_sentences() -> None:
    out = invoke("--help").stdout

    assert "--install-completion" in out
    # a docstring wrapped in the source is one paragraph on screen
    assert "on a\n" not in out.replace("│", "").replace(" ", "")


def test_round_open_takes_no_value_and_extend_needs_a_duration() -> None:
    assert "chorus round open [OPTIONS] {campaign} " in invoke("round", "open", "-h").stdout
    assert "value" not in invoke("round", "open", "-h").stdout.lower()
    assert "{campaign} {duration}" in invoke("round", "extend", "-h").stdout


def test_request_url_gives_the_http_mode_manifest_even_in_socket_mode(tmp_path: Path) -> None:
    url = "https://chorus.brand.example/slack/events"

    result = invoke("slack", "manifest", "-c", config(tmp_path), "--request-url", url)

    assert result.exit_code == 0, result.output
    settings = json.loads(result.stdout)["settings"]
    assert settings["socket_mode_enabled"] is False
    assert settings["event_subscriptions"]["request_url"] == url
    assert settings["interactivity"]["request_url"] == url


def test_http_mode_without_request_url_is_refused_not_filled_in(tmp_path: Path) -> None:
    result = invoke("slack", "manifest", "-c", config(tmp_path, '\n[slack]\nmode = "http"\n'))

    assert result.exit_code == 2
    assert "give --request-url" in result.stderr
    assert "example.com" not in result.output


def test_socket_mode_manifest_has_no_request_url(tmp_path: Path) -> None:
    result = invoke("slack", "manifest", "-c", config(tmp_path))

    settings = json.loads(result.stdout)["settings"]
    assert settings["socket_mode_enabled"] is True
    assert "request_url" not in settings["event_subscriptions"]
