"""The pure Discord translation, on recorded interaction data."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import discord
from discord import app_commands

from adapters.discord.commands import add_commands
from adapters.discord.translate import (
    MANAGE_GUILD,
    Invocation,
    button_event,
    command_event,
    escape,
    render,
    spelling,
)
from adapters.spelling import respelled
from bot.app import every_command
from bot.engine.command_specs import CommandSpec, Param
from bot.engine.i18n import Catalogs
from bot.model.actions import Button, Image, Message, Post
from bot.model.events import Attachment, Chat
from bot.model.members import Member

#: Every command this version answers, in menu order.
COMMANDS = every_command()

RECORDED = Path(__file__).parent / "recorded"
AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def invocation(data: dict[str, Any] | None = None, **facts: Any) -> Invocation:
    base: dict[str, Any] = {
        "id": "1299999999999999900",
        "user_id": "300000000000000001",
        "user_name": "Alice",
        "locale": "fr",
        "channel_id": "700000000000000001",
        "guild_id": "800000000000000001",
        "data": data,
    }
    return Invocation(**{**base, **facts})


def recorded(name: str) -> dict[str, Any]:
    return json.loads((RECORDED / f"{name}.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_moderator_sub_command_becomes_the_plain_command_with_args_in_spec_order() -> None:
    event = command_event(invocation(recorded("chorus_extend")), AT, COMMANDS)
    assert event.name == "extend"
    assert event.args == ("flavour", "1d 12h")
    assert event.chat == Chat("discord", "700000000000000001", private=False)
    assert event.user == Member("discord", "300000000000000001", "Alice", "fr")
    assert event.delivery_id == "1299999999999999900"


def test_submit_attachment_option_becomes_an_attachment_with_its_url() -> None:
    event = command_event(invocation(recorded("submit")), AT, COMMANDS)
    assert event.name == "submit"
    assert event.args == ("Horse at sunset",)
    [photo] = event.attachments
    assert photo == Attachment(
        "https://cdn.discordapp.com/ephemeral-attachments/1/2/horse.jpg?ex=1&is=2&hm=3",
        "horse.jpg",
        "image/jpeg",
        482113,
    )


def test_an_omitted_optional_option_is_left_out() -> None:
    event = command_event(invocation(recorded("vote_without_campaign")), AT, COMMANDS)
    assert event.args == ("Pistachio",)
    assert event.attachments == ()


def test_button_press_carries_the_custom_id_verbatim() -> None:
    event = button_event(
        invocation({"custom_id": "pv:1:0:XBd5EnMs", "component_type": 2}, message_id="55"),
        "pv:1:0:XBd5EnMs",
        AT,
    )
    assert event.action == "pv:1:0:XBd5EnMs"
    assert event.message_id == "55"


def test_a_direct_message_is_a_private_chat_where_nobody_moderates() -> None:
    inv = invocation(guild_id=None, permissions=MANAGE_GUILD)
    assert inv.chat.private
    assert not inv.may_moderate(frozenset())


def test_manage_server_or_a_listed_role_may_moderate() -> None:
    assert invocation(permissions=MANAGE_GUILD).may_moderate(frozenset())
    assert invocation(roles=frozenset({"6"})).may_moderate(frozenset({"6"}))
    assert not invocation(roles=frozenset({"7"})).may_moderate(frozenset({"6"}))


def test_buttons_fill_rows_of_five_and_long_labels_are_cut() -> None:
    buttons = tuple(Button(f"Option {n}" + "x" * (90 if n == 0 else 0), f"a:{n}") for n in range(7))
    rendering = render(Message("Vote", buttons))
    assert [row for _, _, row in rendering.buttons] == [0, 0, 0, 0, 0, 1, 1]
    assert len(rendering.buttons[0][0]) == 80
    assert [action for _, action, _ in rendering.buttons] == [f"a:{n}" for n in range(7)]


def test_an_image_is_attached_and_shown_inside_the_embed() -> None:
    rendering = render(Message("Results", image=Image("/tmp/round-1-en.png", "Bar chart")))
    assert rendering.embed is not None
    assert rendering.embed.image.url == "attachment://image.png"
    assert rendering.image_name == "image.png"
    assert rendering.content is None


def test_short_answers_are_plain_text_and_long_ones_an_embed() -> None:
    assert render(Message("ok"), plain=True).content == "ok"
    long = render(Message("x" * 2500), plain=True)
    assert long.content is None
    assert long.embed is not None and long.embed.description == "x" * 2500


def test_every_command_and_option_has_a_discord_name_in_both_languages() -> None:
    catalogs = Catalogs()
    for language in ("fr", "en"):
        keys = catalogs.keys(language)
        for command in COMMANDS:
            assert f"discord.name.{command.name}" in keys, (language, command.name)
            for param in command.params:
                assert f"discord.param.{param.name}" in keys, (language, param.name)
        english = {k: catalogs.text("en", k) for k in keys if k.startswith("discord.name.")}
        assert all(k.endswith("." + v) for k, v in english.items())  # canonical names


def test_a_command_without_a_discord_name_keeps_its_own_name() -> None:
    tree = app_commands.CommandTree(discord.Client(intents=discord.Intents.none()))

    async def handler(interaction: discord.Interaction[Any]) -> None:
        return None

    add_commands(tree, (CommandSpec("brandnew", params=(Param("gizmo"),)),), handler, Catalogs())
    [command] = [c for c in tree.get_commands() if c.name != "chorus"]
    assert command.name == "brandnew"
    assert [p.display_name for p in command.parameters] == ["gizmo"]


def test_moderator_commands_are_mentioned_as_members_type_them() -> None:
    text = "/close — close now\n/results — the standing\nsee https://x.example/close"
    post = respelled(Post("C1", Message(text), "k"), COMMANDS, spelling)
    assert isinstance(post, Post)
    rendering = render(post.message, plain=True)
    assert rendering.content == (
        "/chorus close — close now\n/results — the standing\nsee https://x.example/close"
    )


def test_member_markup_is_escaped_in_embeds_and_plain_answers() -> None:
    text = "Idea: [Claim](https://evil.example/win) **now** ||hid|| `x` ~y~ _z_ \\ <@&5> @here"
    escaped = (
        "Idea: \\[Claim\\](https://evil.example/win) \\*\\*now\\*\\* \\|\\|hid\\|\\| \\`x\\` "
        "\\~y\\~ \\_z\\_ \\\\ \\<@&5> @\u200bhere"
    )

    embed = render(Message(text)).embed
    plain = render(Message(text), plain=True).content

    assert embed is not None and embed.description == escaped
    assert plain == escaped


def test_headings_quotes_and_lists_at_a_line_start_are_escaped() -> None:
    text = "# Big\n## Bigger\n> quote\n>>> all\n- item\n-# small\n  - nested\n#1 with 3 votes\n-5°C"

    assert escape(text) == (
        "\\# Big\n\\## Bigger\n\\> quote\n\\>>> all\n\\- item\n\\-# small\n  \\- nested\n"
        "#1 with 3 votes\n-5°C"
    )


def test_web_addresses_stay_whole_and_clickable() -> None:
    text = "see https://shop.example/a_b*c~d and <https://shop.example/x_y>"

    assert escape(text) == "see https://shop.example/a_b*c~d and \\<https://shop.example/x_y>"


def test_a_member_carries_when_their_account_was_made() -> None:
    event = command_event(invocation(recorded("chorus_extend")), AT, COMMANDS)

    assert event.user.created_at == discord.utils.snowflake_time(300000000000000001)
    assert event.user.created_at is not None and event.user.created_at.year == 2017
