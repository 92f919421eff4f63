"""A fifth kind, defined only in the tests (:mod:`tests.campaigns.fifth.rating`), registered the
way the real ones are — listed beside them in the registry handed to config validation and to
the app — runs end to end on the in-memory adapter: a round opens with its buttons, members
rate, re-deliveries count once, the close announces the average once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app import every_command
from bot.engine.kinds import CampaignKind
from bot.model.errors import ConfigError
from campaigns import all_kinds, parse_config
from tests.campaigns.fifth.rating import Rating
from tests.conftest import Running, StartApp
from tests.factories import command, member, press

CONFIG = """
[bot]
locale = "en"
moderators = ["console:mod"]

[[campaigns]]
id = "sorbet"
kind = "rating"
title = "the new sorbet"
channels = ["console:main"]
duration = "2d"

[campaigns.rating]
scale = {scale}
"""


def registry() -> dict[str, CampaignKind]:
    """This version's kinds and the fifth one, listed the same way."""
    kinds = all_kinds()
    kinds["rating"] = Rating()
    return kinds


def posts(running: Running, kind: str) -> list[str]:
    return [p.message.text for p in running.adapter.posts if f":{kind}:" in p.key]


def test_its_section_is_validated_by_its_own_model() -> None:
    with pytest.raises(ConfigError) as refused:
        parse_config(CONFIG.format(scale=11), kinds=registry().values())
    assert [(p.path, p.code) for p in refused.value.problems] == [
        ("campaigns[0].rating.scale", "less_than_equal")
    ]


def test_without_it_in_the_registry_the_kind_is_unknown() -> None:
    with pytest.raises(ConfigError) as refused:
        parse_config(CONFIG.format(scale=5))
    assert {p.path for p in refused.value.problems} == {"campaigns[0].kind", "campaigns[0].rating"}


async def test_a_round_opens_counts_each_member_once_and_announces_once(
    start_app: StartApp,
) -> None:
    kinds = registry()
    running = await start_app(
        parse_config(CONFIG.format(scale=5), kinds=kinds.values()), kinds=kinds
    )
    [opening] = [p for p in running.adapter.posts if ":opening:" in p.key]
    assert opening.message.text == "Rate the new sorbet"
    stars = [b.action for b in opening.message.buttons]
    assert len(stars) == 5

    await running.adapter.push(press(member("alice"), stars[4], delivery_id="d-1"))
    await running.adapter.push(press(member("alice"), stars[4], delivery_id="d-1"))
    await running.adapter.push(press(member("bob"), stars[2]))
    await running.adapter.push(press(member("bob"), stars[2]))
    assert running.adapter.replies_to("alice") == ["Rated 5."]
    assert running.adapter.replies_to("bob") == ["Rated 3."]

    await running.adapter.push(command(member("carol"), "results"))
    assert running.adapter.replies_to("carol") == ["the new sorbet so far: 4.0 from 2 ratings"]

    running.clock.advance(timedelta(days=2, minutes=1))
    await running.tick()
    await running.tick()
    assert posts(running, "results") == ["the new sorbet: 4.0 from 2 ratings"]


async def test_its_own_command_is_answered_and_listed_without_touching_another_package(
    start_app: StartApp,
) -> None:
    kinds = registry()
    running = await start_app(
        parse_config(CONFIG.format(scale=5), kinds=kinds.values()), kinds=kinds
    )

    await running.adapter.push(command(member("alice"), "rate", "4", delivery_id="c-1"))
    await running.adapter.push(command(member("alice"), "rate", "4", delivery_id="c-1"))
    await running.adapter.push(command(member("bob"), "rate", "sorbet", "9"))
    await running.adapter.push(command(member("bob"), "help"))

    assert running.adapter.replies_to("alice") == ["Rated 4."]
    rules, listing = running.adapter.replies_to("bob")
    assert rules == "Rate from 1 to 5: /rate 5"
    assert "/rate — " in listing
    assert "rate" in {c.name for c in every_command(kinds)}
    await running.adapter.push(command(member("carol"), "results"))
    assert running.adapter.replies_to("carol") == ["the new sorbet so far: 4.0 from 1 ratings"]


async def test_a_moderator_closes_it_like_any_other_kind(start_app: StartApp) -> None:
    kinds = registry()
    running = await start_app(
        parse_config(CONFIG.format(scale=3), kinds=kinds.values()), kinds=kinds
    )
    [opening] = [p for p in running.adapter.posts if ":opening:" in p.key]
    await running.adapter.push(press(member("alice"), opening.message.buttons[0].action))
    await running.adapter.push(command(member("mod"), "close"))
    await running.postman_delivered()
    await running.tick()
    assert posts(running, "results") == ["the new sorbet: 1.0 from 1 ratings"]
