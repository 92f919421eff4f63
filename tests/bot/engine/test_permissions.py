"""The permission model: roles from config lists and platform admin rights."""

from __future__ import annotations

import pytest

from adapters.memory import MemoryAdapter
from bot.engine.access.permissions import Role, require, role_of
from bot.model.errors import NotAllowed
from bot.model.events import Chat
from storage.rounds import latest_round
from tests.conftest import StartApp
from tests.factories import command, member, poll_config

REFUSED = "Only the campaign’s moderators can do that."


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("alice", Role.MEMBER),
        ("mod", Role.MODERATOR),  # [bot] moderators
        ("chief", Role.MODERATOR),  # platform admin of the chat
        ("brand", Role.OWNER),  # the campaign's owners
    ],
)
async def test_roles_come_from_config_and_the_platform(
    start_app: StartApp, who: str, expected: Role
) -> None:
    config = poll_config()
    flavour = config.campaigns[0].model_copy(update={"owners": ["console:brand"]})
    config = config.model_copy(update={"campaigns": [flavour]})
    running = await start_app(config, adapter=MemoryAdapter(admins=frozenset({"console:chief"})))

    role = await role_of(running.runtime, command(member(who), "status"), flavour)

    assert role is expected


async def test_a_campaign_owner_has_no_bot_wide_rights(start_app: StartApp) -> None:
    config = poll_config()
    flavour = config.campaigns[0].model_copy(update={"owners": ["console:brand"]})
    running = await start_app(config.model_copy(update={"campaigns": [flavour]}))
    event = command(member("brand"), "status")

    assert await role_of(running.runtime, event, None) is Role.MEMBER


async def test_a_refusal_names_the_missing_right(start_app: StartApp) -> None:
    running = await start_app(poll_config())
    flavour = running.runtime.config.campaigns[0]

    with pytest.raises(NotAllowed) as refused:
        await require(running.runtime, command(member("mod"), "x"), flavour, Role.OWNER)
    await running.adapter.push(command(member("alice"), "close"))

    assert refused.value.key == "error.not_owner"
    assert running.adapter.replies_to("alice") == ["Only the campaign’s moderators can do that."]


#: ``main`` (the poll's channel) and ``lobby`` share a server; ``elsewhere`` is another one.
SERVERS = {"main": "brand-server", "lobby": "brand-server", "elsewhere": "other-server"}


def _chief_adapter() -> MemoryAdapter:
    return MemoryAdapter(admins=frozenset({"console:chief"}), communities=SERVERS)


@pytest.mark.parametrize(
    ("chat", "expected"),
    [
        ("main", Role.MODERATOR),  # a channel of the campaign
        ("lobby", Role.MODERATOR),  # another channel of the same server
        ("elsewhere", Role.MEMBER),  # administers another server only
        ("random-group", Role.MEMBER),  # a group of its own, without the campaign
    ],
)
async def test_admin_of_another_group_cannot_moderate(
    start_app: StartApp, chat: str, expected: Role
) -> None:
    running = await start_app(poll_config(), adapter=_chief_adapter())
    flavour = running.runtime.config.campaigns[0]
    event = command(member("chief"), "pause", chat=Chat("console", chat))

    assert await role_of(running.runtime, event, flavour) is expected


async def test_an_admin_has_no_rights_from_a_private_chat(start_app: StartApp) -> None:
    running = await start_app(poll_config(), adapter=_chief_adapter())
    flavour = running.runtime.config.campaigns[0]
    event = command(member("chief"), "pause", chat=Chat("console", "chief", private=True))

    assert await role_of(running.runtime, event, flavour) is Role.MEMBER


@pytest.mark.parametrize(("mods", "expected"), [("lobby", Role.MODERATOR), ("staff", Role.MEMBER)])
async def test_a_moderators_channel_gives_rights_only_in_the_campaigns_community(
    start_app: StartApp, mods: str, expected: Role
) -> None:
    config = poll_config()
    flavour = config.campaigns[0].model_copy(update={"moderators_channel": f"console:{mods}"})
    config = config.model_copy(update={"campaigns": [flavour]})
    running = await start_app(config, adapter=_chief_adapter())
    event = command(member("chief"), "pause", chat=Chat("console", mods))

    assert await role_of(running.runtime, event, flavour) is expected


async def test_listed_moderators_and_owners_moderate_from_anywhere(start_app: StartApp) -> None:
    config = poll_config()
    flavour = config.campaigns[0].model_copy(update={"owners": ["console:brand"]})
    config = config.model_copy(update={"campaigns": [flavour]})
    running = await start_app(config, adapter=_chief_adapter())
    far = Chat("console", "elsewhere")

    mod, brand = command(member("mod"), "x", chat=far), command(member("brand"), "x", chat=far)
    assert await role_of(running.runtime, mod, flavour) is Role.MODERATOR
    assert await role_of(running.runtime, brand, flavour) is Role.OWNER


@pytest.mark.parametrize(("chat", "shown"), [("lobby", True), ("elsewhere", False)])
async def test_help_shows_moderator_commands_only_where_a_campaign_runs(
    start_app: StartApp, chat: str, shown: bool
) -> None:
    running = await start_app(poll_config(), adapter=_chief_adapter())

    await running.adapter.push(command(member("chief"), "help", chat=Chat("console", chat)))

    assert ("Moderators:" in running.adapter.replies_to("chief")[-1]) is shown


async def test_an_admin_elsewhere_is_refused_and_nothing_changes(start_app: StartApp) -> None:
    running = await start_app(poll_config(), adapter=_chief_adapter())

    far = Chat("console", "elsewhere")
    for verb in ("pause", "close", "announce", "export"):
        await running.adapter.push(command(member("chief"), verb, "flavour", "x", chat=far))

    assert running.adapter.replies_to("chief") == [REFUSED] * 4
    round_ = await latest_round(running.runtime.db, "flavour")
    assert round_ is not None and round_.state == "open"
