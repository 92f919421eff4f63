"""The permission model: roles from config lists and platform admin rights."""

from __future__ import annotations

import pytest

from adapters.memory import MemoryAdapter
from bot.errors import NotAllowed
from bot.permissions import Role, require, role_of
from tests.conftest import StartApp
from tests.factories import command, member, poll_config


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
