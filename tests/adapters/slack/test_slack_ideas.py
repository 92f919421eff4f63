"""An idea typed into the Slack modal is stored once, through the real slack-bolt, the
emulator and the core's idea box."""

from __future__ import annotations

import pytest

from storage.ideas.reads import get_idea, published_texts
from tests.adapters.slack.conftest import CHANNEL, StartSlack
from tests.adapters.slack.payloads import slash_command, view_submission
from tests.factories import ideas_config

MEMBER = "U0IDEAS01"


@pytest.mark.parametrize("mode", ["socket", "http"])
async def test_an_idea_submitted_through_the_modal_is_stored_once(
    start_slack: StartSlack, mode: str
) -> None:
    config = ideas_config()
    box = config.campaigns[0].model_copy(update={"channels": [f"slack:{CHANNEL}"]})
    run = await start_slack(config.model_copy(update={"campaigns": [box]}), mode)
    run.emulator.add_user(MEMBER, locale="en-US")

    await run.delivery.command(slash_command(run.emulator, MEMBER, CHANNEL, "idea"))
    await run.adapter.drain()
    (opened,) = run.emulator.views
    submission = view_submission(
        MEMBER,
        opened["view"],
        {"text": {"text": {"type": "plain_text_input", "value": "Salted caramel cones"}}},
    )
    await run.delivery.interaction(submission)
    await run.delivery.interaction(submission, retry=1)  # Slack retries: no second idea
    await run.adapter.drain()

    texts = [text for _, text in await published_texts(run.app.runtime.db, "box")]
    assert len(texts) == 1
    assert "Salted caramel cones" in texts[0]


LURE = "<https://evil.example/win|Claim your prize> <!channel> & [Claim](https://evil.example)"


async def test_member_link_is_not_masked_on_slack(start_slack: StartSlack) -> None:
    config = ideas_config()
    box = config.campaigns[0].model_copy(update={"channels": [f"slack:{CHANNEL}"]})
    run = await start_slack(config.model_copy(update={"campaigns": [box]}), "socket")
    run.emulator.add_user(MEMBER, locale="en-US")

    await run.delivery.command(slash_command(run.emulator, MEMBER, CHANNEL, f"idea {LURE}"))
    await run.adapter.drain()
    await run.tick()
    await run.adapter.drain()

    [card] = [m for m in run.emulator.in_channel(CHANNEL) if "evil.example" in m.text]
    shown = [card.text, *(b["text"]["text"] for b in card.blocks if b["type"] == "section")]
    for text in shown:
        assert "<https://" not in text and "<!channel>" not in text, text
        readable = text.replace("\u200b", "")
        assert "&lt;https://evil.example/win|Claim your prize&gt; &lt;!channel&gt;" in readable
        assert "&gt; &amp; [Claim]" in readable


@pytest.mark.parametrize("mode", ["socket", "http"])
async def test_an_idea_with_ampersand_and_angle_brackets_is_kept_as_typed_and_escaped_once(
    start_slack: StartSlack, mode: str
) -> None:
    config = ideas_config()
    box = config.campaigns[0].model_copy(update={"channels": [f"slack:{CHANNEL}"]})
    run = await start_slack(config.model_copy(update={"campaigns": [box]}), mode)
    run.emulator.add_user(MEMBER, locale="en-US")
    form = slash_command(run.emulator, MEMBER, CHANNEL, "idea MSc & MBA <3")
    assert form["text"] == "idea MSc &amp; MBA &lt;3", "Slack encodes what the member typed"

    await run.delivery.command(form)
    await run.adapter.drain()
    await run.tick()
    await run.adapter.drain()

    idea = await get_idea(run.app.runtime.db, 1)
    assert idea is not None and f"{idea.title} {idea.body}".strip() == "MSc & MBA <3"
    [card] = [m for m in run.emulator.in_channel(CHANNEL) if "MSc" in m.text]
    shown = [card.text, *(b["text"]["text"] for b in card.blocks if b["type"] == "section")]
    for text in shown:
        assert "MSc &amp; MBA &lt;3" in text, text
        assert "&amp;amp;" not in text and "&amp;lt;" not in text, text
