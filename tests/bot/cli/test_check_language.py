"""The command line speaks the config's language (``[bot] locale``) unless ``--lang`` or
``CHORUS_LANG`` says otherwise; the shell's ``LANG`` only when there is no file to read."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from bot.cli import app

BROKEN = Path(__file__).parent / "broken_configs" / "closes-before-opens.toml"  # locale "en"
ENGLISH = "must be after opens_at"
FRENCH = "doit être après opens_at"


@pytest.fixture(autouse=True)
def _french_shell(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A shell set to French, which the file's own language must win over."""
    for name in ("CHORUS_LANG", "CHORUS_DATABASE_URL", "CHORUS_MEDIA_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    monkeypatch.chdir(tmp_path)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def test_check_speaks_the_files_language_over_the_shells() -> None:
    result = invoke("check", str(BROKEN))

    assert ENGLISH in result.stderr
    assert "1 problem found" in result.stderr


def test_chorus_lang_wins_over_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHORUS_LANG", "fr")

    assert FRENCH in invoke("check", str(BROKEN)).stderr


def test_lang_option_wins_over_chorus_lang(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHORUS_LANG", "fr")

    assert ENGLISH in invoke("check", str(BROKEN), "--lang", "en").stderr


def test_a_toml_syntax_error_speaks_the_files_language(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[bot]\nlocale = "en"\ntimezone = = "UTC"\n', encoding="utf-8")

    result = invoke("check", str(path))

    assert result.exit_code == 2
    assert "(line 3): the file is not valid TOML" in result.stderr


def test_a_missing_file_speaks_the_shells_language_and_names_init(tmp_path: Path) -> None:
    result = invoke("check", str(tmp_path / "absent.toml"))

    assert result.exit_code == 2
    assert "ce fichier n’existe pas (chorus init" in result.stderr


def test_db_upgrade_speaks_the_files_language(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[bot]\nlocale = "en"\n', encoding="utf-8")

    result = invoke("db", "upgrade", "-c", str(path))

    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "The database is up to date."


def test_discord_invite_url_without_id_or_token_speaks_the_files_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CHORUS_DISCORD_TOKEN", raising=False)
    path = tmp_path / "config.toml"
    path.write_text('[bot]\nlocale = "en"\n', encoding="utf-8")

    result = invoke("discord", "invite-url", "-c", str(path))

    assert result.exit_code == 2
    assert "Give --application-id, or set CHORUS_DISCORD_TOKEN" in result.stderr


def test_discord_invite_url_refuses_an_id_that_is_not_a_number() -> None:
    result = invoke("discord", "invite-url", "--application-id", "my-bot", "--lang", "fr")

    assert result.exit_code == 2
    assert "L’identifiant d’application est un nombre" in result.stderr


def test_a_campaign_whose_every_round_is_over_gets_a_warning_not_a_refusal(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        BROKEN.read_text(encoding="utf-8")
        .replace("2030-12-08T10:00:00", "2020-03-01T10:00:00")
        .replace("2030-12-01T10:00:00", "2020-03-08T10:00:00"),
        encoding="utf-8",
    )

    english = invoke("check", str(path))
    french = invoke("check", str(path), "--lang", "fr")

    assert english.exit_code == 0, english.output
    assert "every round of spring is already over" in english.output
    assert french.exit_code == 0, french.output
    assert "tous les tours de spring sont déjà terminés" in french.output


@pytest.mark.parametrize(
    ("command", "path"),
    [
        (["check"], "check"),
        (["audit", "flavour"], "audit"),
        (["round", "close", "x"], "round close"),
    ],
)
def test_a_language_chorus_does_not_speak_is_refused(command: list[str], path: str) -> None:
    result = CliRunner().invoke(
        app, [*command, "-c", str(BROKEN), "--lang", "de"], prog_name="chorus"
    )

    assert result.exit_code == 2
    assert result.stderr.splitlines() == [  # in the file's language, English
        f"chorus {path}: --lang takes fr or en, not de.",
        f"Help: chorus {path} -h",
    ]


def test_a_regional_form_of_a_language_chorus_speaks_is_taken() -> None:
    assert FRENCH in invoke("check", str(BROKEN), "--lang", "fr-CA").stderr


def test_a_chorus_lang_chorus_does_not_speak_is_said_and_passed_over(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CHORUS_LANG", "xx")

    result = invoke("check", str(BROKEN))

    assert result.exit_code == 2
    first, *rest = result.stderr.splitlines()
    assert first == "CHORUS_LANG=xx is not a language Chorus speaks (fr or en): it is passed over."
    assert any(ENGLISH in line for line in rest)  # the file's language, as without it
    assert result.stderr.count("CHORUS_LANG=xx") == 1  # said once
