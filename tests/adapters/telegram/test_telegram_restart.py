"""A real ``chorus run`` process on Telegram, SIGKILLed mid-stream, then started again.

Presses are answered (``answerCallbackQuery``) only after their vote is durable, and an update
is confirmed to Telegram only once it is handled. The emulator holds the answers after the
first ten, so when the process is killed most presses were fetched, maybe recorded, but not
handled: they must not have been confirmed, must come again after the restart, and must leave
every count exact.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from adapters.telegram.adapter import TOKEN_ENV
from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import TelegramEmulator
from tests.adapters.telegram.harness import GROUP, telegram_section
from tests.factories import poll_text

CHORUS = Path(sys.executable).parent / "chorus"
MEMBERS = 30


@contextmanager
def chorus_run(tmp_path: Path, emulator: TelegramEmulator) -> Iterator[subprocess.Popen[bytes]]:
    env = dict(os.environ)
    env[TOKEN_ENV] = emulator.token
    env["CHORUS_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'chorus.db'}"
    env["CHORUS_MEDIA_DIR"] = str(tmp_path / "media")
    process = subprocess.Popen(
        [str(CHORUS), "run", "--config", str(tmp_path / "config.toml")],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        yield process
    finally:
        process.kill()
        process.wait()


def ballots(tmp_path: Path) -> dict[str, str]:
    with sqlite3.connect(tmp_path / "chorus.db") as db:
        rows = db.execute(
            "SELECT p.user_id, b.choices FROM ballot b"
            " JOIN participant p ON p.id = b.participant_id"
        ).fetchall()
    return {str(user): str(choices) for user, choices in rows}


async def test_sigkill_mid_stream_redelivers_unhandled_updates_and_counts_stay_exact(
    tmp_path: Path, emulator: TelegramEmulator
) -> None:
    config = poll_text(channels=(GROUP,)) + telegram_section(emulator)
    (tmp_path / "config.toml").write_text(config, encoding="utf-8")
    emulator.hold_answers_after = 10

    with chorus_run(tmp_path, emulator) as first:
        await emulator.wait_until(lambda: any(s.buttons for s in emulator.sent), within=60)
        [opening] = [s for s in emulator.sent if s.buttons]
        presses = [
            await emulator.press(p.user(2000 + i), opening, opening.buttons[i % 3][1])
            for i in range(MEMBERS)
        ]
        await emulator.wait_until(lambda: emulator.answer_requests == MEMBERS, within=30)
        first.send_signal(signal.SIGKILL)
        assert first.wait(timeout=30) == -signal.SIGKILL

    answered = {a["callback_query_id"] for a in emulator.answers}
    update_of = {u["callback_query"]["id"]: u["update_id"] for u in presses}
    unanswered = sorted(update_of[q] for q in update_of if q not in answered)
    assert len(unanswered) == MEMBERS - 10
    assert emulator.confirmed <= unanswered[0]  # nothing unhandled was confirmed
    emulator.release_answers()

    last = presses[-1]["update_id"]
    with chorus_run(tmp_path, emulator) as second:
        await emulator.wait_until(lambda: emulator.confirmed > last, within=60)
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=30) == 0

    expected = {str(2000 + i): str(i % 3) for i in range(MEMBERS)}
    assert ballots(tmp_path) == expected
    assert len([s for s in emulator.sent if s.buttons]) == 1  # no second opening message
