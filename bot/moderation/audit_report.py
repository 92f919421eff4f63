"""``chorus audit <campaign>``: the campaign's audit log, read-only, as text or JSON.

The log holds every state transition and moderator action with who did it and when; Chorus
offers no way to edit it (only the retention purge of a later version removes rows). Rounds are
shown by the number members see (round 1, 2…), and actions by their name in the reader's
language (``audit.action.<action>`` in the catalogs; an action without one is shown as stored).
"""

from __future__ import annotations

import json

from bot.config.model import Config
from bot.engine.i18n import Translator
from storage.db import Database
from storage.moderation.audit import round_numbers
from storage.rounds import audit_log
from storage.tables import AuditEntry


async def show_audit(config: Config, campaign_id: str, fmt: str, t: Translator) -> int:
    """Print the audit log of ``campaign_id`` as ``text`` or ``json``; return the exit code."""
    campaign = config.campaign(campaign_id)
    if campaign is None:
        print(t("error.unknown_campaign", campaign=campaign_id))
        return 2
    db = Database.connect(config.database_url())
    try:
        await db.migrate()
        entries = await audit_log(db, campaign.id)
        numbers = await round_numbers(db, campaign.id)
    finally:
        await db.close()
    if fmt == "json":
        listed = [_as_dict(e, numbers) for e in entries]
        print(json.dumps(listed, ensure_ascii=False, indent=2))
        return 0
    if not entries:
        print(t("audit.empty", campaign=campaign.id))
        return 0
    zone = campaign.zone(config.bot)
    print(t("audit.title", campaign=campaign.id, count=len(entries)))
    for entry in entries:
        change = " → ".join(p for p in (entry.before, entry.after) if p)  # a state, or a move
        parts = [
            t.datetime(entry.at, zone),
            entry.actor,
            action_name(entry.action, t),
            t("audit.round", number=numbers.get(entry.round_id, entry.round_id))
            if entry.round_id
            else "",
            change,
            entry.detail,
        ]
        print(" · ".join(p for p in parts if p))
    return 0


def action_name(action: str, t: Translator) -> str:
    """An audit action as the reader says it (the stored name when it has no translation)."""
    key = f"audit.action.{action}"
    return t(key) if key in t.catalogs.keys(t.locale) else action


def _as_dict(entry: AuditEntry, numbers: dict[int, int]) -> dict[str, object]:
    return {
        "at": entry.at.isoformat(),
        "actor": entry.actor,
        "action": entry.action,
        "round": None if entry.round_id is None else numbers.get(entry.round_id),
        "round_id": entry.round_id,
        "before": entry.before,
        "after": entry.after,
        "detail": entry.detail,
    }
