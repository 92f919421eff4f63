"""A running round keeps its rules: config changes that would alter them are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app as cli
from bot.config.model import Config
from bot.model.clock import ManualClock
from bot.model.errors import ConfigError
from campaigns import parse_config
from storage.rounds import latest_round
from tests.conftest import START, StartApp
from tests.factories import command, member, poll_config, poll_text


def _edited(old: str, new: str) -> Config:
    text = poll_text()
    assert old in text
    return parse_config(text.replace(old, new))


async def test_changed_options_of_an_open_round_are_refused_at_start(start_app: StartApp) -> None:
    clock = ManualClock(START)
    first = await start_app(poll_config(), clock=clock)
    await first.app.stop()
    with pytest.raises(ConfigError) as refused:
        await start_app(_edited('"Pistachio", ', ""), clock=clock)
    [problem] = refused.value.problems
    assert problem.path == "campaigns[0].poll"
    assert problem.code == "running_rules_changed"


async def test_cosmetic_changes_of_an_open_round_are_applied(start_app: StartApp) -> None:
    clock = ManualClock(START)
    first = await start_app(poll_config(), clock=clock)
    await first.app.stop()
    second = await start_app(
        _edited('title = "Next flavour"', 'title = "Our next flavour"'), clock=clock
    )
    await second.adapter.push(command(member("alice"), "campaigns"))
    assert "Our next flavour" in second.adapter.replies_to("alice")[0]


async def test_rules_may_change_once_the_round_is_announced(start_app: StartApp) -> None:
    clock = ManualClock(START)
    first = await start_app(poll_config(), clock=clock)
    await first.adapter.push(command(member("mod"), "close"))
    await first.app.stop()
    await start_app(_edited('"Pistachio", ', ""), clock=clock)


def test_check_refuses_a_change_to_a_running_round(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHORUS_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'c.db'}")
    config = tmp_path / "config.toml"
    config.write_text(
        poll_text(),
        encoding="utf-8",
    )
    runner = CliRunner()
    assert runner.invoke(cli, ["run", "-c", str(config)], input="/quit\n").exit_code == 0
    assert runner.invoke(cli, ["check", str(config)]).exit_code == 0
    config.write_text(
        config.read_text(encoding="utf-8").replace('"Lemon"', '"Lime"'), encoding="utf-8"
    )
    refused = runner.invoke(cli, ["check", str(config), "--lang", "en"])
    assert refused.exit_code == 2
    assert "campaigns[0].poll (line 14): round 1 of flavour is open" in refused.stderr


async def test_a_round_not_yet_open_follows_the_config_on_restart(start_app: StartApp) -> None:
    clock = ManualClock(START)
    later = 'opens_at = 2026-12-01T10:00:00\nduration = "7d"'
    first = await start_app(_edited('duration = "7d"', later), clock=clock)
    await first.app.stop()
    moved = later.replace("2026-12-01", "2026-12-05")
    second = await start_app(_edited('duration = "7d"', moved), clock=clock)
    round_ = await latest_round(second.runtime.db, "flavour")
    assert round_ is not None
    assert round_.state == "scheduled"
    assert round_.opens_at.isoformat() == "2026-12-05T09:00:00+00:00"
