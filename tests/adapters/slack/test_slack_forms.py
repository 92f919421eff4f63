"""Slack's modal forms follow the command specs: a kind's command that names a form gets one,
with its kind's campaigns in the menu, and the adapter needs no edit for it."""

from __future__ import annotations

import pytest

from adapters.slack import blockkit, setup, translate
from bot.engine import command_specs
from bot.engine.command_specs import CAMPAIGN, CommandSpec, Form, Param
from tests.factories import poll_config

GUESS = CommandSpec(
    "guess", params=(CAMPAIGN, Param("word", required=True, rest=True)), form=Form("poll")
)


@pytest.fixture
def guess_command(monkeypatch: pytest.MonkeyPatch) -> CommandSpec:
    """A command of the poll kind that a form stands for, as a kind would declare it."""
    monkeypatch.setattr(command_specs, "COMMANDS", (*command_specs.COMMANDS, GUESS))
    return GUESS


def test_forms_are_the_commands_whose_spec_names_one() -> None:
    config = poll_config(channels=("slack:C0POLL01",))

    assert set(setup.form_campaigns(config)) == {"submit", "idea"}
    assert translate.needs_form("submit", ("title",))
    assert translate.needs_form("idea", ())
    assert not translate.needs_form("idea", ("text",))
    assert not translate.needs_form("vote", ())
    assert not translate.needs_form("nosuchcommand", ())


def test_a_kinds_new_form_lists_its_campaigns_without_an_adapter_edit(
    guess_command: CommandSpec,
) -> None:
    config = poll_config(channels=("slack:C0POLL01",))
    poll = config.campaigns[0]

    choices = setup.form_campaigns(config)

    assert choices["guess"] == [blockkit.FormCampaign(poll.id, poll.title, ("C0POLL01",))]
    assert choices["submit"] == [] and choices["idea"] == []
    assert translate.needs_form("guess", ())
    assert not translate.needs_form("guess", ("blue",))
    view = blockkit.command_form("guess", "C0POLL01", [(poll.id, poll.title), ("b", "B")], str)
    assert [block["block_id"] for block in view["blocks"]] == ["campaign", "word"]


def test_a_form_lists_only_campaigns_in_slack_channels(
    guess_command: CommandSpec,
) -> None:
    elsewhere = poll_config(channels=("telegram:-100",))

    assert setup.form_campaigns(elsewhere)["guess"] == []
