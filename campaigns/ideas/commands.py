"""The idea box's commands: members send an idea (a form on Slack when it comes without
words) and read the top ideas and contributors; moderators set a status, merge and hide."""

from __future__ import annotations

from bot.engine.command_specs import CAMPAIGN, CommandSpec, Form, Param
from bot.model.states import IdeaStatus

IDEA = CommandSpec(
    "idea",
    params=(CAMPAIGN, Param("image", kind="attachment"), Param("text", required=True, rest=True)),
    form=Form("ideas"),
)
IDEAS = CommandSpec("ideas", params=(CAMPAIGN, Param("top")))
CONTRIBUTORS = CommandSpec("contributors", params=(CAMPAIGN,))
SETSTATUS = CommandSpec(
    "setstatus",
    moderator=True,
    params=(
        Param("idea", required=True),
        Param(
            "new_status",
            required=True,
            choices=tuple(IdeaStatus),
            labels="ideas.status.{value}",
        ),
        Param("note", rest=True),
    ),
)
MERGE = CommandSpec(
    "merge", moderator=True, params=(Param("idea", required=True), Param("into", required=True))
)
HIDE = CommandSpec(
    "hide", moderator=True, params=(Param("idea", required=True), Param("reason", rest=True))
)
