"""Slack's modal forms follow the command specs: a kind's command that names a form gets one,
with its kind's campaigns in the menu, and the adapter needs no edit for it."""

from __future__ import annotations

from adapters.slack import blockkit, setup, translate
from bot.app import every_command
from bot.engine.command_specs import CAMPAIGN, Commands, CommandSpec, Form, Param
from tests.factories import poll_config

#: A command of the poll kind that a form stands for, as a kind would declare it.
GUESS = CommandSpec(
    "guess", params=(CAMPAIGN, Param("word", required=True, rest=True)), form=Form("poll")
)
COMMANDS = every_command()


def spec(name: str, commands: Commands = COMMANDS) -> CommandSpec:
    found = commands.spec(name)
    assert found is not None, name
    return found


def test_forms_are_the_commands_whose_spec_names_one() -> None:
    assert {c.name for c in COMMANDS if c.form is not None} == {"submit", "idea"}
    assert translate.needs_form(spec("submit"), ("title",))
    assert translate.needs_form(spec("idea"), ())
    assert not translate.needs_form(spec("idea"), ("text",))
    assert not translate.needs_form(spec("vote"), ())


def test_a_kinds_new_form_lists_its_campaigns_without_an_adapter_edit() -> None:
    commands = Commands.gather((*COMMANDS, GUESS))
    config = poll_config(channels=("slack:C0POLL01",))
    poll = config.campaigns[0]

    choices = setup.form_campaigns(config)

    assert choices == {"poll": [blockkit.FormCampaign(poll.id, poll.title, ("C0POLL01",))]}
    guess = spec("guess", commands)
    assert translate.needs_form(guess, ())
    assert not translate.needs_form(guess, ("blue",))
    view = blockkit.command_form(guess, "C0POLL01", [(poll.id, poll.title), ("b", "B")], str)
    assert [block["block_id"] for block in view["blocks"]] == ["campaign", "word"]
    assert translate.parse_command_text("guess summer deep blue", commands) == (
        "guess",
        ("summer", "deep blue"),
    )


def test_a_form_lists_only_campaigns_in_slack_channels() -> None:
    elsewhere = poll_config(channels=("telegram:-100",))

    assert setup.form_campaigns(elsewhere) == {}
