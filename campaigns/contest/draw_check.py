"""``chorus verify-draw``: recompute a giveaway's draws from what it made public.

Checks, for the campaign's latest drawn round (or a given round number): the revealed seed
hashes to the commitment recorded at the close and the commitment appears in the opening
message as posted; the sorted entrant list hashes to the published entrant hash; replaying the
draw function (:mod:`campaigns.shared.draws`) gives the recorded winners, re-draws included, in
order.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from bot.engine.i18n import Translator
from campaigns.shared.draws import commitment, entrants_hash, replay
from storage.contest.awards import awards_of, entrants_of, reveal_of
from storage.db import Database
from storage.tables import GIVEAWAY, OUTBOX, ROUND

_ROUND: Any = ROUND
_GIVEAWAY: Any = GIVEAWAY
_OUTBOX: Any = OUTBOX


@dataclass(frozen=True, slots=True)
class DrawCheck:
    """What ``verify-draw`` found; ``ok`` when every check holds."""

    round_number: int
    seed: str
    commitment: str
    commitment_ok: bool
    published: bool
    entrants: list[str]
    entrants_hash: str
    hash_ok: bool
    recorded: list[str] = field(default_factory=list)
    recomputed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            self.commitment_ok
            and self.published
            and self.hash_ok
            and self.recorded == self.recomputed
        )


async def check_draw(db: Database, campaign_id: str, number: int | None = None) -> DrawCheck | None:
    """Recompute the draws of a campaign's round; None when it has no revealed draw."""
    async with db.reading() as conn:
        query = (
            select(_ROUND.c.id, _ROUND.c.number)
            .select_from(_ROUND.join(_GIVEAWAY, _GIVEAWAY.c.round_id == _ROUND.c.id))
            .where(_ROUND.c.campaign_id == campaign_id)
            .order_by(_ROUND.c.number.desc())
        )
        if number is not None:
            query = query.where(_ROUND.c.number == number)
        row = (await conn.execute(query.limit(1))).first()
        if row is None:
            return None
        openings = (
            await conn.execute(
                select(_OUTBOX.c.payload).where(
                    _OUTBOX.c.round_id == row.id, _OUTBOX.c.kind == "opening"
                )
            )
        ).scalars()
        texts = [str(json.loads(payload).get("text", "")) for payload in openings]
    reveal = await reveal_of(db, row.id)
    assert reveal is not None
    entrants = sorted(e.key for e in await entrants_of(db, row.id))
    recorded = [a.winner.key for a in await awards_of(db, row.id)]
    return DrawCheck(
        round_number=row.number,
        seed=reveal.seed,
        commitment=reveal.commitment,
        commitment_ok=commitment(reveal.seed) == reveal.commitment,
        published=any(reveal.commitment in text for text in texts),
        entrants=entrants,
        entrants_hash=reveal.entrants_hash,
        hash_ok=entrants_hash(entrants) == reveal.entrants_hash,
        recorded=recorded,
        recomputed=replay(reveal.seed, entrants, recorded),
    )


async def verify_draw(
    database_url: str,
    campaign_id: str,
    number: int | None,
    show_entrants: bool,
    t: Translator,
    *,
    as_json: bool = False,
) -> int:
    """Print the checks of :func:`check_draw` (as text, or as one JSON document); exit code 0
    when the draw is verified, 1 when a check fails, 2 when there is no draw to check."""
    db = Database.connect(database_url)
    try:
        await db.migrate()  # a database an older version left
        check = await check_draw(db, campaign_id, number)
    finally:
        await db.close()
    if as_json:
        document = draw_document(campaign_id, check, show_entrants, t)
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return 2 if check is None else 0 if check.ok else 1
    if check is None:
        print(t("contest.verify.none", campaign=campaign_id))
        return 2
    mark = {True: "✓", False: "✗"}
    print(t("contest.verify.round", campaign=campaign_id, number=check.round_number))
    print(f"{mark[check.commitment_ok]} " + t("contest.verify.seed", seed=check.seed))
    print(f"{mark[check.published]} " + t("contest.verify.commitment", commitment=check.commitment))
    print(
        f"{mark[check.hash_ok]} "
        + t("contest.verify.entrants", count=len(check.entrants), hash=check.entrants_hash)
    )
    for n, (recorded, recomputed) in enumerate(zip(check.recorded, check.recomputed, strict=False)):
        print(
            f"{mark[recorded == recomputed]} "
            + t("contest.verify.winner", number=n, recorded=recorded, recomputed=recomputed)
        )
    if show_entrants:
        print("\n".join(check.entrants))
    print(t("contest.verify.ok" if check.ok else "contest.verify.failed"))
    return 0 if check.ok else 1


def draw_document(
    campaign_id: str, check: DrawCheck | None, show_entrants: bool, t: Translator
) -> dict[str, Any]:
    """``chorus verify-draw --json``: every check and its outcome; ``verified`` sums them up."""
    if check is None:
        message = t("contest.verify.none", campaign=campaign_id)
        return {"campaign": campaign_id, "verified": False, "error": "no_draw", "message": message}
    winners = [
        {"number": n, "recorded": recorded, "recomputed": recomputed, "ok": recorded == recomputed}
        for n, (recorded, recomputed) in enumerate(
            zip(check.recorded, check.recomputed, strict=False)
        )
    ]
    document: dict[str, Any] = {
        "campaign": campaign_id,
        "round": check.round_number,
        "verified": check.ok,
        "seed": check.seed,
        "commitment": check.commitment,
        "seed_matches_commitment": check.commitment_ok,
        "commitment_published": check.published,
        "entrant_count": len(check.entrants),
        "entrants_hash": check.entrants_hash,
        "entrants_hash_ok": check.hash_ok,
        "winners": winners,
        "same_winner_count": len(check.recorded) == len(check.recomputed),
    }
    if show_entrants:
        document["entrants"] = check.entrants
    return document
