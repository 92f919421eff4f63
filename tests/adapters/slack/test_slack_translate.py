"""The pure Slack conversions, on recorded payload shapes."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from adapters.slack import blockkit, translate
from adapters.slack.manifest import app_manifest, usage_hint
from adapters.slack.pacing import ChannelPacer
from adapters.spelling import respelled
from bot.app import every_command
from bot.config.platforms import SlackSettings
from bot.engine.i18n import Catalogs
from bot.model.actions import Button, Image, Message, Post
from bot.model.errors import ConfigError
from bot.model.events import MessageReceived
from bot.model.members import Member
from tests.adapters.slack.emulator import SlackEmulator
from tests.adapters.slack.payloads import (
    block_actions,
    message_event,
    slash_command,
    view_submission,
)
from tests.factories import poll_config

#: Every command this version answers, in menu order.
COMMANDS = every_command()

AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
USER = Member("slack", "U0MEMBER1", "member", "fr-FR")


def parse(text: str) -> tuple[str, tuple[str, ...]]:
    return translate.parse_command_text(text, COMMANDS)


def test_command_text_splits_words_but_keeps_free_text() -> None:
    assert parse("") == ("help", ())
    assert parse("  Results  flavour ") == ("results", ("flavour",))
    assert parse("close flavour too  many\nvotes") == (
        "close",
        ("flavour", "too  many\nvotes"),
    )
    assert parse("extend 2h") == ("extend", ("2h",))
    assert parse("unknown a b") == ("unknown", ("a", "b"))


def test_forms_open_for_submit_and_for_idea_without_text() -> None:
    submit, idea, results = (COMMANDS.spec(name) for name in ("submit", "idea", "results"))
    assert submit is not None and idea is not None and results is not None
    assert translate.needs_form(submit, ("title",))
    assert translate.needs_form(idea, ())
    assert not translate.needs_form(idea, ("text",))
    assert not translate.needs_form(results, ())


def test_command_event_is_keyed_by_trigger_id() -> None:
    form = slash_command(SlackEmulator(), "U0MEMBER1", "D0MEMBER1", "vote flavour 2")
    event = translate.command_event(form, USER, AT, COMMANDS)
    assert event.delivery_id == f"cmd:{form['trigger_id']}"
    assert (event.name, event.args, event.chat.private) == ("vote", ("flavour", "2"), True)


def test_command_text_is_decoded_from_slacks_three_entities_only() -> None:
    form = slash_command(SlackEmulator(), "U0MEMBER1", "C0POLL01", "idea box R&D <3 &lt; &quot;")
    assert form["text"] == "idea box R&amp;D &lt;3 &amp;lt; &amp;quot;"

    event = translate.command_event(form, USER, AT, COMMANDS)

    assert event.args == ("box", "R&D <3 &lt; &quot;")


def test_slack_markup_in_command_text_is_left_as_sent() -> None:
    form = slash_command(SlackEmulator(), "U0MEMBER1", "C0POLL01", "")
    form["text"] = "ban <@U0MEMBER2|ana> flavour spam &amp; links"

    event = translate.command_event(form, USER, AT, COMMANDS)

    assert event.args == ("<@U0MEMBER2|ana>", "flavour", "spam & links")


def test_message_text_is_decoded() -> None:
    body = message_event("U0MEMBER1", "D0MEMBER1", "Tom & Jerry <3 &gt;", event_id="Ev1")

    event = translate.message_event(body, USER, AT)

    assert isinstance(event, MessageReceived) and event.text == "Tom & Jerry <3 &gt;"


def test_modal_text_is_taken_as_typed() -> None:
    view = {"id": "V1", "private_metadata": json.dumps({"name": "idea", "channel": "C0POLL01"})}
    typed = {"type": "plain_text_input", "value": "R&amp;D <3"}
    payload = view_submission("U0MEMBER1", view, {"text": {"text": typed}})

    event = translate.form_event(payload, USER, AT, COMMANDS)

    assert event is not None and event.args == ("R&amp;D <3",)


def test_button_event_without_actions_is_ignored() -> None:
    payload = block_actions("U0MEMBER1", "C0POLL01", "1.2", "pv:1:0:abc")
    payload["actions"] = []
    assert translate.button_event(payload, USER, AT) is None


def test_blocks_escape_text_split_long_text_and_carry_signed_ids() -> None:
    long = "\n".join(f"line {n} " + "x" * 100 for n in range(60))
    blocks = blockkit.message_blocks(Message(long + "\n<b> & co", (Button("A" * 90, "pv:1:0:m"),)))
    sections = [b for b in blocks if b["type"] == "section"]
    assert len(sections) > 1 and all(len(s["text"]["text"]) <= 3000 for s in sections)
    assert sections[-1]["text"]["text"].endswith("&lt;b&gt; &amp; co")
    (button,) = blocks[-1]["elements"]
    assert button["action_id"] == button["value"] == "pv:1:0:m"
    assert len(button["text"]["text"]) == 75


def test_member_links_and_channel_mentions_are_shown_as_typed() -> None:
    lure = Message("Idea: <https://evil.example|Claim your prize> <!channel> <@U0BOSS>")
    escaped = "Idea: &lt;https://evil.example|Claim your prize&gt; &lt;!channel&gt; &lt;@U0BOSS&gt;"

    arguments = blockkit.message_arguments(lure)
    chart = Message(lure.text, image=Image("/tmp/round-1-en.png", "Bar chart"))

    assert arguments["text"] == escaped
    assert [b["text"]["text"] for b in arguments["blocks"]] == [escaped]
    assert blockkit.upload_arguments(chart, "C1", True)["initial_comment"] == escaped


def test_member_facts_from_users_info() -> None:
    info = {
        "id": "U1",
        "name": "u1",
        "profile": {"display_name": ""},
        "real_name": "Una",
        "is_owner": True,
        "locale": "fr-FR",
    }
    assert translate.member_facts(info) == ("Una", "fr-FR", True)


def test_pacer_spaces_posts_in_one_channel_only() -> None:
    now = [100.0]
    pacer = ChannelPacer(1.0, clock=lambda: now[0])
    assert [pacer.reserve("C1") for _ in range(3)] == [0.0, 1.0, 2.0]
    assert pacer.reserve("C2") == 0.0
    now[0] = 105.0
    assert pacer.reserve("C1") == 0.0


def test_manifest_follows_the_mode() -> None:
    t = Catalogs().translator("en")
    socket = app_manifest(SlackSettings(), t)
    assert socket["settings"]["socket_mode_enabled"] is True
    assert "url" not in socket["features"]["slash_commands"][0]
    http = app_manifest(SlackSettings(mode="http"), t, request_url="https://x.example/slack/events")
    assert http["settings"]["socket_mode_enabled"] is False
    assert http["settings"]["interactivity"]["request_url"] == "https://x.example/slack/events"
    assert http["features"]["slash_commands"][0]["url"] == "https://x.example/slack/events"
    hint = usage_hint(COMMANDS.specs)
    assert all(c.name in hint for c in COMMANDS)
    assert "idea [campaign] <text>" in hint


def test_build_names_missing_tokens_and_lists_form_campaigns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from adapters.registry import FACTORIES
    from adapters.slack import setup

    assert FACTORIES["slack"] == "adapters.slack.setup"
    config = poll_config(channels=("slack:C0POLL01",))
    for name in ("CHORUS_SLACK_BOT_TOKEN", "CHORUS_SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigError) as refused:
        setup.build(config)
    assert [p.message for p in refused.value.problems] == [
        "Slack channels are configured: set CHORUS_SLACK_BOT_TOKEN",
        "Slack channels are configured: set CHORUS_SLACK_APP_TOKEN",
    ]
    monkeypatch.setenv("CHORUS_SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.setenv("CHORUS_SLACK_APP_TOKEN", "xapp-1")
    assert setup.build(config).settings.mode == "socket"
    poll = config.campaigns[0]
    assert setup.form_campaigns(config) == {
        "poll": [blockkit.FormCampaign(poll.id, poll.title, ("C0POLL01",))]
    }


def test_command_mentions_are_spelt_as_slack_subcommands() -> None:
    text = "Type /help, or /close when you are a moderator."
    post = respelled(Post("C1", Message(text), "k"), COMMANDS, translate.spelling)
    assert isinstance(post, Post)

    blocks = blockkit.message_blocks(post.message)

    assert blocks[0]["text"]["text"] == (
        "Type /chorus help, or /chorus close when you are a moderator."
    )
