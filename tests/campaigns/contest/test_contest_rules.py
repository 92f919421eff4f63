"""Contest rules: eligibility at entry and vote time, phases, the tie rule, /vote shared with
polls, and the config checks."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from adapters.discord.translate import account_created
from adapters.memory import MemoryAdapter
from bot.engine.i18n import Catalogs
from bot.engine.places import place_of_chat
from bot.model.errors import ConfigError
from bot.model.events import Chat
from bot.model.members import Member
from campaigns.contest.awards import round_seed
from campaigns.contest.settings import ContestSettings
from campaigns.shared.draws import draw_many
from storage.contest.awards import awards_of
from storage.rounds import get_round
from tests.campaigns.contest.kit import (
    DISCORD,
    MODERATORS,
    START,
    TELEGRAM,
    TELEGRAM_MOD,
    Community,
    StartCommunity,
    contest_config,
    person,
    photo,
    press,
    submit,
    typed,
)

MOD = person("telegram", TELEGRAM_MOD, "Mona")
# a Discord id made on 2026-11-01, the day before the contest opens
NEW_DISCORD_ID = str(((1_793_491_200_000 - 1_420_070_400_000) << 22) + 1)

EN = Catalogs().translator("en")


async def entered(c: Community, who: Member, seed: int, *, approve: bool = True) -> None:
    await c.push(submit(who, f"Photo {seed}", file_ref=c.upload(who, f"f{seed}", photo(seed))))
    if approve:
        await c.push(typed(MOD, "approve", str(seed), channel=MODERATORS))


def vote_action(c: Community, entry: int, channel: str = TELEGRAM) -> str:
    [post] = c.posts(channel, f"entry-{entry}:")
    return post.message.buttons[0].action


def vote_action_unbound(c: Community, entry: int = 1) -> str:
    """Entry ``entry``'s vote button as the contest signs it, before it is bound to a place."""
    verb, *args = vote_action(c, entry, DISCORD).split(":")[:-1]
    return c.runtime.signer.sign(verb, *args)


async def test_banned_member_is_refused_at_entry_and_vote(community: StartCommunity) -> None:
    banned = person("telegram", "666", "Banned")
    c = await community(contest_config('banned = ["telegram:666"]'))
    await entered(c, person("discord", "300000000000000001", "Sam"), 1)

    await c.push(submit(banned, "Me", file_ref=c.upload(banned, "b", photo(9))))
    await c.push(press(banned, vote_action(c, 1)))

    assert c.answers(banned) == ["You cannot take part in this contest."] * 2


async def test_entry_from_another_chat_is_refused(community: StartCommunity) -> None:
    c = await community(contest_config())
    ana = person("telegram", "101", "Ana")

    elsewhere = "telegram:-55"
    await c.push(
        submit(ana, "summer", "Me", file_ref=c.upload(ana, "a", photo(1)), channel=elsewhere)
    )

    assert c.last_answer(ana) == (
        "Take part in “Funniest summer photo” from one of its groups or channels."
    )


async def test_private_entries_when_allowed(community: StartCommunity) -> None:
    c = await community(contest_config("accept_private = true"))
    ana = person("telegram", "101", "Ana")

    ref = c.upload(ana, "a", photo(1))
    await c.push(submit(ana, "summer", "Me", file_ref=ref, channel="telegram:101", private=True))

    assert "waiting for a moderator" in c.last_answer(ana)


class CommunityAdapter(MemoryAdapter):
    """A memory adapter that tells who belongs to the campaign's chats, as Discord's does."""

    members: set[str]

    async def is_member(self, chat: Chat, user: Member) -> bool:
        return chat.key == DISCORD and user.id in self.members


async def test_private_entry_and_vote_only_from_a_member_of_the_community(
    community: StartCommunity,
) -> None:
    discord = CommunityAdapter("discord")
    discord.members = {"300000000000000001"}
    c = await community(contest_config("accept_private = true"), discord=discord)
    ana = person("discord", "300000000000000001", "Ana")
    mallory = person("discord", "300000000000000002", "Mallory")
    dm = "discord:dm-channel"
    refused = "Only members of the community of “Funniest summer photo” can take part"

    await c.push(submit(ana, "Me", file_ref=c.upload(ana, "a", photo(1)), channel=dm, private=True))
    await c.push(
        submit(mallory, "Me", file_ref=c.upload(mallory, "m", photo(2)), channel=dm, private=True)
    )
    assert "waiting for a moderator" in c.last_answer(ana)
    assert c.last_answer(mallory).startswith(refused)

    await c.push(typed(MOD, "approve", "1", channel=MODERATORS))
    in_dm = Chat("discord", "dm-channel", private=True)
    shown_in_dm = c.runtime.signer.bind(  # the entry's vote button, as a DM would show it
        vote_action_unbound(c), place_of_chat(in_dm, mallory)
    )
    await c.push(replace(press(mallory, shown_in_dm), chat=in_dm))
    answers = c.answers(mallory)
    assert len(answers) == 2 and all(answer.startswith(refused) for answer in answers)


async def test_new_discord_account_is_refused(community: StartCommunity) -> None:
    c = await community(contest_config('min_account_age = "30d"'))
    # the Discord adapter tells the account's age from the id, as it does for every event
    newbie = replace(
        person("discord", NEW_DISCORD_ID, "Newbie"), created_at=account_created(NEW_DISCORD_ID)
    )
    veteran = person("discord", "300000000000000001", "Vet")  # made in 2015

    await c.push(submit(newbie, "Me", file_ref=c.upload(newbie, "n", photo(1))))
    await c.push(submit(veteran, "Me", file_ref=c.upload(veteran, "v", photo(2))))

    assert (
        c.last_answer(newbie)
        == "Your account is too new to take part: it must be at least 1 month old."
    )
    assert "waiting for a moderator" in c.last_answer(veteran)


