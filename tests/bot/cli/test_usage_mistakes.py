"""A command line Chorus cannot take is answered in the operator's language: what is wrong,
what the option expects, and where the command's help is; exit code 2, no Typer box."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from bot.cli import app
from tests.factories import poll_text

N = "\u00a0"  # French puts a non-breaking space before its colons and question marks


@pytest.fixture(autouse=True)
def _neutral_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("CHORUS_LANG", "LANG", "CHORUS_DATABASE_URL", "CHORUS_MEDIA_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def chorus(*args: str, lang: str | None = None) -> Result:
    env = {"CHORUS_LANG": lang} if lang else None
    return CliRunner().invoke(app, list(args), prog_name="chorus", env=env)


def answered(result: Result) -> list[str]:
    """The lines of a refused command line, after checking it is a clean refusal."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.output and "╭" not in result.output
    return result.stderr.splitlines()


@pytest.mark.parametrize(
    ("args", "english", "french"),
    [
        (
            ["run", "--foo"],
            "chorus run: there is no option --foo.",
            f"chorus run{N}: il n’y a pas d’option --foo.",
        ),
        (
            ["run", "--conifg", "x.toml"],
            "chorus run: there is no option --conifg. Did you mean --config?",
            f"chorus run{N}: il n’y a pas d’option --conifg. Vouliez-vous dire --config{N}?",
        ),
        (
            ["export"],
            "chorus export: <campaign> is missing.",
            f"chorus export{N}: il manque <campaign>.",
        ),
        (
            ["demo", "--members", "many"],
            "chorus demo: --members takes a whole number from 1 to 100,000.",
            f"chorus demo{N}: --members attend un nombre entier de 1 à 100\u202f000.",
        ),
        (
            ["demo", "--window", "0.5"],
            "chorus demo: --window takes a number from 1 to 600.",
            f"chorus demo{N}: --window attend un nombre de 1 à 600.",
        ),
        (
            ["export", "flavour", "--format", "xml"],
            "chorus export: --format takes csv or json.",
            f"chorus export{N}: --format attend csv ou json.",
        ),
        (
            ["demo", "--window"],
            "chorus demo: --window needs a value.",
            f"chorus demo{N}: --window attend une valeur.",
        ),
        (
            ["round", "open", "flavour", "now"],
            "chorus round open: “now” was not expected here.",
            f"chorus round open{N}: «{N}now{N}» n’est pas attendu ici.",
        ),
        (
            ["exprot"],
            "chorus: there is no command exprot. Did you mean export?",
            f"chorus{N}: il n’y a pas de commande exprot. Vouliez-vous dire export{N}?",
        ),
    ],
)
def test_a_mistake_is_answered_in_the_operators_language(
    args: list[str], english: str, french: str
) -> None:
    command = english.split(":")[0]

    assert answered(chorus(*args, lang="en")) == [english, f"Help: {command} -h"]
    assert answered(chorus(*args, lang="fr")) == [french, f"Aide{N}: {command} -h"]


def test_the_lang_flag_gives_the_language_even_after_the_mistake() -> None:
    assert answered(chorus("run", "--foo", "--lang", "fr"))[0] == (
        f"chorus run{N}: il n’y a pas d’option --foo."
    )
    assert (
        answered(chorus("run", "--foo", "--lang=en"))[0] == "chorus run: there is no option --foo."
    )


def test_the_language_comes_from_the_config_when_no_flag_gives_it(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(poll_text(locale="fr"), encoding="utf-8")
    elsewhere = tmp_path / "elsewhere.toml"
    elsewhere.write_text(poll_text(locale="en"), encoding="utf-8")

    from_default = answered(chorus("run", "--foo"))
    from_option = answered(chorus("run", "--foo", "-c", str(elsewhere)))

    assert from_default[0] == f"chorus run{N}: il n’y a pas d’option --foo."
    assert from_option[0] == "chorus run: there is no option --foo."


def test_a_group_alone_still_shows_its_help() -> None:
    result = chorus("round")

    assert result.exit_code == 2
    assert "open" in result.output and "extend" in result.output
