"""Fair giveaways: a published commitment, a revealed seed, draws anyone can recompute, and
re-draws that never pick an earlier winner."""

from __future__ import annotations

import asyncio
import json
import random
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update
from typer.testing import CliRunner

from bot.cli import app as cli
from bot.model.members import Member
from campaigns.shared.draws import commitment, draw_many, draw_one, entrants_hash
from storage.contest.awards import awards_of, entrants_of
from storage.participants import participant_id
from storage.rounds import audit_log
from storage.tables import ENTRANT
from tests.campaigns.contest.kit import (
    CONTEST,
    DISCORD,
    MODERATORS,
    START,
    TELEGRAM,
    TELEGRAM_MOD,
    Community,
    StartCommunity,
    channel_of,
    contest_config,
    person,
    press,
    typed,
)

GIVEAWAY = 'giveaway = true\nwinners = 2\nprizes = ["A bike", "A cap"]'
MOD = person("telegram", TELEGRAM_MOD, "Mona")
PEOPLE = [
    person("telegram", str(400 + n), f"Tg{n}")
    if n % 2
    else person("discord", f"5000000000000000{n:02d}", f"Dc{n}", "fr")
    for n in range(1, 7)
]
runner = CliRunner()


def enter_action(c: Community, member: Member) -> str:
    """The enter button of the opening message in ``member``'s chat."""
    [opening] = c.posts(channel_of(member), "opening")
    [enter] = opening.message.buttons
    return enter.action


async def drawn(community: StartCommunity) -> Community:
    c = await community(contest_config(GIVEAWAY))
    for member in PEOPLE:
        await c.push(press(member, enter_action(c, member)))
    c.clock.set(START + timedelta(days=7))
    await c.tick()
    return c


async def verify(c: Community, database_url: str, tmp_path: Path, *options: str) -> tuple[int, str]:
    """Run ``chorus verify-draw summer`` as an operator would, on the same database."""
    config = tmp_path / "config.toml"
    text = CONTEST.format(
        mod=TELEGRAM_MOD,
        telegram=TELEGRAM,
        discord=DISCORD,
        phases="",
        settings=f'moderators_channel = "{MODERATORS}"\n{GIVEAWAY}',
    )
    config.write_text(text, encoding="utf-8")
    done = await asyncio.to_thread(
        runner.invoke,
        cli,
        ["verify-draw", "summer", "-c", str(config), "--lang", "en", "--entrants", *options],
        env={"CHORUS_DATABASE_URL": database_url},
    )
    return done.exit_code, done.stdout


async def test_opening_commits_and_closing_reveals(community: StartCommunity) -> None:
    c = await community(contest_config(GIVEAWAY))
    [opening] = c.posts(DISCORD, "opening")
    committed = opening.message.text.rsplit("seed): ", 1)[1].splitlines()[0]

    for member in PEOPLE:
        await c.push(press(member, enter_action(c, member)))
    await c.push(press(PEOPLE[0], enter_action(c, PEOPLE[0])))
    assert c.last_answer(PEOPLE[0]) == "You are already in the draw."
    c.clock.set(START + timedelta(days=7))
    await c.tick()

    [results] = c.posts(TELEGRAM, "results")
    seed = results.message.text.split("Seed revealed: ", 1)[1].split(" ", 1)[0]
    keys = sorted(p.key for p in PEOPLE)
    assert commitment(seed) == committed
    assert f"6 entrants; hash of the sorted entrant list: {entrants_hash(keys)}" in (
        results.message.text
    )
    winners = draw_many(seed, keys, 2)
    recorded = [a.winner.key for a in await awards_of(c.runtime.db, 1)]
    assert recorded == winners
    first = next(p for p in PEOPLE if p.key == winners[0])
    assert c.directs(first)[-1].split("\n")[0].endswith(("A bike.", "A bike"))


async def test_verify_draw_recomputes_the_recorded_draw(
    community: StartCommunity, database_url: str, tmp_path: Path
) -> None:
    c = await drawn(community)

    code, out = await verify(c, database_url, tmp_path)

    assert code == 0, out
    assert "The draw is verified" in out
    assert out.count("✓") == 5  # seed, commitment published, entrant hash, two winners
    assert sorted(p.key for p in PEOPLE) == out.strip().splitlines()[-7:-1]


async def test_changing_one_entrant_breaks_verification(
    community: StartCommunity, database_url: str, tmp_path: Path
) -> None:
    c = await drawn(community)
    async with c.runtime.db.transaction() as conn:
        someone = await participant_id(conn, Member(PEOPLE[2].platform, "999", "Someone"))
        real = await participant_id(conn, PEOPLE[2])
        await conn.execute(
            update(ENTRANT)
            .where(ENTRANT.c.participant_id == real)
            .values(participant_id=someone, account_id=someone)
        )

    code, out = await verify(c, database_url, tmp_path)

    assert code == 1
    assert "✗ 6 entrants" in out
    assert "does NOT match" in out


