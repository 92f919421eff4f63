"""The contest's commands: members submit (a form on Slack, a photo cannot be typed), vote,
score as a jury, report an entry; moderators review entries and redraw a giveaway."""

from __future__ import annotations

from bot.engine.command_specs import CAMPAIGN, ENTRY, REASON, CommandSpec, Form, Param
from campaigns.shared.commands import VOTE

__all__ = ["APPROVE", "REDRAW", "REJECT", "REMOVE", "REPORT", "SCORE", "SUBMIT", "VOTE"]

SUBMIT = CommandSpec(
    "submit",
    params=(CAMPAIGN, Param("photo", kind="attachment"), Param("title", rest=True)),
    form=Form("contest", always=True),
)
SCORE = CommandSpec("score", params=(ENTRY, Param("points", required=True)))
REPORT = CommandSpec("report", params=(ENTRY,))
APPROVE = CommandSpec("approve", moderator=True, params=(ENTRY,))
REJECT = CommandSpec("reject", moderator=True, params=(ENTRY, REASON))
REMOVE = CommandSpec("remove", moderator=True, params=(ENTRY, REASON))
REDRAW = CommandSpec(
    "redraw", moderator=True, params=(CAMPAIGN, Param("rank"), Param("reason", rest=True))
)
