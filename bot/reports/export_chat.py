"""``/export [campaign] [csv|json] [participants] [names]``: an export sent privately.

A moderator asks in chat and receives the file in a private message (a ``Direct`` through the
outbox, with the export as a :class:`~bot.model.actions.File`), never in the channel. Exports are
pseudonymised; ``names`` (identities included) is for the campaign's owners only — the brand,
who answers for the personal data. Each export is written to the audit log. Files live under
``<media>/exports`` and are deleted a day later by the scheduler's sweep
(:func:`bot.delivery.private_files.purge_export_files`).
"""

from __future__ import annotations

import asyncio
import hashlib

from bot.delivery.private_files import asked_from, write_private_file
from bot.engine.command_specs import CAMPAIGN, CommandSpec, Param
from bot.engine.context import Context
from bot.engine.routes import Route, command
from bot.model.actions import File, Message
from bot.model.errors import BadInput
from bot.model.events import CommandInvoked, Event
from bot.reports.export import Format, TableName, build_export
from storage.delivery.outbox import OutboxItem
from storage.moderation.audit import record_action

MIME = {"csv": "text/csv", "json": "application/json"}


EXPORT = CommandSpec("export", moderator=True, params=(CAMPAIGN, Param("what", rest=True)))


def export_routes() -> list[Route]:
    """The ``/export`` route."""
    return [command(EXPORT, _export)]


async def _export(event: Event, ctx: Context) -> None:
    args = [a.lower() for a in (event.args if isinstance(event, CommandInvoked) else ())]
    campaign_id = args.pop(0) if args and ctx.runtime.campaign(args[0]) is not None else None
    campaign = ctx.campaign(campaign_id)
    await ctx.require_moderator(campaign)
    unknown = [a for a in args if a not in ("csv", "json", "participants", "records", "names")]
    if unknown:
        raise BadInput("export.chat.usage")
    fmt: Format = "json" if "json" in args else "csv"
    table: TableName = "participants" if "participants" in args else "records"
    names = "names" in args
    if names:
        await ctx.require_owner(campaign)
    text, number = await build_export(ctx.runtime.db, campaign, fmt, table=table, names=names)
    stem = f"{campaign.id}-{table}" + (f"-round{number}" if number else "")
    path = await asyncio.to_thread(write_private_file, ctx.runtime, stem, fmt, text)
    user = event.user
    message = Message(
        ctx.t("export.chat.file", campaign=campaign.title, table=ctx.t(f"export.table.{table}")),
        file=File(str(path), f"{stem}.{fmt}", MIME[fmt]),
    )
    key = hashlib.sha256(f"{event.platform}:{event.delivery_id}".encode()).hexdigest()[:20]
    item = OutboxItem(None, f"export-{key}", user.private_channel, asked_from(message, event))
    done = await record_action(
        ctx.runtime.db,
        (event.platform, f"export:{event.delivery_id}"),
        [item],
        at=ctx.runtime.clock.now(),
        actor=user.key,
        campaign_id=campaign.id,
        action="export",
        after=f"{table} {fmt}",
        detail="identities included" if names else "pseudonymised",
    )
    if not done:
        path.unlink(missing_ok=True)
        return
    await ctx.reply(ctx.t("export.chat.sent"))
