"""One-time dashboard login links, remembered so that each opens one session only.

A link carries its own signed payload (who, which campaigns, until when); the database keeps
only the hash of its random nonce, the hash of the member it was issued to (to count links per
member for the rate limit) and when it was issued, expires and was used. No member id or name
is stored here, so the table holds no personal data to export or erase. Using a link is a
compare-and-set on ``used_at``: of two concurrent uses, or a use after a restart, one wins.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, func, select
from sqlmodel import Field, SQLModel

from storage.db import Database
from storage.types import UTCDateTime


def _utc(**kwargs: object) -> object:
    return Field(sa_column=Column(UTCDateTime(), **kwargs))  # type: ignore[arg-type]


class WebLogin(SQLModel, table=True):
    """A login link issued for the dashboard."""

    __tablename__ = "web_login"

    nonce_hash: str = Field(primary_key=True, max_length=64)
    member_hash: str = Field(max_length=64, index=True)
    issued_at: datetime = _utc(nullable=False)  # type: ignore[assignment]
    expires_at: datetime = _utc(nullable=False)  # type: ignore[assignment]
    used_at: datetime | None = _utc(nullable=True)  # type: ignore[assignment]


WEB_LOGIN: Any = WebLogin.__table__  # type: ignore[attr-defined]


async def links_issued_since(db: Database, member_hash: str, since: datetime) -> int:
    """How many links the member was given since ``since`` (the rate limit counts them)."""
    async with db.reading() as conn:
        count = await conn.scalar(
            select(func.count())
            .select_from(WEB_LOGIN)
            .where(WEB_LOGIN.c.member_hash == member_hash, WEB_LOGIN.c.issued_at >= since)
        )
    return int(count or 0)


async def record_link(
    db: Database, nonce_hash: str, member_hash: str, issued_at: datetime, expires_at: datetime
) -> None:
    """Remember a link just issued (unused)."""
    async with db.transaction() as conn:
        await conn.execute(
            WEB_LOGIN.insert().values(
                nonce_hash=nonce_hash,
                member_hash=member_hash,
                issued_at=issued_at,
                expires_at=expires_at,
                used_at=None,
            )
        )


async def use_link(db: Database, nonce_hash: str, now: datetime) -> bool:
    """Mark the link used; False when it is unknown, already used, or expired at ``now``."""
    async with db.transaction() as conn:
        result = await conn.execute(
            WEB_LOGIN.update()
            .where(
                WEB_LOGIN.c.nonce_hash == nonce_hash,
                WEB_LOGIN.c.used_at.is_(None),
                WEB_LOGIN.c.expires_at > now,
            )
            .values(used_at=now)
        )
    return bool(result.rowcount == 1)


async def purge_links(db: Database, before: datetime) -> int:
    """Forget links that expired before ``before`` (used or not): they can open nothing."""
    async with db.transaction() as conn:
        result = await conn.execute(WEB_LOGIN.delete().where(WEB_LOGIN.c.expires_at < before))
    return int(result.rowcount or 0)
