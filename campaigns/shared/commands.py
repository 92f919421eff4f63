"""Commands more than one kind answers: ``/vote`` is a poll's and a contest's (the contest's
route comes first and hands a campaign of another kind over)."""

from __future__ import annotations

from bot.engine.command_specs import CAMPAIGN, CommandSpec, Param

VOTE = CommandSpec("vote", params=(CAMPAIGN, Param("choice", required=True, rest=True)))
