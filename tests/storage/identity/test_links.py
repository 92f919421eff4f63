"""Linking accounts in storage: who shares a voice in which round, guessing codes, merging
what two accounts recorded before they were linked."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from bot.model.members import Member
from storage.db import Database
from storage.delivery.outbox import OutboxItem
from storage.identity.links import (
    MAX_FAILURES,
    Linked,
    Unlinked,
    issue_code,
    new_code,
    redeem_code,
    unlink,
)
from storage.identity.merge import OneStands
from storage.identity.voices import voice, voices_of_links
from storage.poll.vote_requests import VoteRequest
from storage.poll.votes import BallotBox, ballots_of
from storage.rounds import create_round, save_campaign
from storage.tables import BALLOT

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ANA = Member("telegram", "11", "Ana")
BOB = Member("discord", "22", "Bob")
EVE = Member("slack", "U3", "Eve")
_deliveries = iter(range(10_000))


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database.connect(database_url)
    await database.migrate()
    await save_campaign(database, "flavour", "poll", "Flavour", {}, NOW)
    yield database
    await database.close()


def _delivery(member: Member) -> tuple[str, str]:
    return member.platform, f"d{next(_deliveries)}"


async def _code(db: Database, member: Member, at: datetime = NOW) -> str:
    code = new_code()
    notice = OutboxItem(None, f"code-{code}", member.private_channel, {"text": code})
    assert await issue_code(db, member, code, _delivery(member), at, notice) is not None
    return code


async def _link(db: Database, a: Member, b: Member, at: datetime, rounds: list[int]) -> None:
    code = await _code(db, a, at)
    rule = OneStands(BALLOT, "updated_at")
    result = await redeem_code(db, b, code, _delivery(b), at, rounds, [rule])
    assert result.outcome is Linked.LINKED


async def _open_round(db: Database, number: int, at: datetime) -> int:
    round_ = await create_round(db, "flavour", number, at, at + timedelta(days=1))
    async with db.transaction() as conn:
        await conn.execute(
            text("UPDATE round SET state = 'open', opened_at = :at WHERE id = :id"),
            {"at": at.replace(tzinfo=None), "id": round_.id},
        )
    return round_.id


async def _voice(db: Database, member: Member, round_id: int) -> int:
    async with db.transaction() as conn:
        return (await voice(conn, member, round_id, by_person=True)).counted


async def test_an_unlink_frees_a_separate_voice_only_from_the_next_round(db: Database) -> None:
    first = await _open_round(db, 1, NOW)
    await _link(db, ANA, BOB, NOW + timedelta(minutes=1), [first])
    assert await _voice(db, BOB, first) == await _voice(db, ANA, first)

    done, _ = await unlink(db, BOB, "discord", _delivery(BOB), NOW + timedelta(hours=1))
    assert done is Unlinked.UNLINKED
    assert await _voice(db, BOB, first) == await _voice(db, ANA, first)  # still this round

    second = await _open_round(db, 2, NOW + timedelta(days=2))
    assert await _voice(db, BOB, second) != await _voice(db, ANA, second)


async def test_linking_mid_round_keeps_the_latest_ballot_once(db: Database) -> None:
    round_id = await _open_round(db, 1, NOW)
    box = BallotBox(db)
    for member, option, minutes in ((ANA, 0, 1), (BOB, 2, 2)):
        at = NOW + timedelta(minutes=minutes)
        await box.cast(VoteRequest(f"v-{member.id}", member, round_id, option, at))
    assert sorted(await ballots_of(db, round_id)) == [(0,), (2,)]

    await _link(db, ANA, BOB, NOW + timedelta(minutes=5), [round_id])

    assert await ballots_of(db, round_id) == [(2,)]


async def test_wrong_codes_are_refused_without_looking_after_the_limit(db: Database) -> None:
    code = await _code(db, ANA)
    for _ in range(MAX_FAILURES):
        wrong = await redeem_code(db, BOB, "AAAAAAAA", _delivery(BOB), NOW, [], [])
        assert wrong.outcome is Linked.UNKNOWN

    right = await redeem_code(db, BOB, code, _delivery(BOB), NOW, [], [])
    assert right.outcome is Linked.TOO_MANY
    an_hour_later = NOW + timedelta(hours=1, minutes=1)  # the limit lapsed, and the code
    late = await redeem_code(db, BOB, code, _delivery(BOB), an_hour_later, [], [])
    assert late.outcome is Linked.EXPIRED


async def test_a_person_has_one_account_per_platform(db: Database) -> None:
    await _link(db, ANA, BOB, NOW, [])
    other_discord = Member("discord", "33", "Bob 2")
    code = await _code(db, ANA)

    refused = await redeem_code(db, other_discord, code, _delivery(other_discord), NOW, [], [])

    assert refused.outcome is Linked.SAME_PLATFORM


def test_accounts_joined_through_two_persons_share_the_smallest_voice() -> None:
    # account 5 left person 1 for person 2 during the round: 3, 5 and 8 are one voice
    voices = voices_of_links([(3, 1), (5, 1), (5, 2), (8, 2), (9, 3)])

    assert voices == {3: 3, 5: 3, 8: 3, 9: 9}


async def test_one_batch_of_votes_reads_the_links_of_all_its_voters_at_once(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    round_id = await _open_round(db, 1, NOW)
    await _link(db, ANA, BOB, NOW + timedelta(minutes=1), [round_id])
    await unlink(db, BOB, "discord", _delivery(BOB), NOW + timedelta(minutes=2))
    await _link(db, EVE, BOB, NOW + timedelta(minutes=3), [round_id])  # Ana, Bob, Eve: one voice
    box = BallotBox(db)
    writer = box._writer
    lookups: list[set[tuple[int, int]]] = []
    original = writer.links

    async def counted(self: object, seeds: set[tuple[int, int]]) -> object:
        lookups.append(seeds)
        return await original(self, seeds)  # type: ignore[arg-type]

    monkeypatch.setattr(writer, "links", counted)
    alone = Member("telegram", "44", "Zoé")
    at = NOW + timedelta(minutes=10)
    voters = [(ANA, 0), (BOB, 1), (EVE, 2), (alone, 3)]

    results = await asyncio.gather(
        *(
            box.cast(VoteRequest(f"b-{m.id}", m, round_id, option, at, by_person=True))
            for m, option in voters
        )
    )

    assert len(lookups) == 1 and len(lookups[0]) == 4
    assert [r.shared for r in results] == [True, True, True, False]
    assert sorted(await ballots_of(db, round_id)) == [(2,), (3,)]
