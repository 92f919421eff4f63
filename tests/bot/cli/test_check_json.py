"""``chorus check --json``: the verdict of ``chorus check`` as one JSON document — the same
exit code, the same problems and warnings (each with its line), and what each campaign does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.bot.cli.test_broken_configs import CONFIGS, SECRETS, expected, marked
from tests.factories import poll_text

LINE = {"en": "{path} (line {line})", "fr": "{path} (ligne {line})"}
#: What separates where from what: French puts a non-breaking space before the colon.
COLON = {"en": ": ", "fr": "\u00a0: "}


@pytest.fixture(autouse=True)
def _neutral_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (*SECRETS, "CHORUS_LANG", "LANG", "CHORUS_DATABASE_URL", "CHORUS_MEDIA_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(CONFIGS[0].parent)


def as_lines(document: dict[str, Any], source: str, lang: str) -> list[str]:
    """The document's problems and warnings written as ``chorus check`` writes them."""
    lines = []
    for mark, key in (("✗", "problems"), ("⚠", "warnings")):
        for problem in document[key]:
            where = problem["path"] or source
            if problem["line"] is not None:
                where = LINE[lang].format(path=where, line=problem["line"])
            lines.append(f"  {mark} {where}{COLON[lang]}{problem['message']}")
    return lines


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("path", CONFIGS, ids=[p.stem for p in CONFIGS])
def test_json_says_what_check_says(path: Path, lang: str) -> None:
    text = CliRunner().invoke(app, ["check", path.name, "--lang", lang])

    result = CliRunner().invoke(app, ["check", path.name, "--lang", lang, "--json"])

    assert result.exit_code == text.exit_code == expected(path)[0], result.output
    document = json.loads(result.stdout)
    assert document["valid"] is (result.exit_code == 0)
    assert as_lines(document, path.name, lang) == marked(text)
    assert marked(text)  # every file of the set has something to say


def test_a_valid_config_lists_its_campaigns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHORUS_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'c.db'}")
    config = tmp_path / "config.toml"
    config.write_text(poll_text(), encoding="utf-8")

    result = CliRunner().invoke(app, ["check", str(config), "--json"])

    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert (document["valid"], document["problems"], document["warnings"]) == (True, [], [])
    [campaign] = document["campaigns"]
    assert (campaign["id"], campaign["kind"], campaign["enabled"]) == ("flavour", "poll", True)
    assert campaign["channels"] == ["console:main"]
    assert not (tmp_path / "c.db").exists()  # checking creates no database
