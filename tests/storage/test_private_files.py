"""What Chorus writes to disk is readable by its own account only: the SQLite database and its
-wal/-shm files, the media folder (photos, charts), the exports sent by ``/mydata``."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from bot.cli import app as cli
from bot.model.images import clean_image
from storage.db import Database
from storage.media import MediaStore
from tests.campaigns.contest.kit import photo
from tests.conftest import StartApp
from tests.factories import command, member, poll_config, poll_text, press


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def open_umask() -> Iterator[None]:
    """The usual umask, which would leave new files readable by everyone (0644)."""
    before = os.umask(0o022)
    yield
    os.umask(before)


async def test_sqlite_database_and_its_wal_files_are_private(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    path = tmp_path / "new" / "data" / "chorus.db"
    db = Database.connect(f"sqlite+aiosqlite:///{path}")
    try:
        await db.migrate()
        async with db.transaction() as conn:
            await conn.execute(text("INSERT INTO meta (key, value) VALUES ('x', 'y')"))
        companions = [path.with_name("chorus.db-wal"), path.with_name("chorus.db-shm")]
        assert all(p.exists() for p in companions)  # WAL mode, connection still open

        assert [mode(p) for p in (path, *companions)] == [0o600] * 3
        assert mode(path.parent) == mode(path.parent.parent) == 0o700
        assert mode(tmp_path) == 0o755  # a folder Chorus did not create is left alone
    finally:
        await db.close()


async def test_an_existing_database_left_open_is_closed_at_start(tmp_path: Path) -> None:
    path = tmp_path / "chorus.db"
    path.touch(mode=0o644)
    path.chmod(0o644)

    db = Database.connect(f"sqlite+aiosqlite:///{path}")
    await db.close()

    assert mode(path) == 0o600


def test_stored_photos_and_their_folders_are_private(tmp_path: Path) -> None:
    root = tmp_path / "media"
    image = clean_image(photo(1), accepted=("jpeg",), max_width=4000, max_height=4000)

    stored = MediaStore(root).keep(image, "telegram", "ph-1")

    file = root / stored.path
    assert mode(file) == 0o600
    assert mode(file.parent) == mode(file.parent.parent) == mode(root) == 0o700


async def test_media_folder_charts_and_mydata_exports_are_private(
    start_app: StartApp, media_dir: Path
) -> None:
    media_dir.mkdir(mode=0o755)
    media_dir.chmod(0o755)  # as an older version left it
    running = await start_app(poll_config())
    assert mode(media_dir) == 0o700

    opening = next(p for p in running.adapter.posts if ":opening:" in p.key)
    await running.adapter.push(press(member("alice"), opening.message.buttons[0].action))
    await running.adapter.push(command(member("alice"), "mydata"))
    [export] = (media_dir / "exports").glob("*mydata*")
    exported = mode(export)
    running.clock.advance(timedelta(days=8))
    await running.tick()  # the close draws the results chart (and purges the export)

    charts = list((media_dir / "charts").glob("*.png"))
    assert charts
    assert exported == 0o600 and {mode(p) for p in charts} == {0o600}
    assert mode(media_dir / "exports") == mode(media_dir / "charts") == 0o700


def test_an_export_the_cli_writes_to_a_file_is_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHORUS_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'op.db'}")
    config = tmp_path / "config.toml"
    config.write_text(poll_text(), encoding="utf-8")
    assert CliRunner().invoke(cli, ["run", "-c", str(config)], input="/quit\n").exit_code == 0
    out = tmp_path / "for-the-brand" / "ballots.csv"

    done = CliRunner().invoke(cli, ["export", "flavour", "-o", str(out), "-c", str(config)])

    assert done.exit_code == 0, done.output
    assert mode(out) == 0o600 and mode(out.parent) == 0o700


def test_an_output_written_as_a_folder_is_made_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHORUS_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'op.db'}")
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "config.toml"
    config.write_text(poll_text(), encoding="utf-8")
    assert CliRunner().invoke(cli, ["run", "-c", str(config)], input="/quit\n").exit_code == 0

    export = CliRunner().invoke(cli, ["export", "flavour", "-o", "exports/", "-c", str(config)])
    report = CliRunner().invoke(cli, ["report", "flavour", "-o", "reports/", "-c", str(config)])

    assert export.exit_code == 0 and report.exit_code == 0, export.output + report.output
    assert [p.name for p in (tmp_path / "exports").iterdir()] == ["flavour-records.csv"]
    written = sorted(p.name for p in (tmp_path / "reports").iterdir())
    assert written == ["flavour-report.html", "flavour-report.png"]
    assert mode(tmp_path / "exports") == mode(tmp_path / "reports") == 0o700
