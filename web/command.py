"""``/dashboard``: a moderator (or owner, or analyst) gets a one-time login link, privately;
anyone else is refused as for any moderator command.

The campaigns granted are decided here, with the chat's rule (:func:`web.people.grants_for`):
a chat administrator asking in a campaign's group gets the campaigns of that community.
"""

from __future__ import annotations

from bot.engine.command_specs import CommandSpec
from bot.engine.context import Context
from bot.engine.routes import Route, command
from bot.model.errors import BadInput, NotAllowed
from bot.model.events import Event
from web.links import LINK_LIFETIME, issue_link
from web.people import WebUser, grants_for

DASHBOARD = CommandSpec("dashboard", moderator=True)


def dashboard_routes() -> list[Route]:
    """The ``/dashboard`` route."""
    return [command(DASHBOARD, _dashboard)]


async def _dashboard(event: Event, ctx: Context) -> None:
    runtime = ctx.runtime
    # the chat's own rule, campaign by campaign (bot.engine.access.permissions.role_of):
    # listed moderators and owners, and administrators of a community where the campaign runs
    grants = await grants_for(runtime, event)
    if not grants:
        raise NotAllowed("error.not_moderator")
    if not runtime.config.web.enabled:
        raise BadInput("web.command.disabled")
    url = await issue_link(runtime, WebUser(event.user.key, event.user.name, grants))
    minutes = int(LINK_LIFETIME.total_seconds() // 60)
    await ctx.reply(ctx.t("web.command.link", url=url, minutes=minutes, count=len(grants)))
