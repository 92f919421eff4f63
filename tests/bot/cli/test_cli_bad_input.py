"""Bad input never shows a traceback: each of these fuzzed inputs gets one translated line with
its path (and line when it has one) from ``chorus check`` and ``chorus run``, and exit code 2."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from bot.cli import app
from tests.factories import poll_text

SHIPPED = Path(__file__).resolve().parents[3] / "config.toml"
FRENCH = SHIPPED.read_text(encoding="utf-8")  # the shipped bot speaks French
ENGLISH = poll_text(locale="en")

Chorus = Callable[[bytes], Result]


@pytest.fixture(autouse=True)
def _neutral_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The language must come from the file, the database from the test."""
    for name in ("CHORUS_LANG", "LANG", "CHORUS_DATABASE_URL", "CHORUS_MEDIA_DIR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(params=["check", "run"])
def chorus(request: pytest.FixtureRequest, tmp_path: Path) -> Chorus:
    """``chorus check FILE`` or ``chorus run -c FILE``, on a config written as bytes."""
    command: str = request.param

    def invoke(config: bytes) -> Result:
        path = tmp_path / "config.toml"
        path.write_bytes(config)
        args = ["check", str(path)] if command == "check" else ["run", "-c", str(path)]
        return CliRunner().invoke(app, args, input="/quit\n")

    return invoke


def refused(result: Result) -> str:
    """The one problem line of a refusal, after checking it is a clean one."""
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    [_, problem] = result.stderr.splitlines()
    return problem


def line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def test_a_config_that_is_not_utf8_is_refused_in_its_own_language(chorus: Chorus) -> None:
    line = next(n for n, text in enumerate(FRENCH.splitlines(), 1) if not text.isascii())

    problem = refused(chorus(FRENCH.encode("latin-1", "replace")))

    assert problem.endswith(
        f"(ligne {line})\u00a0: le fichier n’est pas du texte UTF-8 (enregistrez-le en UTF-8)"
    )


def test_a_duration_of_a_hundred_billion_days_is_too_long(chorus: Chorus) -> None:
    text = FRENCH.replace('duration = "7d"', 'duration = "99999999999d"', 1)

    problem = refused(chorus(text.encode()))

    line = line_of(text, 'duration = "99999999999d"')
    assert problem == (
        f"  ✗ campaigns[0].duration (ligne {line})\u00a0: cette durée est trop longue "
        "(3650d au plus)"
    )


def test_a_number_alone_is_not_taken_for_seconds(chorus: Chorus) -> None:
    text = FRENCH.replace('duration = "7d"', "duration = 7", 1)

    problem = refused(chorus(text.encode()))

    line = line_of(text, "duration = 7")
    assert problem == (
        f"  ✗ campaigns[0].duration (ligne {line})\u00a0: un nombre seul n’est pas une "
        "durée\u00a0: écrivez son unité, comme 7d pour des jours ou 7h pour des heures"
    )


def test_arrays_nested_five_thousand_deep_are_refused_at_their_line(chorus: Chorus) -> None:
    text = ENGLISH + "\n[extra]\nx = " + "[" * 5000 + "]" * 5000 + "\n"

    problem = refused(chorus(text.encode()))

    assert problem.endswith(
        f"(line {line_of(text, 'x = [')}): arrays or tables are nested too deeply"
    )


def test_a_media_dir_that_is_a_file_is_refused(chorus: Chorus, tmp_path: Path) -> None:
    afile = tmp_path / "notes.txt"
    afile.write_text("not a folder", encoding="utf-8")
    text = ENGLISH + f'\n[storage]\nmedia_dir = "{afile}"\n'

    problem = refused(chorus(text.encode()))

    line = line_of(text, "media_dir")
    assert problem == (
        f"  ✗ storage.media_dir (line {line}): media_dir must be a folder, but {afile} is a file"
    )


def test_an_unsupported_database_driver_is_refused_without_showing_the_url(
    chorus: Chorus, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHORUS_DATABASE_URL", "mysql://chorus:Pa55-w0rd@db.example/chorus")

    problem = refused(chorus(ENGLISH.encode()))

    assert problem == (
        "  ✗ CHORUS_DATABASE_URL: database_url must start with sqlite+aiosqlite:// or "
        "postgresql+asyncpg://"
    )


def test_a_sqlite_file_below_a_regular_file_is_refused(
    chorus: Chorus, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    afile = tmp_path / "passwd"
    afile.write_text("root:x:0:0", encoding="utf-8")
    monkeypatch.setenv("CHORUS_DATABASE_URL", f"sqlite+aiosqlite:///{afile}/x.db")

    problem = refused(chorus(FRENCH.encode()))

    assert problem == (
        "  ✗ CHORUS_DATABASE_URL\u00a0: impossible de créer la base de données ici\u00a0: "
        f"{afile} est un fichier, pas un dossier"
    )


def unanswered_port() -> int:
    """A port nothing listens on (bound, then closed)."""
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        return int(closed.getsockname()[1])


@pytest.mark.parametrize("command", [["db", "upgrade"], ["run"], ["round", "close", "flavour"]])
def test_a_database_server_that_does_not_answer_is_named_in_one_line(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = unanswered_port()
    monkeypatch.setenv("CHORUS_DATABASE_URL", f"postgresql+asyncpg://chorus@127.0.0.1:{port}/x")
    path = tmp_path / "config.toml"
    path.write_text(ENGLISH, encoding="utf-8")

    result = CliRunner().invoke(app, [*command, "-c", str(path)], input="/quit\n")

    assert result.exit_code == 3, result.output
    assert result.stderr == (
        f"The database server at 127.0.0.1:{port} does not answer: start it, or check "
        "storage.database_url (or CHORUS_DATABASE_URL).\n"
    )


def test_check_warns_when_the_database_cannot_be_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = unanswered_port()
    monkeypatch.setenv("CHORUS_DATABASE_URL", f"postgresql+asyncpg://chorus@127.0.0.1:{port}/x")
    path = tmp_path / "config.toml"
    path.write_text(FRENCH, encoding="utf-8")

    result = CliRunner().invoke(app, ["check", str(path)])

    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    [warning] = [line for line in result.stderr.splitlines() if line.startswith("  ⚠")]
    assert warning.startswith(
        "  ⚠ CHORUS_DATABASE_URL\u00a0: tours en cours non vérifiés\u00a0: la base de données "
        "ne peut pas être lue ("
    )
    assert warning.endswith(")\u00a0; chorus run s’y arrêterait")
