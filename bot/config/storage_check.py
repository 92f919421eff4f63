"""Where Chorus keeps its data must be usable before anything starts.

``chorus check`` and ``chorus run`` refuse, with one line each, a database URL whose driver
Chorus does not ship, a SQLite file or a media folder that would have to live below a regular
file, and a media folder that is a file. Nothing is created here: checking only looks.
"""

from __future__ import annotations

import os
from pathlib import Path

from bot.config.model import Config
from bot.model.errors import ConfigProblem

DRIVERS = ("sqlite+aiosqlite", "postgresql+asyncpg")
DATABASE_ENV = "CHORUS_DATABASE_URL"
MEDIA_ENV = "CHORUS_MEDIA_DIR"


def storage_problems(config: Config) -> list[ConfigProblem]:
    """Every reason the configured database or media folder cannot be used (the setting's
    path is the environment variable when one overrides the file)."""
    return [*_database_problems(config), *_media_problems(config)]


def database_setting() -> str:
    """Where the database URL comes from: the environment variable when it overrides the file."""
    return DATABASE_ENV if os.environ.get(DATABASE_ENV) else "storage.database_url"


def _database_problems(config: Config) -> list[ConfigProblem]:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    where = database_setting()
    try:
        url = make_url(config.database_url())
    except ArgumentError:
        url = None
    if url is None or url.drivername not in DRIVERS:
        message = "database_url must start with sqlite+aiosqlite:// or postgresql+asyncpg://"
        return [ConfigProblem(where, message, code="database_url")]
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return []
    blocker = _file_in_the_way(Path(database).expanduser().parent)
    if blocker is None:
        return []
    message = f"the database cannot be created: {blocker} is a file, not a folder"
    return [ConfigProblem(where, message, code="database_path", params={"path": str(blocker)})]


def database_file(config: Config) -> Path | None:
    """The SQLite file the config's database lives in (None on PostgreSQL, in memory, or
    with a URL :func:`storage_problems` refuses)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(config.database_url())
    except ArgumentError:
        return None
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return None
    return Path(database).expanduser()


def _media_problems(config: Config) -> list[ConfigProblem]:
    where = MEDIA_ENV if os.environ.get(MEDIA_ENV) else "storage.media_dir"
    blocker = _file_in_the_way(config.media_dir())
    if blocker is None:
        return []
    message = f"media_dir must be a folder: {blocker} is a file"
    return [ConfigProblem(where, message, code="media_dir", params={"path": str(blocker)})]


def _file_in_the_way(folder: Path) -> Path | None:
    """The nearest existing path at or above ``folder`` when it is not a folder."""
    for candidate in (folder, *folder.parents):
        if candidate.exists() or candidate.is_symlink():
            return None if candidate.is_dir() else candidate
    return None
