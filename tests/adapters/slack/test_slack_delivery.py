"""What reaches Chorus and what it sends: signatures, retries, forms, files, posts, edits, DMs."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from adapters.slack.blockkit import FormCampaign
from adapters.slack.translate import FORM
from bot.engine.i18n import Catalogs
from bot.model.actions import Button, Direct, Edit, Image, Message, Post
from bot.model.errors import TooLarge, Undeliverable
from bot.model.events import (
    Attachment,
    ButtonPressed,
    Chat,
    CommandInvoked,
    Event,
    MessageReceived,
)
from bot.model.members import Member
from campaigns.shared.chart import bar_chart
from storage.poll.votes import ballots_of
from storage.rounds import latest_round
from tests.adapters.slack.conftest import CHANNEL, Recorded, StartSlack, make_adapter
from tests.adapters.slack.emulator import SlackEmulator, interaction_body
from tests.adapters.slack.payloads import (
    HttpDelivery,
    SocketDelivery,
    block_actions,
    message_event,
    slash_command,
    view_submission,
)
from tests.factories import poll_config

MEMBER = "U0MEMBER1"


@pytest.mark.parametrize("forgery", ["bad_signature", "stale_timestamp"])
async def test_http_refuses_unsigned_or_old_requests(start_slack: StartSlack, forgery: str) -> None:
    run = await start_slack(poll_config(channels=(f"slack:{CHANNEL}",)), "http")
    run.emulator.add_user(MEMBER)
    (opening,) = run.emulator.in_channel(CHANNEL)
    assert isinstance(run.delivery, HttpDelivery)
    body = interaction_body(
        block_actions(MEMBER, CHANNEL, opening.ts, opening.buttons()[0]["value"])
    )
    options: dict[str, object] = (
        {"secret": "not-the-secret"}
        if forgery == "bad_signature"
        else {"timestamp": int(time.time()) - 5 * 60 - 1}
    )
    status, _ = await run.emulator.post_signed(
        run.delivery.url,
        body,
        "application/x-www-form-urlencoded",
        **options,  # type: ignore[arg-type]
    )
    await run.adapter.drain()
    assert status == 401
    round_ = await latest_round(run.app.runtime.db, "flavour")  # type: ignore[union-attr]
    assert round_ is not None
    assert await ballots_of(run.app.runtime.db, round_.id) == []  # type: ignore[union-attr]
    assert run.emulator.ephemerals == []


async def test_retried_event_reaches_the_core_once(
    recorded: Recorded, emulator: SlackEmulator
) -> None:
    emulator.add_user(MEMBER, locale="fr-FR")
    body = message_event(MEMBER, "D0MEMBER1", "hello", event_id="Ev0001")
    assert await recorded.delivery.event(body) == 200
    assert await recorded.delivery.event(body, retry=1) == 200
    assert await recorded.delivery.event(body, retry=2) == 200
    await recorded.adapter.drain()
    (event,) = recorded.events
    assert isinstance(event, MessageReceived)
    assert event.delivery_id == "evt:Ev0001" and event.text == "hello"
    assert event.chat.private and event.user.locale == "fr-FR"


async def test_message_text_reaches_the_core_as_typed(
    recorded: Recorded, emulator: SlackEmulator
) -> None:
    emulator.add_user(MEMBER)
    body = message_event(MEMBER, "D0MEMBER1", "MSc & MBA <3", event_id="Ev0002")
    assert body["event"]["text"] == "MSc &amp; MBA &lt;3"

    await recorded.delivery.event(body)
    await recorded.adapter.drain()

    (event,) = recorded.events
    assert isinstance(event, MessageReceived) and event.text == "MSc & MBA <3"


async def test_button_press_carries_signed_value_and_stable_delivery(
    recorded: Recorded, emulator: SlackEmulator
) -> None:
    emulator.add_user(MEMBER)
    payload = block_actions(MEMBER, CHANNEL, "1800000000.000100", "pv:1:0:abcdefgh")
    await recorded.delivery.interaction(payload)
    await recorded.delivery.interaction(payload, retry=1)
    await recorded.adapter.drain()
    (event,) = recorded.events
    assert isinstance(event, ButtonPressed)
    assert event.action == "pv:1:0:abcdefgh" and event.message_id == "1800000000.000100"
    action_ts = payload["actions"][0]["action_ts"]
    assert event.delivery_id == f"act:1800000000.000100:{action_ts}:{MEMBER}"


async def test_idea_without_text_opens_a_modal_whose_submission_is_the_command(
    recorded: Recorded, emulator: SlackEmulator
) -> None:
    emulator.add_user(MEMBER, locale="fr-FR")
    form = slash_command(emulator, MEMBER, CHANNEL, "idea")
    await recorded.delivery.command(form)
    await recorded.adapter.drain()
    assert recorded.events == []
    (opened,) = emulator.views
    assert opened["trigger_id"] == form["trigger_id"]
    view = opened["view"]
    assert view["callback_id"] == FORM
    assert view["title"]["text"] == Catalogs().text("fr", "slack.form.idea.title")
    assert [b["block_id"] for b in view["blocks"]] == ["image", "text"]
    assert view["blocks"][0]["optional"] is True  # the picture of an idea is optional
    submission = view_submission(
        MEMBER,
        view,
        {"text": {"text": {"type": "plain_text_input", "value": " Blue cones\nplease "}}},
    )
    await recorded.delivery.interaction(submission)
    await recorded.delivery.interaction(submission, retry=1)
    await recorded.adapter.drain()
    (event,) = recorded.events
    assert isinstance(event, CommandInvoked)
    assert (event.name, event.args, event.attachments) == ("idea", ("Blue cones\nplease",), ())
    assert event.chat.id == CHANNEL and event.user.locale == "fr-FR"


async def test_idea_with_text_is_the_command_directly(
    recorded: Recorded, emulator: SlackEmulator
) -> None:
    emulator.add_user(MEMBER)
    await recorded.delivery.command(
        slash_command(emulator, MEMBER, CHANNEL, "idea box  Mint and  lime")
    )
    await recorded.adapter.drain()
    (event,) = recorded.events
    assert isinstance(event, CommandInvoked)
    assert (event.name, event.args) == ("idea", ("box", "Mint and  lime"))
    assert emulator.views == []


async def test_submit_modal_takes_a_photo_that_downloads_within_the_limit(
    emulator: SlackEmulator,
) -> None:
    emulator.add_user(MEMBER)
    adapter = make_adapter(
        emulator,
        "socket",
        form_campaigns={
            "contest": [
                FormCampaign("summer", "Summer", (CHANNEL,)),
                FormCampaign("winter", "Winter", (CHANNEL,)),
            ]
        },
    )
    events: list[Event] = []

    async def sink(event: Event) -> None:
        events.append(event)

    await adapter.start(sink)
    try:
        delivery = SocketDelivery(emulator)
        await delivery.command(slash_command(emulator, MEMBER, CHANNEL, "submit"))
        await adapter.drain()
        view = emulator.views[0]["view"]
        blocks = {b["block_id"]: b["element"] for b in view["blocks"]}
        assert blocks["campaign"]["type"] == "static_select"
        assert [o["value"] for o in blocks["campaign"]["options"]] == ["summer", "winter"]
        assert blocks["photo"]["type"] == "file_input"
        photo = b"\x89PNG\r\n\x1a\n" + b"x" * 5000
        file_id = emulator.add_member_file("cone.png", photo)
        values = {
            "campaign": {
                "campaign": {"type": "static_select", "selected_option": {"value": "winter"}}
            },
            "photo": {
                "photo": {
                    "type": "file_input",
                    "files": [
                        {
                            "id": file_id,
                            "name": "cone.png",
                            "mimetype": "image/png",
                            "size": len(photo),
                        }
                    ],
                }
            },
            "title": {"title": {"type": "plain_text_input", "value": None}},
        }
        await delivery.interaction(view_submission(MEMBER, view, values))
        await adapter.drain()
        (event,) = events
        assert isinstance(event, CommandInvoked)
        assert (event.name, event.args) == ("submit", ("winter",))
        (attachment,) = event.attachments
        assert (attachment.file_ref, attachment.mime_type, attachment.size) == (
            file_id,
            "image/png",
            len(photo),
        )
        assert await adapter.download(attachment, 10_000) == photo
        with pytest.raises(TooLarge):
            await adapter.download(attachment, 1000)
        unknown_size = Attachment(file_ref=file_id)
        with pytest.raises(TooLarge):
            await adapter.download(unknown_size, 1000)
    finally:
        await adapter.stop()


async def test_posts_edits_images_and_direct_messages(
    recorded: Recorded, emulator: SlackEmulator, tmp_path: Path
) -> None:
    adapter = recorded.adapter
    emulator.add_user(MEMBER)
    message = Message("Vote <now> & win", (Button("A", "pv:1:0:x"), Button("B", "pv:1:1:y")))
    emulator.rate_limit("chat.postMessage", times=1)
    ts = await adapter.send(Post(CHANNEL, message))
    (posted,) = emulator.in_channel(CHANNEL)
    assert posted.ts == ts and posted.text == "Vote &lt;now&gt; &amp; win"
    assert await adapter.send(Edit(CHANNEL, ts or "", Message("Closed"))) == ts
    assert posted.text == "Closed" and posted.buttons() == []

    chart = await bar_chart(
        tmp_path / "c.png",
        "T",
        ["A", "B"],
        [3, 1],
        Catalogs().translator("en"),
        voters=4,
        accent="#d2691e",
    )
    image_ts = await adapter.send(Post(CHANNEL, Message("Results", image=chart)))
    shared = emulator.in_channel(CHANNEL)[-1]
    assert shared.ts == image_ts and shared.text == "Results"
    assert shared.files[0]["alt_txt"] == chart.alt

    dm = await adapter.send(Direct(MEMBER, Message("Your idea is accepted")))
    assert emulator.in_channel(f"D{MEMBER[1:]}")[0].ts == dm
    with pytest.raises(Undeliverable):
        await adapter.send(Direct("U0NOBODY1", Message("hello")))
    emulator.missing_channels.add("C0GONE001")
    with pytest.raises(Undeliverable):
        await adapter.send(Post("C0GONE001", Message("hello")))
    assert isinstance(chart, Image)


async def test_admin_and_owner_are_platform_moderators(
    recorded: Recorded, emulator: SlackEmulator
) -> None:
    emulator.add_user("U0OWNER01", owner=True)
    emulator.add_user(MEMBER)
    chat = Chat("slack", CHANNEL)
    assert await recorded.adapter.is_admin(chat, Member("slack", "U0OWNER01", "o"))
    assert not await recorded.adapter.is_admin(chat, Member("slack", MEMBER, "m"))
    assert not await recorded.adapter.is_admin(chat, Member("slack", MEMBER, "m"))
    assert len(emulator.calls_of("users.info")) == 2, "users.info is cached"
