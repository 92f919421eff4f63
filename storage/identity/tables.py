"""Tables of linked accounts: persons, the links that join accounts to them, one-time codes.

A ``person`` is a number that several participant rows (one per platform) are linked to. A
link is never edited but to close it (``unlinked_at``): what counts in a round is every link
active at any time since the round opened (see :mod:`storage.identity.voices`), so the
history is kept. One open link per account is a partial unique index. Codes are stored
hashed; failed attempts are counted per account, so guessing is rate-limited.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Table, text
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


def _utc(**kwargs: object) -> object:
    return Field(sa_column=Column(UTCDateTime(), **kwargs))  # type: ignore[arg-type]


class Person(SQLModel, table=True):
    """One person: the accounts linked to it count as one voice where a campaign says so."""

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = _utc(nullable=False)  # type: ignore[assignment]


class PersonLink(SQLModel, table=True):
    """An account joined to a person from ``linked_at`` until ``unlinked_at`` (open: None)."""

    __tablename__ = "person_link"
    __table_args__ = (
        Index(
            "uq_person_link_open",
            "participant_id",
            unique=True,
            sqlite_where=text("unlinked_at IS NULL"),
            postgresql_where=text("unlinked_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    linked_at: datetime = _utc(nullable=False)  # type: ignore[assignment]
    unlinked_at: datetime | None = _utc(nullable=True)  # type: ignore[assignment]


class LinkCode(SQLModel, table=True):
    """A one-time code issued to an account by ``/link``, stored as its SHA-256."""

    __tablename__ = "link_code"

    code_hash: str = Field(primary_key=True, max_length=64)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    issued_at: datetime = _utc(nullable=False)  # type: ignore[assignment]
    expires_at: datetime = _utc(nullable=False)  # type: ignore[assignment]
    used_at: datetime | None = _utc(nullable=True)  # type: ignore[assignment]


class LinkAttempt(SQLModel, table=True):
    """A ``/link CODE`` that named no valid code: counted per account for the rate limit."""

    __tablename__ = "link_attempt"

    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    at: datetime = _utc(nullable=False)  # type: ignore[assignment]


def _table(model: type[SQLModel]) -> Table:
    return model.__table__  # type: ignore[attr-defined,no-any-return]


PERSON = _table(Person)
PERSON_LINK = _table(PersonLink)
LINK_CODE = _table(LinkCode)
LINK_ATTEMPT = _table(LinkAttempt)
