"""Members' privacy requests: ``/mydata`` and ``/mydata erase``.

Any member may ask for their own data (GDPR art. 15/20): a JSON file sent privately (a
``Direct`` with the file, through the outbox). ``/mydata erase`` (art. 17) asks for a
confirmation button first, then erases what :func:`storage.privacy.erasure.erase_person` describes,
asking each kind's hook (the ``MemberData`` capability) for its records; the audit log records
it per campaign with counts only, no identity. Retention (the purge of
ended campaigns) is :mod:`bot.privacy.retention`.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re

from bot.delivery.live import opening_edits
from bot.delivery.private_files import asked_from, export_folder, write_private_file
from bot.engine.command_specs import CommandSpec, Param
from bot.engine.context import Context
from bot.engine.kinds import member_data
from bot.engine.routes import Route, button, command
from bot.engine.runtime import Runtime
from bot.model.actions import Button, File, Message
from bot.model.errors import BadInput
from bot.model.events import CommandInvoked, Event
from bot.model.members import Member
from bot.model.states import LIVE_ROUND
from storage.delivery.outbox import OutboxItem, post_once
from storage.identity.links import linked_accounts
from storage.moderation.audit import record_action
from storage.privacy.erasure import erase_person, member_records
from storage.privacy.records import Erasure
from storage.rounds import rounds_in

ERASE = "me"


MYDATA = CommandSpec(
    "mydata", params=(Param("request", choices=("erase",), labels="request.{value}"),)
)


def privacy_routes() -> list[Route]:
    """``/mydata`` and its confirmation button."""
    return [command(MYDATA, _mydata), button(ERASE, _confirmed)]


def _tag(event: Event) -> str:
    """A short tag of the member, so a confirmation only erases the member who asked."""
    return hashlib.sha256(event.user.key.encode()).hexdigest()[:10]


async def _mydata(event: Event, ctx: Context) -> None:
    args = [a.lower() for a in (event.args if isinstance(event, CommandInvoked) else ())]
    if args == ["erase"]:
        confirm = ctx.runtime.signer.sign(ERASE, "erase", _tag(event))
        await ctx.reply(
            Message(
                ctx.t("privacy.erase.confirm"), (Button(ctx.t("privacy.erase.button"), confirm),)
            )
        )
        return
    if args:
        raise BadInput("privacy.usage")
    kinds = member_data(ctx.runtime)
    data = await member_records(ctx.runtime.db, event.user, kinds)
    others = [
        a for a in await linked_accounts(ctx.runtime.db, event.user) if a.member != event.user
    ]
    if others:
        data["linked_accounts"] = [
            await member_records(ctx.runtime.db, a.member, kinds) for a in others
        ]
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    stem = f"mydata-{_tag(event)}"
    path = await asyncio.to_thread(write_private_file, ctx.runtime, stem, "json", text)
    message = Message(
        ctx.t("privacy.file"), file=File(str(path), "my-chorus-data.json", "application/json")
    )
    key = hashlib.sha256(f"{event.platform}:{event.delivery_id}".encode()).hexdigest()[:20]
    item = OutboxItem(None, f"mydata-{key}", event.user.private_channel, asked_from(message, event))
    done = await record_action(
        ctx.runtime.db,
        (event.platform, f"mydata:{event.delivery_id}"),
        [item],
        at=ctx.runtime.clock.now(),
        actor="privacy",
        campaign_id=None,
        action="mydata",
        detail="a member's own data sent to them",
    )
    if done:
        await ctx.reply(ctx.t("privacy.sent"))


async def _confirmed(event: Event, ctx: Context) -> None:
    if ctx.action_args != ("erase", _tag(event)):
        raise BadInput("privacy.not_yours")
    runtime = ctx.runtime
    # the accounts linked to hers are the same person: erased with it, in one transaction
    erased = await erase_person(
        runtime.db,
        event.user,
        runtime.clock.now(),
        member_data(runtime),
        withdrawn=lambda campaign_id: _withdrawn(runtime, campaign_id),
    )
    for member, done in erased:
        await _after_erasure(runtime, member, done, event)
    removed = sum(sum(done.removed.values()) for _, done in erased)
    anonymised = sum(sum(done.anonymised.values()) for _, done in erased)
    await ctx.reply(ctx.t("privacy.erased", removed=removed, anonymised=anonymised), replace=True)


async def _after_erasure(runtime: Runtime, member: Member, done: Erasure, event: Event) -> None:
    """What lies outside the database, once an account's erasure committed: its photos,
    copies of its data, exports naming it; live openings that showed it are edited."""
    await runtime.participants_erased(member.platform, member.id)
    tag = _tag(event) if member.key == event.user.key else None
    await asyncio.to_thread(remove_files, runtime, tag, done.files)
    await asyncio.to_thread(_remove_exports_naming, runtime, member.id)
    touched = set(done.removed) | set(done.anonymised)
    running = [r.id for r in await rounds_in(runtime.db, LIVE_ROUND) if r.campaign_id in touched]
    edits = await opening_edits(runtime, running, f"er-{done.alias.lstrip('#')}")
    await post_once(runtime.db, edits, runtime.clock.now())


def _withdrawn(runtime: Runtime, campaign_id: str | None) -> str:
    """What stays of a deleted post where the platform refuses the deletion, in the
    campaign's language."""
    campaign = runtime.campaign(campaign_id) if campaign_id is not None else None
    return runtime.translator(campaign)("privacy.withdrawn")


def remove_files(runtime: Runtime, tag: str | None, media: list[str]) -> None:
    """Erased photos, and copies of the member's data sent by ``/mydata`` not purged yet."""
    root = runtime.config.media_dir()
    for relative in media:
        (root / relative).unlink(missing_ok=True)
    if tag is not None:
        for path in export_folder(runtime).glob(f"*-mydata-{tag}-*"):
            path.unlink(missing_ok=True)


def _remove_exports_naming(runtime: Runtime, user_id: str) -> None:
    """Exports with identities (``/export … names``) that list the member: the owner received
    them already, the copies waiting for the daily purge go now."""
    named = re.compile(rf"(?<!\w){re.escape(user_id)}(?!\w)")
    for path in export_folder(runtime).glob("*"):
        if path.is_file() and named.search(path.read_text(encoding="utf-8", errors="replace")):
            path.unlink(missing_ok=True)