async def test_verify_draw_as_json(
    community: StartCommunity, database_url: str, tmp_path: Path
) -> None:
    c = await drawn(community)
    recorded = [a.winner.key for a in await awards_of(c.runtime.db, 1)]

    code, out = await verify(c, database_url, tmp_path, "--json")
    async with c.runtime.db.transaction() as conn:  # one entrant swapped after the draw
        someone = await participant_id(conn, Member(PEOPLE[2].platform, "999", "Someone"))
        real = await participant_id(conn, PEOPLE[2])
        await conn.execute(
            update(ENTRANT)
            .where(ENTRANT.c.participant_id == real)
            .values(participant_id=someone, account_id=someone)
        )
    broken_code, broken_out = await verify(c, database_url, tmp_path, "--json")

    document, broken = json.loads(out), json.loads(broken_out)
    assert code == 0, out
    assert (document["campaign"], document["round"], document["verified"]) == ("summer", 1, True)
    assert document["seed_matches_commitment"] and document["commitment_published"]
    assert document["entrants_hash"] == entrants_hash(sorted(p.key for p in PEOPLE))
    assert (document["entrant_count"], document["entrants_hash_ok"]) == (6, True)
    assert [w["recorded"] for w in document["winners"]] == recorded
    assert all(w["ok"] for w in document["winners"])
    assert document["entrants"] == sorted(p.key for p in PEOPLE)
    assert broken_code == 1
    assert (broken["verified"], broken["entrants_hash_ok"]) == (False, False)


def test_one_entrant_changed_changes_the_hash_and_the_draw() -> None:
    entrants = [f"telegram:{n}" for n in range(50)]
    changed = [*entrants[:-1], "telegram:9999"]

    assert entrants_hash(entrants) != entrants_hash(changed)
    assert entrants_hash(entrants) == entrants_hash(reversed(entrants))
    seeds = [f"{n:064x}" for n in range(20)]
    assert any(draw_many(s, entrants, 3) != draw_many(s, changed, 3) for s in seeds)


def test_redraws_never_pick_an_earlier_winner() -> None:
    rng = random.Random(7)
    for _ in range(200):
        entrants = [f"discord:{rng.randrange(10**6)}" for _ in range(rng.randint(1, 12))]
        seed = f"{rng.getrandbits(256):064x}"
        winners = draw_many(seed, entrants, len(entrants))
        assert len(winners) == len(set(winners)) == len(set(entrants))
    with pytest.raises(ValueError, match="no entrant left"):
        draw_one("00" * 32, ["a", "b"], ["a", "b"], 2)


async def test_redraw_excludes_winners_is_logged_and_announced(
    community: StartCommunity, database_url: str, tmp_path: Path
) -> None:
    c = await drawn(community)
    first_two = [a.winner.key for a in await awards_of(c.runtime.db, 1)]

    for _ in range(4):
        await c.push(typed(MOD, "redraw", "summer", "1", "did", "not", "claim"))
    await c.push(typed(MOD, "redraw", "1"))

    awards = await awards_of(c.runtime.db, 1)
    keys = [a.winner.key for a in awards]
    assert keys[:2] == first_two
    assert len(keys) == len(set(keys)) == 6
    assert c.last_answer(MOD) == "Everyone in the draw has already won: nobody is left to draw."
    redraws = [a for a in await audit_log(c.runtime.db, "summer") if a.action == "redraw"]
    assert len(redraws) == 4 and all(a.actor == MOD.key for a in redraws)
    assert "did not claim" in redraws[0].detail
    for channel in (TELEGRAM, DISCORD):
        assert len(c.posts(channel, "winner-")) == 4  # one announcement per re-draw
    newest = next(p for p in PEOPLE if p.key == keys[-1])
    assert c.directs(newest)[-1].startswith(("Congratulations", "Félicitations"))
    code, out = await verify(c, database_url, tmp_path)
    assert code == 0, out
    assert out.count(", recomputed ") == 6


async def test_members_cannot_redraw_and_enter_is_refused_after_close(
    community: StartCommunity,
) -> None:
    c = await drawn(community)
    late = person("telegram", "4999", "Late")

    await c.push(typed(PEOPLE[0], "redraw"))
    await c.push(press(late, enter_action(c, late)))

    assert "moderator" in c.last_answer(PEOPLE[0]).lower()
    assert c.last_answer(late) == "The draw is closed: entries are no longer accepted."
    assert len(await entrants_of(c.runtime.db, 1)) == 6
