"""``chorus export``, ``chorus report``…: a round that does not exist is named, and Ctrl-C is
an interruption (exit 130, one line), not an error about the campaign."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app as cli
from tests.factories import poll_text

runner = CliRunner()


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CHORUS_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'rec.db'}")
    path = tmp_path / "config.toml"
    path.write_text(poll_text(), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "flavour has no round 5 (its rounds so far: 1 to 1)."),
        ("fr", "flavour n’a pas de tour 5 (ses tours jusqu’ici : 1 à 1)."),
    ],
)
def test_export_of_a_round_that_does_not_exist_says_so(config: Path, lang: str, said: str) -> None:
    assert runner.invoke(cli, ["run", "-c", str(config)], input="/quit\n").exit_code == 0
    options = ["-c", str(config), "--lang", lang]

    missing = runner.invoke(cli, ["export", "flavour", "--round", "5", *options])
    first = runner.invoke(cli, ["export", "flavour", "--round", "1", *options])

    assert missing.exit_code == 2
    assert missing.stderr.strip() == said
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("round,platform,member,")


def test_export_of_a_round_before_any_round(config: Path) -> None:
    done = runner.invoke(
        cli, ["export", "flavour", "--round", "2", "-c", str(config), "--lang", "en"]
    )

    assert done.exit_code == 2
    assert done.stderr.strip() == "flavour has no round 2: it has no round yet."


def _interrupt(*args: object, **kwargs: object) -> None:
    raise KeyboardInterrupt  # what Ctrl-C raises in the main thread


@pytest.mark.parametrize(
    ("command", "target"),
    [
        (["report", "flavour"], "bot.reports.report.write_report"),
        (["export", "flavour"], "bot.reports.export.export_campaign"),
        (["audit", "flavour"], "bot.moderation.audit_report.show_audit"),
    ],
)
def test_ctrl_c_is_an_interruption(
    config: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], target: str
) -> None:
    monkeypatch.setattr(target, _interrupt)

    done = runner.invoke(cli, [*command, "-c", str(config), "--lang", "en"])

    assert done.exit_code == 130
    assert done.stderr == "Interrupted.\n"
    assert done.stdout == ""
