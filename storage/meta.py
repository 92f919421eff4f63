"""Installation facts kept in the ``meta`` table."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from storage.db import Database
from storage.sql import upsert
from storage.tables import META

_META: Any = META


SIGNING = "signing_secret"
PREVIOUS = "signing_secret_previous"
PREVIOUS_UNTIL = "signing_secret_previous_until"
#: What :meth:`~bot.engine.action_ids.ActionSigner.derive` is keyed by once the signing secret has
#: been rotated: the first signing secret, kept, because giveaway commitments already
#: published were derived from it and must stay verifiable.
DERIVATION = "derivation_secret"


@dataclass(frozen=True, slots=True)
class SigningKeys:
    """The button-signing secret, the one it replaced (accepted until ``previous_until``),
    and the key of derived secrets (the signing secret itself until the first rotation)."""

    current: bytes
    previous: bytes | None = None
    previous_until: datetime | None = None
    derivation: bytes | None = None


async def signing_secret(db: Database) -> bytes:
    """The secret that signs button action ids, created once per database."""
    return await _secret(db, SIGNING)


async def signing_keys(db: Database) -> SigningKeys:
    """The current signing secret (created if needed) and what rotation left beside it."""
    current = await signing_secret(db)
    async with db.reading() as conn:
        rows = await conn.execute(
            select(_META.c.key, _META.c.value).where(
                _META.c.key.in_((PREVIOUS, PREVIOUS_UNTIL, DERIVATION))
            )
        )
        values = {str(key): str(value) for key, value in rows.all()}
    return _keys(current, values)


async def rotate_signing_secret(db: Database, now: datetime, grace: timedelta) -> SigningKeys:
    """Replace the signing secret with a new random one; the old one stays accepted for
    ``grace`` (a second rotation within it forgets the first one's predecessor)."""
    old = await signing_secret(db)
    async with db.transaction() as conn:
        await conn.execute(
            upsert(conn, _META)
            .values(key=DERIVATION, value=old.hex())
            .on_conflict_do_nothing(index_elements=["key"])
        )
        changes = {
            SIGNING: secrets.token_hex(32),
            PREVIOUS: old.hex(),
            PREVIOUS_UNTIL: (now + grace).astimezone(UTC).isoformat(),
        }
        for key, value in changes.items():
            await conn.execute(
                upsert(conn, _META)
                .values(key=key, value=value)
                .on_conflict_do_update(index_elements=["key"], set_={"value": value})
            )
        rows = await conn.execute(select(_META.c.key, _META.c.value))
        values = {str(key): str(value) for key, value in rows.all()}
    return _keys(bytes.fromhex(values[SIGNING]), values)


def _keys(current: bytes, values: dict[str, str]) -> SigningKeys:
    until = values.get(PREVIOUS_UNTIL)
    previous, derivation = values.get(PREVIOUS), values.get(DERIVATION)
    return SigningKeys(
        current,
        bytes.fromhex(previous) if previous else None,
        datetime.fromisoformat(until) if until else None,
        bytes.fromhex(derivation) if derivation else None,
    )


async def pseudonym_secret(db: Database, campaign_id: str) -> bytes:
    """The key of one campaign's pseudonyms in exports and reports, derived from a secret
    created once per database: a member has the same pseudonym in every export and report of
    the campaign, another in each other campaign (so that the names one campaign shows, an
    idea box's authors, cannot un-mask another's anonymous ballots), and nobody without the
    database can link any back to them."""
    secret = await _secret(db, "pseudonym_secret")
    return hmac.new(secret, f"campaign:{campaign_id}".encode(), hashlib.sha256).digest()


async def _secret(db: Database, name: str) -> bytes:
    async with db.transaction() as conn:
        await conn.execute(
            upsert(conn, _META)
            .values(key=name, value=secrets.token_hex(32))
            .on_conflict_do_nothing(index_elements=["key"])
        )
        value = (await conn.execute(select(_META.c.value).where(_META.c.key == name))).scalar_one()
    return bytes.fromhex(value)
