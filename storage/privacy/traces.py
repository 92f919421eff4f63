"""How one member shows in stored texts, and taking it out of them.

A member's name and id end up in texts Chorus wrote (copies of cards and results in the outbox,
audit details) and in texts she wrote (her ideas). Erasure replaces each of them by her
``alias``, the name of the placeholder that keeps her anonymised records (``#a1b2c3d4``), so a
post edited afterwards reads like the results shown from then on.

Names are matched as whole words, ignoring case, under every name she was seen with (her
participant row, her entries, giveaway entries and awards, and the name she has now). In texts
that are not about her, a name shorter than :data:`SHORT` letters is left alone: "Al" or "Jo"
would otherwise be cut out of every sentence that happens to contain it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.ideas.tables import IDEA
from storage.tables import AUDIT, AWARD, ENTRANT, ENTRY, MEDIA, PARTICIPANT

_MEMBER: Any = PARTICIPANT
_ENTRY: Any = ENTRY
_ENTRANT: Any = ENTRANT
_AWARD: Any = AWARD
_MEDIA: Any = MEDIA
_IDEA: Any = IDEA
_AUDIT: Any = AUDIT

#: Names shorter than this are replaced only in texts about the member herself.
SHORT = 3
#: A bare platform user id is replaced only from this length on (shorter ones are too common).
DISTINCT_ID = 5


@dataclass(frozen=True, slots=True)
class Traces:
    """What identifies one member in stored texts, gathered before her records go.

    ``entries`` and ``images`` are her contest entries and their photos (paths relative to the
    media folder): posts showing them are hers alone. ``ideas`` are the ideas she authored.
    """

    alias: str
    key: str
    user_id: str
    names: tuple[str, ...]
    entries: frozenset[int]
    images: frozenset[str]
    ideas: frozenset[int]

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


async def traces_of(
    conn: AsyncConnection, platform: str, user_id: str, names: Iterable[str], alias: str
) -> Traces:
    """Her traces, read inside the erasure's transaction before anything is deleted."""
    seen = {n for n in names if n}
    participant = (
        await conn.execute(
            select(_MEMBER.c.id, _MEMBER.c.display_name).where(
                _MEMBER.c.platform == platform, _MEMBER.c.user_id == user_id
            )
        )
    ).first()
    ideas: frozenset[int] = frozenset()
    if participant is not None:
        seen.add(str(participant.display_name))
        ideas = frozenset(
            int(i)
            for i in (
                await conn.execute(select(_IDEA.c.id).where(_IDEA.c.author_id == participant.id))
            ).scalars()
        )
    for table, column in ((_ENTRY, _ENTRY.c.author), (_ENTRANT, _ENTRANT.c.name)):
        seen |= {
            str(n)
            for n in (
                await conn.execute(
                    select(column).where(table.c.platform == platform, table.c.user_id == user_id)
                )
            ).scalars()
        }
    seen |= {
        str(n)
        for n in (
            await conn.execute(
                select(_AWARD.c.name).where(
                    _AWARD.c.platform == platform, _AWARD.c.user_id == user_id
                )
            )
        ).scalars()
    }
    entries = (
        await conn.execute(
            select(_ENTRY.c.id, _MEDIA.c.path)
            .select_from(_ENTRY.outerjoin(_MEDIA, _MEDIA.c.sha256 == _ENTRY.c.media_sha256))
            .where(_ENTRY.c.platform == platform, _ENTRY.c.user_id == user_id)
        )
    ).all()
    return Traces(
        alias=alias,
        key=f"{platform}:{user_id}",
        user_id=user_id,
        names=tuple(sorted(seen)),
        entries=frozenset(int(e.id) for e in entries),
        images=frozenset(str(e.path) for e in entries if e.path is not None),
        ideas=ideas,
    )


async def scrub_ideas(conn: AsyncConnection, traces: Traces) -> None:
    """Her ideas stay (others upvoted, answered or merged them) but lose her name wherever
    she or a moderator wrote it: title, text and the brand's answer."""
    if not traces.ideas:
        return
    rows = (
        await conn.execute(
            select(_IDEA.c.id, _IDEA.c.title, _IDEA.c.body, _IDEA.c.status_note).where(
                _IDEA.c.id.in_(sorted(traces.ideas))
            )
        )
    ).all()
    for row in rows:
        values = {
            column: traces.scrub(str(getattr(row, column)), about_her=True)
            for column in ("title", "body", "status_note")
        }
        if any(values[c] != getattr(row, c) for c in values):
            await conn.execute(_IDEA.update().where(_IDEA.c.id == row.id).values(**values))


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
