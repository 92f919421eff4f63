"""``chorus check`` over a set of broken configs (``broken_configs/``): each file ends with the
lines check must print, in English and in French, and ``chorus run`` refuses the same file with
the same lines, before creating any database."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from bot.cli import app

FOLDER = Path(__file__).parent / "broken_configs"
CONFIGS = sorted(FOLDER.glob("*.toml"))
SECRETS = (
    "CHORUS_TELEGRAM_TOKEN",
    "CHORUS_TELEGRAM_WEBHOOK_SECRET",
    "CHORUS_SLACK_BOT_TOKEN",
    "CHORUS_SLACK_APP_TOKEN",
    "CHORUS_SLACK_SIGNING_SECRET",
    "CHORUS_DISCORD_TOKEN",
)


@pytest.fixture(autouse=True)
def _neutral_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No secret, language or database from the shell; relative paths from the folder."""
    for name in (*SECRETS, "CHORUS_LANG", "LANG", "CHORUS_DATABASE_URL", "CHORUS_MEDIA_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(FOLDER)


def expected(path: Path) -> tuple[int, dict[str, list[str]]]:
    """The exit code and the lines per language written at the end of a broken config."""
    text = path.read_bytes().decode("utf-8", "replace")
    code = re.search(r"^# Expected from `chorus check` \(exit (\d)\)", text, re.MULTILINE)
    assert code is not None, f"{path.name} says what check must print"
    lines: dict[str, list[str]] = {"en": [], "fr": []}
    for lang, line in re.findall(r"^# (en|fr): (.+)$", text, re.MULTILINE):
        lines[lang].append(f"  {line}")
    return int(code.group(1)), lines


def marked(result: Result) -> list[str]:
    """The problem (✗) and warning (⚠) lines of a command's output."""
    assert "Traceback" not in result.output
    return [line for line in result.stderr.splitlines() if line.startswith(("  ✗", "  ⚠"))]


def test_the_set_has_at_least_twenty_broken_configs() -> None:
    assert len(CONFIGS) >= 20


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("path", CONFIGS, ids=[p.stem for p in CONFIGS])
def test_check_names_every_problem_of_a_broken_config(path: Path, lang: str) -> None:
    code, lines = expected(path)

    result = CliRunner().invoke(app, ["check", path.name, "--lang", lang])

    assert result.exit_code == code, result.output
    assert marked(result) == lines[lang]


@pytest.mark.parametrize("path", [p for p in CONFIGS if expected(p)[0] == 2], ids=lambda p: p.stem)
def test_run_refuses_what_check_refuses_and_creates_no_database(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, lines = expected(path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / path.name).write_bytes(path.read_bytes())

    result = CliRunner().invoke(app, ["run", "-c", path.name, "--lang", "en"], input="/quit\n")

    assert result.exit_code == 2, result.output
    assert marked(result) == lines["en"]
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no chorus.db, no media/
