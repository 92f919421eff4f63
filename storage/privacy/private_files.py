"""Files only their owner can read: the database, the media folder, exports.

Members' photos, their votes and the exports made of them are personal data; on a shared
machine no other account may read them. Folders Chorus creates are 0700 and its files 0600,
whatever the process umask; the database file and the media folder, when they already exist
more open, are closed at start (which also protects files an older version wrote inside).
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
from pathlib import Path

log = logging.getLogger(__name__)

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def private_dir(path: Path) -> Path:
    """Create ``path`` and its missing parents, each 0700; folders that exist are left as
    they are (the current directory is not Chorus's to close)."""
    missing = []
    folder = path
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=PRIVATE_DIR)
    return path


def close_up(path: Path) -> None:
    """Take group and others' rights away from an existing file or folder of Chorus's."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            path.chmod(mode & 0o700)
    except FileNotFoundError:
        pass
    except PermissionError:  # not ours (a shared mount…): say so rather than stop
        log.warning("%s is readable by other accounts and cannot be changed", path)


def private_media_root(root: Path) -> Path:
    """The media folder, created 0700 or closed if it exists more open."""
    private_dir(root)
    close_up(root)
    return root


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (0600, even over an existing file), creating its folders 0700."""
    private_dir(path.parent)
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(handle, "wb") as out:
        os.fchmod(out.fileno(), PRIVATE_FILE)
        out.write(data)


def private_database_file(path: Path) -> None:
    """Create the SQLite file 0600 before SQLite opens it (its ``-wal`` and ``-shm`` files
    then take the same mode), or close an existing one and its companions."""
    private_dir(path.parent)
    handle = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE)
    os.close(handle)
    for companion in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        close_up(companion)
