"""Good manners on Slack, through the real slack-bolt and the emulator: Slack's markup in member
text is stored as the member typed it and shown back safely; a mention of Chorus gets help; a
press inside a thread is answered in that thread."""

from __future__ import annotations

from typing import Any

import pytest

from storage.ideas.reads import get_idea
from tests.adapters.slack.conftest import CHANNEL, StartSlack
from tests.adapters.slack.emulator import typed
from tests.adapters.slack.payloads import TEAM, block_actions, message_event, slash_command
from tests.factories import ideas_config, poll_config

MEMBER = "U0IDEAS01"
FRIEND = "U0FRIEND1"


def _sections(text: str, blocks: list[dict[str, Any]]) -> list[str]:
    return [text, *(b["text"]["text"] for b in blocks if b["type"] == "section")]


@pytest.mark.parametrize("mode", ["socket", "http"])
async def test_slack_markup_in_an_idea_is_stored_as_typed_and_shown_safely(
    start_slack: StartSlack, mode: str
) -> None:
    config = ideas_config()
    box = config.campaigns[0].model_copy(update={"channels": [f"slack:{CHANNEL}"]})
    run = await start_slack(config.model_copy(update={"campaigns": [box]}), mode)
    run.emulator.add_user(MEMBER, locale="en-US")
    run.emulator.add_user(FRIEND, real_name="Alice Martin")
    form = slash_command(run.emulator, MEMBER, CHANNEL, "idea")
    # what Slack sends for: <b>Bold</b> cones, with @bob and @Alice, see a labelled link
    form["text"] = (
        "idea " + typed("<b>Bold</b> cones with ") + "<@U0BOB0001|bob> and <@" + FRIEND + "> "
        "see <https://example.com/menu|our menu> in <#C0GENERAL|general> <!here>"
    )

    await run.delivery.command(form)
    await run.adapter.drain()
    await run.tick()
    await run.adapter.drain()

    idea = await get_idea(run.app.runtime.db, 1)
    assert idea is not None
    assert idea.body == (
        "<b>Bold</b> cones with @bob and @Alice Martin "
        "see our menu (https://example.com/menu) in #general @here"
    )
    [card] = [m for m in run.emulator.in_channel(CHANNEL) if "cones" in m.text]
    for text in _sections(card.text, card.blocks):
        assert "&lt;b&gt;Bold&lt;/b&gt; cones with @bob and @Alice Martin" in text, text
        assert "&amp;lt;" not in text and "<@" not in text and "<!here>" not in text, text
        assert "our menu (https://example.com/menu)" in text, text


async def test_a_mention_of_chorus_in_a_channel_gets_help(start_slack: StartSlack) -> None:
    config = ideas_config()
    box = config.campaigns[0].model_copy(update={"channels": [f"slack:{CHANNEL}"]})
    run = await start_slack(config.model_copy(update={"campaigns": [box]}), "socket")
    run.emulator.add_user(MEMBER, locale="en-US")
    body = message_event(MEMBER, CHANNEL, "", event_id="Ev0MENTION1")
    body["event"].update(type="app_mention", channel_type="channel", text="<@UCHORUS> hi")
    assert body["team_id"] == TEAM["id"]

    await run.delivery.event(body)
    await run.delivery.event(body, retry=1)  # Slack retries: one answer
    await run.adapter.drain()

    answers = [m.text for m in run.emulator.in_channel(CHANNEL)]
    answers += [str(e.get("text", "")) for e in run.emulator.ephemerals]
    helps = [a for a in answers if "Here is what you can do" in a]
    assert len(helps) == 1, answers
    assert "/chorus idea" in helps[0]


@pytest.mark.parametrize("mode", ["socket", "http"])
async def test_a_press_inside_a_thread_is_answered_in_that_thread(
    start_slack: StartSlack, mode: str
) -> None:
    run = await start_slack(poll_config(channels=(f"slack:{CHANNEL}",)), mode)
    run.emulator.add_user(MEMBER, locale="en-US")
    run.emulator.add_user(FRIEND, locale="en-US")
    (opening,) = run.emulator.in_channel(CHANNEL)
    vanilla = opening.buttons()[0]["value"]

    in_thread = block_actions(MEMBER, CHANNEL, "1700000001.000200", vanilla, thread_ts=opening.ts)
    await run.delivery.interaction(in_thread)
    in_channel = block_actions(FRIEND, CHANNEL, opening.ts, vanilla)
    await run.delivery.interaction(in_channel)
    await run.adapter.drain()

    [answer] = [e for e in run.emulator.ephemerals if e["user"] == MEMBER]
    assert answer["thread_ts"] == opening.ts
    assert "Vanilla" in answer["text"]
    [elsewhere] = [e for e in run.emulator.ephemerals if e["user"] == FRIEND]
    assert "thread_ts" not in elsewhere
