"""The bot token never reaches the logs, even where python-telegram-bot puts it in URLs: file
downloads (``…/file/bot<token>/…``) logged by httpx, and the traceback of a download the file
server refuses."""

from __future__ import annotations

import logging

from bot.engine.errors import Failure
from bot.engine.redaction import HIDDEN
from campaigns import parse_config
from storage.meta import signing_secret
from tests.adapters.telegram.emulator import TelegramEmulator
from tests.adapters.telegram.harness import GROUP, SECRET, StartTelegram, telegram_section
from tests.adapters.telegram.test_telegram_contest_flow import ANA, CAL, CONTEST, MODS_ID, reply_to
from tests.campaigns.contest.kit import photo
from tests.campaigns.contest.scenario import SETTINGS
from tests.db_dump import every_text
from tests.log_guard import CapturedLogs


async def test_token_never_logged(
    emulator: TelegramEmulator, start_telegram: StartTelegram, logs: CapturedLogs
) -> None:
    logs.level(logging.DEBUG)
    logging.getLogger("httpx").setLevel(logging.DEBUG)  # even the request lines, token and all
    for member in (ANA, CAL):
        emulator.started_private.add(member["id"])
    text = CONTEST.format(group=GROUP, mods=MODS_ID, settings=SETTINGS)
    run = await start_telegram(parse_config(text + telegram_section(emulator)))
    failures: list[Failure] = []
    run.runtime.errors.listen(failures.append)

    stored = await emulator.send_file(ANA, "/submit Photo 1", "ph-1", photo(1))
    assert "is waiting for a moderator" in await reply_to(emulator, stored)
    emulator.fail_downloads(502)
    refused = await emulator.send_file(CAL, "/submit Photo 2", "ph-2", photo(2))
    assert "went wrong" in await reply_to(emulator, refused)
    [handler] = failures  # the handler's failure reached the runtime's one error hook
    assert handler.where.startswith("handler failed for ") and "502" in str(handler.error)
    database = await every_text(run.runtime.db)
    secret = (await signing_secret(run.runtime.db)).hex()
    await run.app.stop()

    written = logs.stream.getvalue()
    # what would have shown the token: the download's URL, and the 502's traceback
    assert f"/file/bot{HIDDEN}/photos/ph-1.bin" in written
    [failure] = [r for r in logs.records if r.exc_text and "502 Bad Gateway" in r.exc_text]
    assert failure.levelno == logging.ERROR and f"/file/bot{HIDDEN}/" in failure.exc_text
    assert logs.leaks([emulator.token, SECRET, secret]) == []
    assert emulator.token not in database and secret not in database
