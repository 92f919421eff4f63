"""Each command is described once, beside its handler; the catalogue gathered from the routes
feeds help texts and platform menus."""

from __future__ import annotations

import pytest

from bot.app import chat_routes, every_command
from bot.engine.command_specs import CAMPAIGN, Commands, CommandSpec, Param
from campaigns import all_kinds
from tests.conftest import StartApp
from tests.factories import command, member, poll_config
from web.command import dashboard_routes

COMMANDS = every_command()


def _routed_names() -> set[str]:
    routes = [*chat_routes(), *dashboard_routes()]
    for kind in all_kinds().values():
        routes.extend(kind.routes())
    return {r.command for r in routes if r.command is not None}


def test_every_command_route_is_in_the_catalogue_once() -> None:
    names = [c.name for c in COMMANDS]

    assert set(names) == _routed_names()
    assert len(names) == len(set(names))


def test_the_catalogue_lists_the_cores_commands_first_and_members_before_moderators() -> None:
    names = [c.name for c in COMMANDS]
    moderators = [c.moderator for c in COMMANDS]

    assert names[:3] == ["help", "campaigns", "results"]
    assert moderators == sorted(moderators)


def test_rest_parameters_come_last() -> None:
    for spec in COMMANDS:
        rest = [p for p in spec.params if p.rest]
        assert len(rest) <= 1, spec.name
        if rest:
            texts = [p for p in spec.params if p.kind == "text"]
            assert texts[-1] is rest[0], spec.name


def test_two_kinds_may_share_a_command_but_not_describe_it_twice() -> None:
    vote = CommandSpec("vote", params=(CAMPAIGN, Param("choice", required=True, rest=True)))
    other = CommandSpec("vote", params=(Param("entry", required=True),))

    assert Commands.gather((vote, vote)).specs == (vote,)
    with pytest.raises(ValueError, match="/vote"):
        Commands.gather((vote, other))


async def test_help_lists_only_commands_that_are_handled_here(start_app: StartApp) -> None:
    running = await start_app(poll_config())

    await running.adapter.push(command(member("alice"), "help"))

    text = running.adapter.replies_to("alice")[-1]
    listed = {line.split(" ")[0][1:] for line in text.splitlines() if line.startswith("/")}
    members = {c.name for c in COMMANDS.only(_routed_names()) if not c.moderator}
    other_kinds = {"submit", "report", "score", "idea", "ideas", "contributors", "pledge"}
    assert listed == members - other_kinds - {"withdraw"}  # a poll alone runs here
    assert {"vote", "results", "help", "mydata"} <= listed


def test_respell_rewrites_only_chorus_commands() -> None:
    text = "Vote with /vote 2, see /results (or https://example.com/vote); /unknown stays."

    spelt = COMMANDS.respell(text, lambda c: f"/chorus {c.name}")

    assert spelt == (
        "Vote with /chorus vote 2, see /chorus results (or https://example.com/vote); "
        "/unknown stays."
    )
