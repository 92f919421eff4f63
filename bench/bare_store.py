"""``--bare-stores``: the bare loops keep each vote, as the least poll bot that counts must.

The fair baseline of ``bench/slack.py`` and ``bench/discord.py`` acknowledges and confirms a
press and stores nothing. With ``--bare-stores`` (passed to the bare bot's process as
:data:`STORE`, a SQLite file), it also writes the press's vote to that file and commits it
before confirming: one ``INSERT OR REPLACE`` and one commit per vote through one aiosqlite
connection, in WAL mode with ``synchronous=FULL`` as Chorus's own file — the straightforward
code, without the group commit Chorus uses. Chorus's ratio against it says what Chorus costs
beyond keeping the vote.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

import aiosqlite

STORE = "CHORUS_BENCH_BARE_STORE"


class VoteStore:
    """The bare bot's votes, one row per member."""

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._connection = connection

    @classmethod
    async def from_environment(cls) -> VoteStore | None:
        """The store named by :data:`STORE`, opened; None when the bare bot stores nothing."""
        path = os.environ.get(STORE)
        if not path:
            return None
        connection = await aiosqlite.connect(path)
        await connection.execute("PRAGMA journal_mode=WAL")
        await connection.execute("PRAGMA synchronous=FULL")
        await connection.execute(
            "CREATE TABLE IF NOT EXISTS vote (member TEXT PRIMARY KEY, option TEXT NOT NULL)"
        )
        await connection.commit()
        return cls(connection)

    async def record(self, member: str, option: str) -> None:
        """Keep ``member``'s vote (replacing an earlier one), committed."""
        vote = (member, option)
        await self._connection.execute("INSERT OR REPLACE INTO vote VALUES (?, ?)", vote)
        await self._connection.commit()

    async def close(self) -> None:
        await self._connection.close()


def stored(path: Path) -> int:
    """How many members' votes the bare bot kept in ``path``."""
    if not path.exists():
        return 0
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return int(connection.execute("SELECT count(*) FROM vote").fetchone()[0])
