"""Moderator verbs on the in-memory adapter: /status, /ban, /unban, /announce — allowed for
moderators, refused for members with the missing right named, and written to the audit log."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory import MemoryAdapter
from bot.model.actions import Action, Post
from bot.model.errors import Undeliverable
from bot.model.events import Chat
from storage.rounds import audit_log
from tests.conftest import Running, StartApp
from tests.factories import command, member, poll_config, press

REFUSED = "Only the campaign’s moderators can do that."


def opening(running: Running, adapter: MemoryAdapter | None = None) -> Post:
    adapter = adapter or running.adapter
    return next(p for p in adapter.posts if ":opening:" in p.key)


async def vote(running: Running, who: str, option: int) -> None:
    await running.adapter.push(press(member(who), opening(running).message.buttons[option].action))


async def actions(running: Running) -> list[str]:
    return [e.action for e in await audit_log(running.runtime.db, "flavour")]


@pytest.mark.parametrize(
    "verb",
    [
        ("status",),
        ("ban", "console:bob", "spamming"),
        ("unban", "console:bob"),
        ("announce", "Free cones today!"),
    ],
)
async def test_a_member_is_refused_every_moderator_verb(
    start_app: StartApp, verb: tuple[str, ...]
) -> None:
    running = await start_app(poll_config())
    posts_before = len(running.adapter.posts)

    await running.adapter.push(command(member("alice"), *verb))
    await running.postman_delivered()

    assert running.adapter.replies_to("alice") == [REFUSED]
    assert len(running.adapter.posts) == posts_before
    assert set(await actions(running)) <= {"open"}


async def test_a_ban_refuses_participation_and_discounts_votes_until_unbanned(
    start_app: StartApp,
) -> None:
    running = await start_app(poll_config())
    await vote(running, "bob", 0)
    await vote(running, "carol", 0)
    await vote(running, "dave", 2)

    await running.adapter.push(command(member("mod"), "ban", "console:bob", "vote", "buying"))
    await running.adapter.push(command(member("alice"), "results"))
    await vote(running, "bob", 1)
    await running.postman_delivered()

    assert running.adapter.replies_to("mod")[-1] == (
        "Bob is banned from “Next flavour”: their participation is refused and their votes "
        "no longer count."
    )
    standing = running.adapter.replies_to("alice")[-1].splitlines()
    assert standing[1:] == [
        "Vanilla: 1 (50.0%)",
        "Lemon: 1 (50.0%)",
        "Pistachio: 0 (0.0%)",
        "2 voters",
    ]
    assert running.adapter.replies_to("bob")[-1] == (
        "⛔ You are banned from “Next flavour”: vote buying"
    )
    assert running.adapter.directs_to("bob") == [
        "⛔ You are banned from “Next flavour”: vote buying"
    ]

    await running.adapter.push(command(member("mod"), "unban", "console:bob"))
    await running.adapter.push(command(member("alice"), "results"))

    assert running.adapter.replies_to("alice")[-1].splitlines()[1:] == [
        "Vanilla: 2 (66.7%)",
        "Lemon: 1 (33.3%)",
        "Pistachio: 0 (0.0%)",
        "3 voters",
    ]
    entries = [e for e in await audit_log(running.runtime.db, "flavour") if "ban" in e.action]
    assert [(e.action, e.actor, e.before, e.after) for e in entries] == [
        ("ban", "console:mod", "allowed", "banned"),
        ("unban", "console:mod", "banned", "allowed"),
    ]
    assert entries[0].detail == "console:bob: vote buying"


async def test_ban_takes_the_campaign_after_the_member_and_a_mention(
    start_app: StartApp,
) -> None:
    running = await start_app(poll_config())

    await running.adapter.push(command(member("mod"), "ban", "<@bob|Bob>", "flavour", "spam"))
    await running.adapter.push(command(member("mod"), "ban", "flavour", "console:eve", "spam"))
    await running.adapter.push(command(member("mod"), "ban", "bob"))
    await running.adapter.push(command(member("mod"), "ban", "console:mod", "oops"))

    replies = running.adapter.replies_to("mod")
    assert replies[0].startswith("@Bob is banned from “Next flavour”")  # named as mentioned
    assert replies[1].startswith("console:eve is banned from “Next flavour”")  # never seen: her key
    assert replies[2].startswith("Usage: /ban <member> [campaign] <reason>")
    assert replies[3] == "You cannot ban yourself."


async def test_announce_posts_once_on_every_channel_and_is_audited(start_app: StartApp) -> None:
    console, slack = MemoryAdapter("console"), MemoryAdapter("slack")
    config = poll_config(channels=("console:main", "slack:C0123ABCD"))
    running = await start_app(config, adapters={"console": console, "slack": slack})
    announce = command(member("mod"), "announce", "Free", "cones", "@everyone!")

    await console.push(announce)
    await console.push(announce)  # delivered twice by the platform
    await running.postman_delivered()

    for adapter in (console, slack):
        posted = [p.message.text for p in adapter.posts if ":announce-" in p.key]
        assert len(posted) == 1
        assert posted[0].startswith("📣 Next flavour\nFree cones @")
        assert "@everyone" not in posted[0]
    assert console.replies_to("mod") == ["Announcement queued on 2 channels of “Next flavour”."]
    entry = next(
        e for e in await audit_log(running.runtime.db, "flavour") if e.action == "announce"
    )
    assert (entry.actor, entry.detail) == ("console:mod", "Free cones @everyone!")


async def test_status_shows_time_left_participation_per_platform_and_no_signals(
    start_app: StartApp,
) -> None:
    console, slack = MemoryAdapter("console"), MemoryAdapter("slack")
    config = poll_config(channels=("console:main", "slack:C0123ABCD"))
    running = await start_app(config, adapters={"console": console, "slack": slack})
    await vote(running, "alice", 0)
    await vote(running, "bob", 1)
    slack_opening = opening(running, slack)
    slack_channel = Chat("slack", slack_opening.channel)  # where the opening was posted
    slack_vote = slack_opening.message.buttons[0].action
    await slack.push(press(member("U1", platform="slack"), slack_vote, chat=slack_channel))
    running.clock.advance(timedelta(days=1))

    await console.push(command(member("mod"), "status"))

    text = console.replies_to("mod")[-1]
    assert text.splitlines()[0].startswith("flavour, round 1: open.")
    assert "Time left: 6 days." in text
    assert "Participants: console 2 · slack 1 (total 3)." in text
    assert "Fraud signals: none." in text


class Refusing(MemoryAdapter):
    """A platform that removed the bot from one channel."""

    async def send(self, action: Action) -> str | None:
        if isinstance(action, Post) and action.channel == "C0GONE999":
            raise Undeliverable("not_in_channel")
        return await super().send(action)


async def test_moderators_are_alerted_once_when_a_channel_refuses_the_bot(
    start_app: StartApp,
) -> None:
    config = poll_config(channels=("console:main", "slack:C0GONE999"))
    flavour = config.campaigns[0].model_copy(update={"moderators_channel": "console:mods"})
    config = config.model_copy(update={"campaigns": [flavour]})
    console, slack = MemoryAdapter("console"), Refusing("slack")
    running = await start_app(config, adapters={"console": console, "slack": slack})
    await console.push(command(member("mod"), "announce", "hello"))
    await running.postman_delivered()
    await running.postman_delivered()

    alerts = [p.message.text for p in console.posts if p.channel == "mods"]
    assert len(alerts) == 1
    assert alerts[0].startswith("🚨 Next flavour: the platform refuses the bot’s messages in")
    assert "slack:C0GONE999" in alerts[0]


async def test_moderators_are_alerted_once_when_a_platform_keeps_failing(
    start_app: StartApp,
) -> None:
    config = poll_config(channels=("console:main", "slack:C0123ABCD"))
    flavour = config.campaigns[0].model_copy(update={"moderators_channel": "console:mods"})
    config = config.model_copy(update={"campaigns": [flavour]})
    console, slack = MemoryAdapter("console"), MemoryAdapter("slack")
    slack.fail_posts = 1000
    running = await start_app(config, adapters={"console": console, "slack": slack})

    for _ in range(8):
        running.clock.advance(timedelta(minutes=15))
        await running.postman_delivered()

    alerts = [p.message.text for p in console.posts if p.channel == "mods"]
    assert alerts == [
        "🚨 Next flavour: slack has failed 5 times in a row; messages wait in the outbox and "
        "are retried."
    ]


def test_chorus_check_shows_the_moderators_channel_and_retention() -> None:
    from bot.cli.summary import summarise
    from bot.engine.i18n import Catalogs

    config = poll_config(extra="")
    flavour = config.campaigns[0].model_copy(
        update={"moderators_channel": "console:mods", "retain_days": 90}
    )
    text = summarise(
        config.model_copy(update={"campaigns": [flavour]}), Catalogs().translator("en")
    )

    assert "moderators' channel (alerts): console:mods" in text
    assert "personal data purged 90 days after the campaign ends" in text


def test_config_refuses_a_bad_moderators_channel_and_retention() -> None:
    from bot.model.errors import ConfigError
    from campaigns import parse_config
    from tests.factories import poll_text

    text = poll_text().replace(
        'duration = "7d"', 'duration = "7d"\nmoderators_channel = "nowhere"\nretain_days = 0'
    )

    with pytest.raises(ConfigError) as refused:
        parse_config(text)

    assert {p.path for p in refused.value.problems} == {
        "campaigns[0].moderators_channel",
        "campaigns[0].retain_days",
    }
