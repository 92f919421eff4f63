"""How one member shows in stored texts, and taking it out of them.

A member's name and id end up in texts Chorus wrote (copies of cards and results in the outbox,
audit details) and in texts she wrote (her ideas). Erasure replaces each of them by her
``alias``, the name of the placeholder that keeps her anonymised records (``#a1b2c3d4``), so a
post edited afterwards reads like the results shown from then on.

Names are matched as whole words, ignoring case, under every name she was seen with (her
participant row, the names the kinds' records kept — entries, giveaway entries, awards — and
the name she has now). In texts that are not about her, a name shorter than :data:`SHORT`
letters is left alone: "Al" or "Jo" would otherwise be cut out of every sentence that happens
to contain it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.tables import AUDIT

_AUDIT: Any = AUDIT

#: Names shorter than this are replaced only in texts about the member herself.
SHORT = 3
#: A bare platform user id is replaced only from this length on (shorter ones are too common).
DISTINCT_ID = 5


@dataclass(frozen=True, slots=True)
class Footprint:
    """How she shows in one kind's records, gathered before they change.

    ``names`` are names the records kept for her; ``hers`` and ``about`` are outbox kinds of
    posts (``entry-12`` covers ``entry-12``, ``entry-12-3``…): ``hers`` show what she alone
    made (her contest entry), ``about`` are about something of hers that stays (her idea);
    ``images`` are her photos (paths relative to the media folder).
    """

    names: frozenset[str] = frozenset()
    hers: frozenset[str] = frozenset()
    about: frozenset[str] = frozenset()
    images: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Traces:
    """What identifies one member in stored texts: her key, id and names, and the kinds'
    footprints merged."""

    alias: str
    key: str
    user_id: str
    names: tuple[str, ...]
    hers: frozenset[str] = frozenset()
    about: frozenset[str] = frozenset()
    images: frozenset[str] = frozenset()

    def is_hers(self, kind: str) -> bool:
        """Whether a post of this outbox kind shows what she alone made."""
        return _covered(kind, self.hers)

    def is_about_her(self, kind: str) -> bool:
        """Whether a post of this outbox kind is about something of hers."""
        return _covered(kind, self.about)

    def scrub(self, text: str, *, about_her: bool = False) -> str:
        """``text`` with her names and ids replaced by her alias."""
        pattern = self._pattern(about_her)
        return text if pattern is None else pattern.sub(self.alias, text)

    def _pattern(self, about_her: bool) -> re.Pattern[str] | None:
        tokens = [n for n in self.names if about_her or len(n) >= SHORT]
        tokens.append(self.key)
        if len(self.user_id) >= DISTINCT_ID or about_her:
            tokens.append(self.user_id)
        tokens = sorted({t for t in tokens if t.strip()}, key=len, reverse=True)
        if not tokens:
            return None
        words = "|".join(re.escape(t) for t in tokens)
        return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)


def _covered(kind: str, stems: frozenset[str]) -> bool:
    return kind in stems or any(kind.startswith(f"{stem}-") for stem in stems)


def traces_of(
    key: str, user_id: str, names: Iterable[str], alias: str, footprints: Iterable[Footprint]
) -> Traces:
    """Her traces: ``names`` she goes by and the kinds' footprints merged."""
    seen = {n for n in names if n}
    hers: set[str] = set()
    about: set[str] = set()
    images: set[str] = set()
    for footprint in footprints:
        seen |= footprint.names
        hers |= footprint.hers
        about |= footprint.about
        images |= footprint.images
    return Traces(
        alias=alias,
        key=key,
        user_id=user_id,
        names=tuple(sorted(seen)),
        hers=frozenset(hers),
        about=frozenset(about),
        images=frozenset(images),
    )


async def pseudonymise_audit(conn: AsyncConnection, traces: Traces, label: str) -> None:
    """Audit entries keep what happened but name her by ``label`` (the same in every entry,
    so a ban and its lifting still read as one story), as actor and in their details."""
    rows = (await conn.execute(select(_AUDIT.c.id, _AUDIT.c.actor, _AUDIT.c.detail))).all()
    for row in rows:
        actor = label[:100] if row.actor == traces.key else row.actor
        detail = traces.scrub(str(row.detail).replace(traces.key, label))
        if actor != row.actor or detail != row.detail:
            await conn.execute(
                _AUDIT.update().where(_AUDIT.c.id == row.id).values(actor=actor, detail=detail)
            )
