"""``/link``, ``/link CODE`` and ``/unlink <platform>``: one person behind several accounts.

``/link`` shows the accounts linked to the member's and sends them privately, through the
outbox, a one-time code valid 10 minutes; ``/link CODE`` typed from an account on another
platform joins both accounts to one person. In the running rounds of campaigns that count
people (``one_voice = "person"``), what both accounts recorded is merged in the same
transaction by each kind's rules (:mod:`storage.identity.merge`), and the member is told.
``/unlink <platform>`` takes that platform's account out of the person, for rounds opening
from then on (see :mod:`storage.identity.voices`). Storage does the counting, rate limits and
auditing (:mod:`storage.identity.links`).
"""

from __future__ import annotations

import hashlib

from bot.engine.command_specs import CommandSpec, Param
from bot.engine.context import Context
from bot.engine.core_commands import command_args
from bot.engine.kinds import merge_rules
from bot.engine.routes import Route, command
from bot.engine.runtime import Runtime
from bot.model.actions import Message
from bot.model.errors import BadInput, NotAllowed
from bot.model.events import Event
from bot.model.states import LIVE_ROUND
from storage.delivery.outbox import OutboxItem, post_once
from storage.identity.links import (
    CODE_LIFETIME,
    Account,
    Linked,
    LinkResult,
    Unlinked,
    issue_code,
    new_code,
    redeem_code,
    unlink,
)
from storage.rounds import rounds_in

LINK = CommandSpec("link", params=(Param("code"),))
UNLINK = CommandSpec("unlink", params=(Param("platform", required=True),))


def link_routes() -> list[Route]:
    """``/link`` (with or without a code) and ``/unlink``."""
    return [command(LINK, _link), command(UNLINK, _unlink)]


def _key(event: Event) -> str:
    return hashlib.sha256(f"{event.platform}:{event.delivery_id}".encode()).hexdigest()[:20]


def _refuse_anonymous(event: Event) -> None:
    if event.user.anonymous:
        raise NotAllowed("error.anonymous_participant")


def describe(ctx: Context, accounts: list[Account]) -> str:
    """The member's linked accounts, one line each, or that there are none."""
    if len(accounts) < 2:
        return ctx.t("link.none")
    lines = [ctx.t("link.accounts")]
    lines += [ctx.t("link.account", platform=a.platform, name=a.name) for a in accounts]
    return "\n".join(lines)


async def _link(event: Event, ctx: Context) -> None:
    _refuse_anonymous(event)
    args = command_args(event)
    if args:
        await _redeem(event, ctx, "".join(args))
        return
    code = new_code()
    minutes = int(CODE_LIFETIME.total_seconds() // 60)
    text = ctx.t("link.code", code=code, minutes=minutes)
    notice = OutboxItem(
        None, f"link-{_key(event)}", event.user.private_channel, Message(text).to_dict()
    )
    runtime = ctx.runtime
    issued = await issue_code(
        runtime.db,
        event.user,
        code,
        (event.platform, f"link:{event.delivery_id}"),
        runtime.clock.now(),
        notice,
    )
    if issued is None:
        return
    sent = ctx.t("link.code_sent", minutes=minutes) if issued.stored else ctx.t("link.too_many")
    await ctx.reply(f"{describe(ctx, issued.accounts)}\n{sent}")


async def _redeem(event: Event, ctx: Context, code: str) -> None:
    runtime = ctx.runtime
    live = [
        r.id
        for r in await rounds_in(runtime.db, LIVE_ROUND)
        if (c := runtime.campaign(r.campaign_id)) is not None and c.counts_people
    ]
    result = await redeem_code(
        runtime.db,
        event.user,
        code,
        (event.platform, f"link:{event.delivery_id}"),
        runtime.clock.now(),
        live,
        merge_rules(runtime),
    )
    if result.outcome is Linked.REDELIVERED:
        return
    if result.outcome is not Linked.LINKED or result.other is None:
        raise BadInput(f"link.refused.{result.outcome.value}")
    await _tell_other(runtime, event, result)
    lines = [ctx.t("link.linked", platform=result.other.platform, name=result.other.name)]
    if result.rounds:
        lines.append(ctx.t("link.merged", rounds=result.rounds, dropped=result.merged))
    await ctx.reply("\n".join(lines))


async def _tell_other(runtime: Runtime, event: Event, result: LinkResult) -> None:
    """Tell the account that issued the code, privately and in its language, once."""
    assert result.other is not None
    other = result.other.member
    t = runtime.translator(None, other.locale)
    text = t("link.linked", platform=event.user.platform, name=event.user.name)
    item = OutboxItem(None, f"linked-{_key(event)}", other.private_channel, Message(text).to_dict())
    await post_once(runtime.db, [item], runtime.clock.now())


async def _unlink(event: Event, ctx: Context) -> None:
    _refuse_anonymous(event)
    args = command_args(event)
    if len(args) != 1:
        raise BadInput("link.unlink_usage")
    platform = args[0].lower()
    outcome, account = await unlink(
        ctx.runtime.db,
        event.user,
        platform,
        (event.platform, f"unlink:{event.delivery_id}"),
        ctx.runtime.clock.now(),
    )
    if outcome is Unlinked.REDELIVERED:
        return
    if outcome is Unlinked.NOT_LINKED:
        raise BadInput("link.refused.not_linked")
    if outcome is Unlinked.NO_SUCH_PLATFORM or account is None:
        raise BadInput("link.refused.no_such_platform", platform=platform)
    await ctx.reply(ctx.t("link.unlinked", platform=account.platform, name=account.name))
