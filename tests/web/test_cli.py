"""``chorus web link``: the operator prints a login link for a listed moderator."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app as cli
from tests.web.kit import TOML

runner = CliRunner()


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CHORUS_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'web.db'}")
    path = tmp_path / "config.toml"
    path.write_text(TOML.replace("listen_port = 0", 'public_url = "https://dash.example"'))
    return path


def test_operator_prints_a_link_for_a_listed_moderator(config: Path) -> None:
    done = runner.invoke(cli, ["web", "link", "console:mod", "-c", str(config), "--lang", "en"])
    assert done.exit_code == 0, done.output
    assert "https://dash.example/login/" in done.output


def test_operator_gets_no_link_for_a_member(config: Path) -> None:
    done = runner.invoke(cli, ["web", "link", "console:alice", "-c", str(config), "--lang", "en"])
    assert done.exit_code == 1
    assert "/login/" not in done.output
