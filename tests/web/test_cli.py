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
    assert runner.invoke(cli, ["db", "upgrade", "-c", str(path)]).exit_code == 0
    return path


def test_operator_prints_a_link_for_a_listed_moderator(config: Path) -> None:
    done = runner.invoke(cli, ["web", "link", "console:mod", "-c", str(config), "--lang", "en"])
    assert done.exit_code == 0, done.output
    assert "https://dash.example/login/" in done.output


def test_operator_gets_no_link_for_a_member(config: Path) -> None:
    done = runner.invoke(cli, ["web", "link", "console:alice", "-c", str(config), "--lang", "en"])
    assert done.exit_code == 1
    assert "/login/" not in done.output


def test_a_member_not_written_platform_id_is_refused_in_one_line(config: Path) -> None:
    done = runner.invoke(cli, ["web", "link", "mod", "-c", str(config), "--lang", "fr"])

    assert done.exit_code == 2
    assert done.stderr.startswith("un membre s’écrit plateforme:id")
    assert "reçu «\u00a0mod\u00a0»" in done.stderr or "reçu « mod »" in done.stderr


def test_no_link_before_chorus_ever_ran_and_no_database_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHORUS_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'none.db'}")
    path = tmp_path / "config.toml"
    path.write_text(TOML)

    done = runner.invoke(cli, ["web", "link", "console:mod", "-c", str(path), "--lang", "en"])

    assert done.exit_code == 2
    assert done.stderr.startswith(f"No database at {tmp_path / 'none.db'}:")
    assert not (tmp_path / "none.db").exists()
