"""One list of commands feeds help texts and platform menus; it matches the routes."""

from __future__ import annotations

from bot.app import chat_routes
from bot.engine.command_specs import COMMANDS, respell, routed
from campaigns import all_kinds
from tests.conftest import StartApp
from tests.factories import command, member, poll_config


def _routed_names() -> set[str]:
    routes = chat_routes()
    for kind in all_kinds().values():
        routes.extend(kind.routes())
    return {r.command for r in routes if r.command is not None}


def test_every_command_route_is_described() -> None:
    described = {c.name for c in COMMANDS}

    assert _routed_names() - described == set()


def test_rest_parameters_come_last() -> None:
    for spec in COMMANDS:
        rest = [p for p in spec.params if p.rest]
        assert len(rest) <= 1, spec.name
        if rest:
            texts = [p for p in spec.params if p.kind == "text"]
            assert texts[-1] is rest[0], spec.name


async def test_help_lists_only_commands_that_are_handled(start_app: StartApp) -> None:
    running = await start_app(poll_config())

    await running.adapter.push(command(member("alice"), "help"))

    text = running.adapter.replies_to("alice")[-1]
    listed = {line.split(" ")[0][1:] for line in text.splitlines() if line.startswith("/")}
    assert listed == {c.name for c in routed(_routed_names()) if not c.moderator}


def test_respell_rewrites_only_chorus_commands() -> None:
    text = "Vote with /vote 2, see /results (or https://example.com/vote); /unknown stays."

    spelt = respell(text, lambda c: f"/chorus {c.name}")

    assert spelt == (
        "Vote with /chorus vote 2, see /chorus results (or https://example.com/vote); "
        "/unknown stays."
    )
