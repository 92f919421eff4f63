"""``chorus db upgrade`` and ``chorus round …``: operators act without chat access."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app as cli
from tests.factories import poll_text

runner = CliRunner()


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CHORUS_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'op.db'}")
    path = tmp_path / "config.toml"
    path.write_text(
        poll_text(),
        encoding="utf-8",
    )
    return path


def _rounds(config: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(config.parent / "op.db") as db:
        return db.execute("SELECT state, closes_at FROM round").fetchall()


def test_db_upgrade_creates_the_schema(config: Path) -> None:
    done = runner.invoke(cli, ["db", "upgrade", "-c", str(config), "--lang", "en"])
    assert done.exit_code == 0
    assert "The database is up to date." in done.stdout
    with sqlite3.connect(config.parent / "op.db") as db:
        version = db.execute("SELECT version_num FROM alembic_version").fetchall()
    assert version == [(_head(),)]


def _head() -> str:
    """The newest migration shipped (whatever its number, so new migrations need no edit)."""
    from alembic.script import ScriptDirectory

    from storage.db import alembic_config

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def test_round_controls_from_the_command_line(config: Path) -> None:
    assert runner.invoke(cli, ["run", "-c", str(config)], input="/quit\n").exit_code == 0
    [(state, closes)] = _rounds(config)
    assert state == "open"

    extended = runner.invoke(
        cli, ["round", "extend", "flavour", "2h", "-c", str(config), "--lang", "en"]
    )
    assert extended.exit_code == 0, extended.stdout
    assert extended.stdout.startswith("flavour: the round now closes")
    assert _rounds(config)[0][1] != closes

    bad = runner.invoke(
        cli, ["round", "extend", "flavour", "later", "-c", str(config), "--lang", "en"]
    )
    assert bad.exit_code == 2
    assert "chorus round extend flavour 2h" in bad.stderr

    assert runner.invoke(cli, ["round", "pause", "flavour", "-c", str(config)]).exit_code == 0
    assert _rounds(config)[0][0] == "paused"
    assert runner.invoke(cli, ["round", "resume", "flavour", "-c", str(config)]).exit_code == 0
    closed = runner.invoke(cli, ["round", "close", "flavour", "-c", str(config), "--lang", "fr"])
    assert closed.exit_code == 0
    assert "le tour est clos" in closed.stdout
    assert _rounds(config)[0][0] == "announced"
    as_json = runner.invoke(cli, ["round", "pause", "flavour", "-c", str(config), "--json"])
    assert json.loads(as_json.stdout) | {"message": ""} == {
        "campaign": "flavour",
        "action": "pause",
        "done": False,
        "message": "",
        "round": 1,
        "state": "announced",
        "closes_at": json.loads(as_json.stdout)["closes_at"],
    }
    assert as_json.exit_code == 1
    no_value = runner.invoke(cli, ["round", "open", "flavour", "now", "-c", str(config)])
    assert no_value.exit_code == 2  # round open takes no value

    again = runner.invoke(cli, ["round", "close", "flavour", "-c", str(config), "--lang", "en"])
    assert again.exit_code == 1
    assert "chorus round close is not possible now: the round is" in again.stderr

    unknown = runner.invoke(cli, ["round", "close", "nope", "-c", str(config), "--lang", "en"])
    assert unknown.exit_code == 2
    assert unknown.stderr == f"No campaign is called nope in {config} (its campaigns: flavour).\n"


def test_audit_lists_transitions_with_their_actor(config: Path) -> None:
    assert runner.invoke(cli, ["run", "-c", str(config)], input="/quit\n").exit_code == 0
    assert runner.invoke(cli, ["round", "close", "flavour", "-c", str(config)]).exit_code == 0

    shown = runner.invoke(cli, ["audit", "flavour", "-c", str(config), "--lang", "en"])
    as_json = runner.invoke(cli, ["audit", "flavour", "-c", str(config), "--format", "json"])

    assert shown.exit_code == 0, shown.stdout
    assert shown.stdout.startswith("Audit log of flavour (")
    assert " · cli · round closed · round 1 · open → closed" in shown.stdout
    entries = json.loads(as_json.stdout)
    assert [(e["actor"], e["action"]) for e in entries][-2:] == [
        ("cli", "close"),
        ("system", "announce"),
    ]


def test_audit_of_an_unknown_campaign_says_so(config: Path) -> None:
    shown = runner.invoke(cli, ["audit", "nope", "-c", str(config), "--lang", "fr"])
    bad_format = runner.invoke(cli, ["audit", "flavour", "-c", str(config), "--format", "xml"])

    assert shown.exit_code == 2
    assert shown.stderr == (
        f"Aucune campagne ne s’appelle nope dans {config} (ses campagnes\u00a0: flavour).\n"
    )
    assert bad_format.exit_code == 2


@pytest.mark.parametrize(
    "command",
    [
        ["audit", "flavour"],
        ["verify-draw", "flavour"],
        ["export", "flavour"],
        ["report", "flavour"],
    ],
)
def test_reading_records_before_chorus_ever_ran_says_so_and_creates_nothing(
    config: Path, command: list[str]
) -> None:
    database = config.parent / "op.db"

    done = runner.invoke(cli, [*command, "-c", str(config), "--lang", "en"])

    assert done.exit_code == 2
    assert done.stderr == (
        f"No database at {database}: Chorus has not run with this config yet "
        f"(start it with chorus run -c {config}, or check storage.database_url).\n"
    )
    assert not database.exists()


def test_a_disabled_campaigns_round_is_not_acted_on(config: Path) -> None:
    text = config.read_text(encoding="utf-8").replace(
        "[[campaigns]]", "[[campaigns]]\nenabled = false", 1
    )
    config.write_text(text, encoding="utf-8")

    done = runner.invoke(cli, ["round", "open", "flavour", "-c", str(config), "--lang", "fr"])

    assert done.exit_code == 2
    assert done.stderr == (
        f"flavour est désactivée dans {config} (enabled = false)\u00a0: Chorus ne la fait pas "
        "tourner.\n"
    )


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["extend", "flavour", "0h"], "Give how much longer the round lasts (more than zero)"),
        (["extend", "flavour", "soon"], "e.g. chorus round extend flavour 2h"),
        (["cancel", "flavour", "  "], "Give the reason members will read"),
    ],
)
def test_a_bad_value_is_refused_before_the_database_is_touched(
    config: Path, arguments: list[str], said: str
) -> None:
    done = runner.invoke(cli, ["round", *arguments, "-c", str(config), "--lang", "en"])

    assert done.exit_code == 2
    assert said in done.stderr
    assert not (config.parent / "op.db").exists()


def test_acting_on_a_round_before_chorus_ever_ran_creates_no_database(config: Path) -> None:
    done = runner.invoke(cli, ["round", "open", "flavour", "-c", str(config), "--lang", "en"])

    assert done.exit_code == 2
    assert done.stderr.startswith(f"No database at {config.parent / 'op.db'}:")
    assert not (config.parent / "op.db").exists()


def test_a_campaign_without_a_round_yet_says_when_it_gets_one(config: Path) -> None:
    assert runner.invoke(cli, ["db", "upgrade", "-c", str(config)]).exit_code == 0

    done = runner.invoke(cli, ["round", "close", "flavour", "-c", str(config), "--lang", "fr"])

    assert done.exit_code == 1  # as for any round whose state does not allow the action
    assert done.stderr == (
        "flavour n’a pas encore de tour\u00a0: chorus run ouvre le premier en démarrant avec "
        "cette configuration, ou à l’opens_at de la campagne.\n"
    )
    assert _rounds(config) == []
