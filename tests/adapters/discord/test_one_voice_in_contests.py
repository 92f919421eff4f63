"""One person, one voice in a contest across Telegram and Discord, end to end (both real SDKs
against their emulators in one app): Ana is on Telegram and, as Bob, on Discord, and links her
accounts. Her entry is hers from both accounts (no self-vote), and what Chorus tells her about an
entry reaches the account she submitted it from, under the name she used there."""

from __future__ import annotations

from datetime import timedelta

from storage.contest.awards import awards_of
from storage.contest.entries import entries_of
from storage.contest.entry_votes import votes_per_entry
from tests.adapters.discord.helpers import member_json, submit_photo, text_of
from tests.adapters.discord.test_contest_across_platforms import CONTEST as ACROSS
from tests.adapters.discord.two_platforms import BothRun, StartBoth, in_group
from tests.adapters.telegram import payloads as tp
from tests.campaigns.contest.kit import photo
from tests.campaigns.contest.scenario import round_of

ANA = tp.user(71, "Ana")  # on Telegram
TOM = tp.user(72, "Tom")
MIA = tp.user(777, "Mia")  # a moderator
BOB = member_json(1)  # Ana on Discord
BOB_ID = str(BOB["user"]["id"])
CARL = member_json(2)

#: The two-platform contest, with three votes each and entries hidden at two reports.
CONTEST = ACROSS.split("[discord]")[0].replace(
    "votes_per_member = 2", "votes_per_member = 3\nreports_to_hide = 2"
)


async def entry_from_discord(run: BothRun, title: str = "My cone", number: int = 1) -> None:
    """Bob submits a photo on Discord and Mia approves it in the Telegram group."""
    answer = await submit_photo(run.discord, BOB, f"cone{number}.jpg", photo(number), title=title)
    assert "waiting for a moderator" in text_of(await answer.answer())
    await run.tick()
    assert "approved" in await run.press_on_telegram(MIA, "✅ Approve")
    await run.tick()


async def test_a_person_cannot_vote_for_their_own_entry_from_a_linked_account(
    start_both: StartBoth,
) -> None:
    run = await start_both(CONTEST)
    await run.link(ANA, BOB)
    await entry_from_discord(run)

    from_telegram = await run.press_on_telegram(ANA, "👍 Vote")
    from_discord = await run.press_on_discord(BOB, "👍 Vote")
    other = await run.press_on_telegram(TOM, "👍 Vote")

    assert "You cannot vote for your own entry" in from_telegram
    assert "You cannot vote for your own entry" in from_discord
    assert "Your vote for entry #1 is recorded" in other
    assert await votes_per_entry(run.runtime.db, await round_of(run.runtime.db)) == {1: 1}


async def test_with_self_votes_allowed_a_linked_account_may_vote_for_the_person_entry(
    start_both: StartBoth,
) -> None:
    allowed = CONTEST.replace("reports_to_hide = 2", "reports_to_hide = 2\nself_votes = true")
    run = await start_both(allowed)
    await run.link(ANA, BOB)
    await entry_from_discord(run)

    assert "Your vote for entry #1 is recorded" in await run.press_on_telegram(ANA, "👍 Vote")
    assert "already voted for entry #1" in await run.press_on_discord(BOB, "👍 Vote")
    assert await votes_per_entry(run.runtime.db, await round_of(run.runtime.db)) == {1: 1}


async def test_an_entry_from_a_linked_account_is_told_and_credited_on_that_account(
    start_both: StartBoth,
) -> None:
    run = await start_both(CONTEST)
    await run.link(ANA, BOB)  # her Telegram account came first: the person's records go there
    await run.tick()
    telegram_dms = len(run.telegram_dms(71))
    await entry_from_discord(run)
    assert "Your vote for entry #1 is recorded" in await run.press_on_telegram(TOM, "👍 Vote")

    run.clock.advance(timedelta(days=7, minutes=1))
    await run.tick()
    await run.tick()

    db = run.runtime.db
    [entry] = await entries_of(db, await round_of(db))
    assert (entry.author.key, entry.author.name) == (f"discord:{BOB_ID}", "Member1")
    card = next(s.text or "" for s in in_group(run.telegram) if (s.text or "").startswith("#1"))
    assert "Member1" in card
    [award] = await awards_of(db, await round_of(db))
    assert (award.winner.key, award.winner.name) == (f"discord:{BOB_ID}", "Member1")
    told = run.discord_dms(BOB_ID)
    assert any("Your entry #1 to “Funniest summer photo” is approved" in t for t in told)
    assert any("Congratulations! You won prize #1" in t for t in told)
    assert run.telegram_dms(71)[telegram_dms:] == []  # nothing went to her other account
