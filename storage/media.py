"""The media store: cleaned images as content-addressed files, indexed in the ``media`` table.

A file is named by the SHA-256 of its (re-encoded) bytes — ``entries/ab/abcdef….jpg`` under the
configured media folder — so the same picture is stored once and a duplicate is a lookup. Files
are written before the database row that names them (write to a temporary name, then rename:
a reader never sees half a file); a file is removed only after the last row that names it is
deleted. A crash between the two leaves at worst an unreferenced file, never a row without its
file. Folders are 0700 and files 0600: members' photos are personal data.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.model.images import CleanImage
from storage.ideas.tables import IDEA
from storage.privacy.private_files import private_dir
from storage.sql import upsert
from storage.tables import ENTRY, MEDIA

_MEDIA: Any = MEDIA
_ENTRY: Any = ENTRY
_IDEA: Any = IDEA
FOLDER = "entries"


@dataclass(frozen=True, slots=True)
class StoredMedia:
    """A file in the store, and where the member's original came from."""

    sha256: str
    path: str
    mime_type: str
    width: int
    height: int
    size: int
    platform: str
    file_ref: str


class MediaStore:
    """Files under ``root`` (the config's media folder)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def relative(self, sha256: str, suffix: str) -> str:
        """Where a file with this hash lives, relative to the root."""
        return f"{FOLDER}/{sha256[:2]}/{sha256}.{suffix}"

    def absolute(self, relative: str) -> Path:
        return self.root / relative

    def write(self, sha256: str, suffix: str, data: bytes) -> str:
        """Store ``data`` (whose hash is ``sha256``) once; return its relative path."""
        relative = self.relative(sha256, suffix)
        target = self.absolute(relative)
        if target.is_file():
            return relative
        private_dir(target.parent)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".part-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        return relative

    def keep(self, image: CleanImage, platform: str, file_ref: str) -> StoredMedia:
        """Store a validated image (blocking: call it off the event loop) and describe it,
        with the platform's own reference to the member's original."""
        return StoredMedia(
            sha256=image.sha256,
            path=self.write(image.sha256, image.suffix, image.data),
            mime_type=image.mime_type,
            width=image.width,
            height=image.height,
            size=len(image.data),
            platform=platform,
            file_ref=file_ref,
        )

    def remove(self, relative: str) -> None:
        """Delete a file (already gone is fine)."""
        with contextlib.suppress(FileNotFoundError):
            self.absolute(relative).unlink()


async def record_media(conn: AsyncConnection, media: StoredMedia, now: datetime) -> None:
    """Index a stored file inside the caller's transaction (known hashes are left alone)."""
    await conn.execute(
        upsert(conn, _MEDIA)
        .values(
            sha256=media.sha256,
            path=media.path,
            mime_type=media.mime_type,
            width=media.width,
            height=media.height,
            size=media.size,
            platform=media.platform,
            file_ref=media.file_ref,
            created_at=now,
        )
        .on_conflict_do_nothing(index_elements=["sha256"])
    )


async def release_media(conn: AsyncConnection, sha256: str) -> str | None:
    """Drop the index row of a file no entry nor idea names any more; return the path to
    delete.

    Call it after deleting an entry, in the same transaction, and remove the returned file
    once the transaction committed.
    """
    users = (
        await conn.execute(
            select(func.count()).select_from(_ENTRY).where(_ENTRY.c.media_sha256 == sha256)
        )
    ).scalar_one()
    ideas = (
        await conn.execute(
            select(func.count()).select_from(_IDEA).where(_IDEA.c.media_sha256 == sha256)
        )
    ).scalar_one()
    if users or ideas:
        return None
    path = (
        await conn.execute(select(_MEDIA.c.path).where(_MEDIA.c.sha256 == sha256))
    ).scalar_one_or_none()
    await conn.execute(delete(_MEDIA).where(_MEDIA.c.sha256 == sha256))
    return None if path is None else str(path)


async def media_row(conn: AsyncConnection, sha256: str) -> StoredMedia | None:
    """The index row of a file."""
    row = (await conn.execute(select(_MEDIA).where(_MEDIA.c.sha256 == sha256))).first()
    if row is None:
        return None
    return StoredMedia(
        row.sha256,
        row.path,
        row.mime_type,
        row.width,
        row.height,
        row.size,
        row.platform,
        row.file_ref,
    )
