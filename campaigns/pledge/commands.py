"""The pledge's commands: a member pledges an amount (or picks a tier) and withdraws it."""

from __future__ import annotations

from bot.engine.command_specs import CAMPAIGN, CommandSpec, Param

PLEDGE = CommandSpec("pledge", params=(CAMPAIGN, Param("amount", rest=True)))
WITHDRAW = CommandSpec("withdraw", params=(CAMPAIGN,))
