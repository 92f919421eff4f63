"""Files handed to one member privately (chat exports, ``/mydata``), and their purge.

They are written under ``<media>/exports`` with a hard-to-guess name starting with the time
they were written, readable by Chorus's account only, and deleted a day later by the
scheduler's sweep. Both the exports and the privacy features use them, so they live below both.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.engine.runtime import Runtime
from bot.model.actions import Message
from bot.model.events import Event
from storage.delivery.outbox import NEAR
from storage.privacy.private_files import write_private

FOLDER = "exports"
KEEP = timedelta(days=1)
STAMP = "%Y%m%dT%H%M%S"


def export_folder(runtime: Runtime) -> Path:
    """Where exports sent in chat wait to be delivered."""
    return runtime.config.media_dir() / FOLDER


def write_private_file(runtime: Runtime, stem: str, suffix: str, text: str) -> Path:
    """Write ``text`` to a fresh, hard-to-guess file named after the clock (for the purge),
    readable by Chorus's account only."""
    stamp = runtime.clock.now().strftime(STAMP)
    path = export_folder(runtime) / f"{stamp}-{stem}-{secrets.token_hex(8)}.{suffix}"
    write_private(path, text.encode())  # 0600: personal data
    return path


def asked_from(message: Message, event: Event) -> dict[str, Any]:
    """The outbox payload of ``message`` sent privately to the member who asked in ``event``:
    it names the chat they asked from, where they are told if the platform refuses it."""
    payload = message.to_dict()
    if not event.chat.private:
        payload[NEAR] = [event.chat.key, event.user.name]
    return payload


def purge_export_files(runtime: Runtime) -> int:
    """Delete exports written more than :data:`KEEP` ago (by the clock); return how many."""
    folder = export_folder(runtime)
    if not folder.is_dir():
        return 0
    limit = runtime.clock.now() - KEEP
    removed = 0
    for path in folder.iterdir():
        try:
            written = datetime.strptime(path.name.split("-", 1)[0], STAMP)
        except ValueError:
            continue
        if written.replace(tzinfo=limit.tzinfo) < limit:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
