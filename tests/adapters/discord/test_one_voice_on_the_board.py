"""The contributors' board counts people where an idea box does (``one_voice = "person"``), end
to end across Telegram and Discord (both real SDKs against their emulators in one app): Ana is on
Telegram and, as Bob, on Discord; once linked, her ideas from both accounts make one line, under
the name of her first account."""

from __future__ import annotations

from tests.adapters.discord.test_one_voice_in_ideas_and_reports import ANA, BOB, IDEAS, MIA, TOM
from tests.adapters.discord.two_platforms import BothRun, StartBoth


async def _ideas_from_both_accounts(run: BothRun) -> str:
    """Ana and Bob, linked, each post an idea, Tom posts one and upvotes theirs; the board."""
    await run.link(ANA, BOB)  # her Telegram account came first
    assert "#1" in await run.say(ANA, "/idea box Night opening — open until midnight")
    assert "#2" in await run.command(BOB, "idea", text="Rose ice cream — grandmother's recipe")
    assert "#3" in await run.say(TOM, "/idea box Free water — a jug on each table")
    await run.tick()
    assert "counted" in await run.press_on_telegram(TOM, "👍 Upvote #1")
    assert "counted" in await run.press_on_telegram(TOM, "👍 Upvote #2")
    return await run.say(MIA, "/contributors box")


async def test_linked_accounts_make_one_line_on_the_contributors_board(
    start_both: StartBoth,
) -> None:
    run = await start_both(IDEAS)

    board = await _ideas_from_both_accounts(run)

    assert "1. Ana — 💡 2 · 👍 2 · ✅ 0" in board
    assert "2. Tom — 💡 1 · 👍 0 · ✅ 0" in board
    assert "Member1" not in board


async def test_counting_accounts_the_board_keeps_a_line_per_account(
    start_both: StartBoth,
) -> None:
    run = await start_both(
        IDEAS.replace('duration = "3d"', 'duration = "3d"\none_voice = "account"')
    )

    board = await _ideas_from_both_accounts(run)

    assert "Ana — 💡 1 · 👍 1 · ✅ 0" in board
    assert "Member1 — 💡 1 · 👍 1 · ✅ 0" in board
