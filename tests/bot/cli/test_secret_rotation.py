"""``chorus secret rotate``: a new button-signing secret; buttons posted before keep working for
a week (the previous secret is still accepted), then read as stale. Giveaway seeds, derived
from the first secret, do not change."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app as cli
from bot.engine.action_ids import ROTATION_GRACE, ActionSigner
from bot.model.clock import ManualClock
from campaigns import parse_config
from storage.db import Database
from storage.meta import rotate_signing_secret, signing_keys
from tests.conftest import START, StartApp
from tests.factories import member, poll_text, press

#: The flavour poll, open long enough to outlive the grace period.
LONG_POLL = poll_text().replace('duration = "7d"', 'duration = "30d"')
STALE = "This button no longer works. Use the buttons of the latest message."


async def rotate(database_url: str, clock: ManualClock) -> None:
    db = Database.connect(database_url)
    try:
        await rotate_signing_secret(db, clock.now(), ROTATION_GRACE)
    finally:
        await db.close()


async def test_buttons_posted_before_a_rotation_work_for_a_week_then_are_stale(
    start_app: StartApp, database_url: str
) -> None:
    config = parse_config(LONG_POLL)
    running = await start_app(config)
    opening = next(p for p in running.adapter.posts if ":opening:" in p.key)
    vanilla = opening.message.buttons[0].action
    await running.app.stop()

    await rotate(database_url, running.clock)
    running = await start_app(config, clock=running.clock)  # restarted with the new secret
    signer = running.runtime.signer
    unbound = signer.sign(*vanilla.rsplit(":", 1)[0].split(":"))
    fresh = signer.bind(unbound, f"{running.adapter.platform}:{opening.channel}")
    assert fresh != vanilla

    await running.adapter.push(press(member("alice"), vanilla))
    assert running.adapter.replies_to("alice")[-1] == "✅ Your vote for “Vanilla” is recorded."

    running.clock.advance(ROTATION_GRACE + timedelta(minutes=1))
    await running.adapter.push(press(member("bob"), vanilla))
    await running.adapter.push(press(member("carol"), fresh))

    assert running.adapter.replies_to("bob") == [STALE]
    assert running.adapter.replies_to("carol") == ["✅ Your vote for “Vanilla” is recorded."]


async def test_a_forged_button_is_refused_during_the_grace_too(
    start_app: StartApp, database_url: str
) -> None:
    running = await start_app(parse_config(LONG_POLL))
    opening = next(p for p in running.adapter.posts if ":opening:" in p.key)
    forged = opening.message.buttons[0].action.rsplit(":", 1)[0] + ":AAAAAAAA"
    await running.app.stop()

    await rotate(database_url, running.clock)
    running = await start_app(parse_config(LONG_POLL), clock=running.clock)
    await running.adapter.push(press(member("mallory"), forged))

    assert running.adapter.replies_to("mallory") == [STALE]


async def test_giveaway_seeds_survive_every_rotation(database_url: str) -> None:
    clock = ManualClock(START)
    db = Database.connect(database_url)
    try:
        await db.migrate()
        first = await signing_keys(db)
        seed = ActionSigner.from_keys(first, clock).derive("draw:1")

        once = await rotate_signing_secret(db, clock.now(), ROTATION_GRACE)
        twice = await rotate_signing_secret(db, clock.now(), ROTATION_GRACE)

        assert len({first.current, once.current, twice.current}) == 3
        assert twice.previous == once.current
        assert ActionSigner.from_keys(twice, clock).derive("draw:1") == seed
        assert await signing_keys(db) == twice
    finally:
        await db.close()


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "The button-signing secret is replaced. Buttons posted before keep working until"),
        ("fr", "Le secret qui signe les boutons est remplacé. Les boutons déjà publiés"),
    ],
)
def test_secret_rotate_replaces_the_secret_and_says_until_when_old_buttons_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, said: str
) -> None:
    monkeypatch.setenv("CHORUS_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'op.db'}")
    config = tmp_path / "config.toml"
    config.write_text(poll_text(), encoding="utf-8")
    assert CliRunner().invoke(cli, ["run", "-c", str(config)], input="/quit\n").exit_code == 0
    with sqlite3.connect(tmp_path / "op.db") as db:
        [(before,)] = db.execute("SELECT value FROM meta WHERE key = 'signing_secret'").fetchall()

    done = CliRunner().invoke(cli, ["secret", "rotate", "-c", str(config), "--lang", lang])

    assert done.exit_code == 0, done.output
    assert done.stdout.startswith(said)
    with sqlite3.connect(tmp_path / "op.db") as db:
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    assert meta["signing_secret"] != before and meta["signing_secret_previous"] == before


def test_rotating_before_chorus_ever_ran_makes_no_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHORUS_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'none.db'}")
    config = tmp_path / "config.toml"
    config.write_text(poll_text(), encoding="utf-8")

    done = CliRunner().invoke(cli, ["secret", "rotate", "-c", str(config), "--lang", "en"])

    assert done.exit_code == 2
    assert done.stderr.startswith(f"No database at {tmp_path / 'none.db'}:")
    assert not (tmp_path / "none.db").exists()
