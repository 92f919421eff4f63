"""``chorus export``, ``chorus report``…: a round that does not exist is named, and Ctrl-C is
an interruption (exit 130, one line), not an error about the campaign."""

from __future__ import annotations

import json
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
        ("fr", "flavour n’a pas de tour 5 (ses tours jusqu’ici : 1 à 1)."),
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
    assert runner.invoke(cli, ["db", "upgrade", "-c", str(config)]).exit_code == 0
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
    assert runner.invoke(cli, ["db", "upgrade", "-c", str(config)]).exit_code == 0

    done = runner.invoke(cli, [*command, "-c", str(config), "--lang", "en"])

    assert done.exit_code == 130
    assert done.stderr == "Interrupted.\n"
    assert done.stdout == ""


COLOUR = """
[[campaigns]]
id = "colour"
kind = "poll"
title = "Next colour"
channels = ["console:main"]
duration = "7d"

[campaigns.poll]
options = ["Red", "Blue"]
"""


@pytest.fixture
def two_polls(config: Path) -> Path:
    """``flavour`` and ``colour``, both with their first round open."""
    config.write_text(poll_text() + COLOUR, encoding="utf-8")
    assert runner.invoke(cli, ["run", "-c", str(config)], input="/quit\n").exit_code == 0
    return config


def _audit(config: Path, campaign: str, *options: str) -> str:
    done = runner.invoke(cli, ["audit", campaign, "-c", str(config), *options])
    assert done.exit_code == 0, done.output
    return done.stdout


def test_cli_exports_are_in_the_audit_log(two_polls: Path) -> None:
    options = ["-c", str(two_polls), "--lang", "en"]
    assert runner.invoke(cli, ["export", "colour", *options]).exit_code == 0
    assert (
        runner.invoke(cli, ["export", "colour", "--names", "-f", "json", *options]).exit_code == 0
    )
    participants = ["export", "colour", "--table", "participants", *options]
    assert runner.invoke(cli, participants).exit_code == 0

    entries = json.loads(_audit(two_polls, "colour", "--format", "json"))

    exports = [e for e in entries if e["action"] == "export"]
    assert [(e["actor"], e["after"], e["detail"], e["round"]) for e in exports] == [
        ("cli", "records csv", "pseudonymised", 1),
        ("cli", "records json", "identities included", 1),
        ("cli", "participants csv", "pseudonymised", None),
    ]
    assert exports[0]["round_id"] != 1  # colour's round 1 is not the database's first round
    text = _audit(two_polls, "colour")
    assert "export · round 1 · records csv · pseudonymised" in text.replace("Export", "export")
    assert "→" not in text.split("records csv")[0].splitlines()[-1]  # nothing before: no arrow


def test_audit_shows_round_numbers_and_action_names_as_members_read_them(two_polls: Path) -> None:
    assert runner.invoke(cli, ["round", "close", "colour", "-c", str(two_polls)]).exit_code == 0

    english = _audit(two_polls, "colour", "--lang", "en")
    french = _audit(two_polls, "colour", "--lang", "fr")

    assert " · cli · round closed · round 1 · open → closed" in english
    assert " · system · round opened · round 1 · " in english
    assert "round 2" not in english
    assert " · cli · tour clos · tour 1 · open → closed" in french
    assert " · system · tour ouvert · tour 1 · " in french


def test_a_member_has_one_pseudonym_per_campaign(config: Path) -> None:
    config.write_text(poll_text() + COLOUR, encoding="utf-8")
    typed = "/vote flavour 1\n/vote colour 2\n/quit\n"
    assert runner.invoke(cli, ["run", "-c", str(config)], input=typed).exit_code == 0

    def member_in(campaign: str) -> str:
        done = runner.invoke(cli, ["export", campaign, "-f", "json", "-c", str(config)])
        assert done.exit_code == 0, done.output
        [ballot] = json.loads(done.stdout)["rows"]
        return str(ballot["member"])

    flavour, colour = member_in("flavour"), member_in("colour")

    assert flavour.startswith("m-") and colour.startswith("m-")
    assert flavour != colour  # one campaign's exports cannot be joined with another's
    assert member_in("flavour") == flavour  # the same in every export of the campaign