class RoleAdapter(MemoryAdapter):
    """A memory adapter that can tell roles, as the Discord adapter does."""

    roles: dict[str, frozenset[str]]

    async def member_roles(self, chat: Chat, user: Member) -> frozenset[str]:
        return self.roles.get(user.id, frozenset())


async def test_required_role_is_refused_where_roles_cannot_be_told(
    community: StartCommunity,
) -> None:
    c = await community(contest_config('required_roles = ["discord:42"]'))
    fan = person("discord", "300000000000000001", "Fan")

    await c.push(submit(fan, "Me", file_ref=c.upload(fan, "f", photo(1))))

    assert c.last_answer(fan) == "This contest is for members with the required role."


async def test_required_role_is_checked_where_the_platform_tells_roles(
    community: StartCommunity,
) -> None:
    fan = person("discord", "300000000000000001", "Fan")
    other = person("discord", "300000000000000002", "Other")
    tg = person("telegram", "101", "Tg")
    discord = RoleAdapter("discord")
    discord.roles = {fan.id: frozenset({"42"})}
    c = await community(contest_config('required_roles = ["discord:42"]'), discord=discord)

    await c.push(submit(fan, "Me", file_ref=c.upload(fan, "f", photo(1))))
    await c.push(submit(other, "Me", file_ref=c.upload(other, "o", photo(2))))
    await c.push(submit(tg, "Me", file_ref=c.upload(tg, "t", photo(3))))

    assert "waiting for a moderator" in c.last_answer(fan)
    assert c.last_answer(other) == "This contest is for members with the required role."
    assert "waiting for a moderator" in c.last_answer(tg)  # no role rule for Telegram


PHASES = 'submissions_duration = "2d"'


async def test_phases_split_entries_and_votes(community: StartCommunity) -> None:
    c = await community(contest_config(phases=PHASES))
    ana, bob = person("telegram", "101", "Ana"), person("discord", "300000000000000002", "Bob")
    await entered(c, ana, 1)

    await c.push(press(bob, vote_action(c, 1, DISCORD)))
    voting = EN.datetime(START + timedelta(days=2), ZoneInfo("Europe/Paris"))
    assert c.last_answer(bob) == f"Voting opens on {voting}; until then, entries are open."
    c.clock.set(START + timedelta(days=2))
    await c.tick()
    await c.push(submit(bob, "Late", file_ref=c.upload(bob, "l", photo(2))))
    assert c.last_answer(bob) == "Entries are closed for this contest."
    await c.push(press(bob, vote_action(c, 1, DISCORD)))
    assert c.last_answer(bob) == "Your vote for entry #1 is recorded (1 of 1)."


async def test_tie_broken_by_a_draw_is_reproducible(community: StartCommunity) -> None:
    c = await community(contest_config('tie_rule = "draw"\nwinners = 1'))
    authors = [person("telegram", str(100 + n), f"A{n}") for n in range(1, 5)]
    for n, author in enumerate(authors, start=1):
        await entered(c, author, n)
    voters = [person("discord", f"30000000000000010{n}", f"V{n}") for n in range(4)]
    for voter, entry in zip(voters, (1, 2, 3, 4), strict=True):
        await c.push(press(voter, vote_action(c, entry, DISCORD)))
    [opening] = c.posts(TELEGRAM, "opening")
    assert "Draw commitment" in opening.message.text

    c.clock.set(START + timedelta(days=7))
    await c.tick()

    [award] = await awards_of(c.runtime.db, 1)
    assert award.how == "draw"
    [results] = c.posts(TELEGRAM, "results")
    assert "Ties were broken by a draw" in results.message.text
    round_ = await get_round(c.runtime.db, 1)
    assert round_ is not None
    seed = round_seed(c.runtime, round_)
    assert seed in results.message.text
    first = draw_many(seed, [f"entry:{n}" for n in (1, 2, 3, 4)], 4)[0]
    assert award.entry_id == int(first.split(":")[1])


async def test_vote_command_names_the_entry_and_polls_keep_theirs(
    community: StartCommunity,
) -> None:
    c = await community(contest_config())
    ana, bob = person("telegram", "101", "Ana"), person("discord", "300000000000000002", "Bob")
    await entered(c, ana, 1)

    await c.push(typed(bob, "vote", "1"))
    await c.push(typed(bob, "vote"))

    assert c.answers(bob) == [
        "Your vote for entry #1 is recorded (1 of 1).",
        "Write the entry number: /vote 12",
    ]


def test_more_prizes_than_winners_is_refused() -> None:
    with pytest.raises(ConfigError) as refused:
        contest_config('winners = 1\nprizes = ["a", "b"]')
    assert [p.code for p in refused.value.problems] == ["too_many_prizes"]


def test_contest_defaults_are_sensible() -> None:
    contest = ContestSettings()
    assert (contest.moderation, contest.self_votes, contest.votes_per_member) == ("pre", False, 1)
    assert contest.max_bytes == 10_000_000


async def test_opening_message_shows_participation_live(community: StartCommunity) -> None:
    c = await community(contest_config())
    ana, bob = person("telegram", "101", "Ana"), person("discord", "300000000000000002", "Bob")
    await entered(c, ana, 1)
    await c.push(press(bob, vote_action(c, 1, DISCORD)))

    assert c.runtime.live is not None
    await c.runtime.live.flush()

    edits = c.adapters["discord"].edits
    assert edits and edits[-1].message.text.endswith("So far: 1 entry · 1 vote")
    assert edits[-1].message.text.startswith("📸 The contest is open: Funniest summer photo")
