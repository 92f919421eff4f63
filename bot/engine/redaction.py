"""Secrets never leave the process in text: logs, tracebacks and alerts are redacted.

SDKs put tokens where Chorus does not choose the words: python-telegram-bot downloads files from
``…/file/bot<token>/…`` and httpx logs that URL (and an HTTP error's message repeats it, so a
traceback does too). Rather than trusting every library, every text leaving through a log
handler or an alert goes through one :class:`Redactor` that knows each configured secret:
``CHORUS_*_TOKEN`` and ``CHORUS_*_SECRET`` variables (whatever the platform), the database
password, and the button-signing secrets loaded from the database.
"""

from __future__ import annotations

import logging
import os
import re
import traceback
from collections.abc import Iterable, Mapping
from urllib.parse import quote

from sqlalchemy.engine import make_url

HIDDEN = "[REDACTED]"
#: Variables holding a secret: ``CHORUS_TELEGRAM_TOKEN``, ``CHORUS_SLACK_SIGNING_SECRET``…
SECRET_VARIABLE = re.compile(r"^CHORUS_\w*_(TOKEN|SECRET)$")
#: Loggers kept above the level where they print what must stay inside: request URLs
#: (Telegram's carry the bot token) and SQL parameters (the signing secret is written before
#: Chorus knows it, and members' data).
QUIET_LOGGERS = {"httpx": logging.WARNING, "httpcore": logging.WARNING, "aiosqlite": logging.INFO}


class Redactor:
    """Replaces every known secret (as written, and URL-encoded) with :data:`HIDDEN`."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        self.add(*secrets)

    @classmethod
    def from_environment(cls, database_url: str | None = None) -> Redactor:
        """A redactor for :func:`configured_secrets`."""
        return cls(configured_secrets(database_url=database_url))

    @property
    def secrets(self) -> frozenset[str]:
        """The secrets hidden, as configured."""
        return frozenset(self._secrets)

    def add(self, *secrets: str) -> None:
        """Hide these too (blank values are ignored)."""
        new = {s.strip() for s in secrets if s.strip()} - self._secrets
        if not new:
            return
        self._secrets |= new
        forms = {form for s in self._secrets for form in (s, quote(s, safe=""))}
        ordered = sorted(forms, key=len, reverse=True)  # longest first: nothing half-hidden
        self._pattern = re.compile("|".join(re.escape(s) for s in ordered))

    def redact(self, text: str) -> str:
        """``text`` with every secret replaced."""
        if self._pattern is None:
            return text
        return self._pattern.sub(HIDDEN, text)


def configured_secrets(
    environ: Mapping[str, str] | None = None, database_url: str | None = None
) -> list[str]:
    """The secrets an operator gives Chorus: every ``CHORUS_*_TOKEN`` and ``CHORUS_*_SECRET``
    variable, and the database password (of ``database_url``, else ``CHORUS_DATABASE_URL``)."""
    env = os.environ if environ is None else environ
    secrets = [value for name, value in env.items() if SECRET_VARIABLE.match(name)]
    secrets.append(_password(database_url or env.get("CHORUS_DATABASE_URL", "")))
    return [s for s in secrets if s.strip()]


def _password(url: str) -> str:
    if not url:
        return ""
    try:
        return make_url(url).password or ""
    except Exception:  # an unusable URL is reported elsewhere; it has no password to hide
        return ""


class RedactingFilter(logging.Filter):
    """A handler filter that redacts a record before any formatter sees it.

    The message is rendered (arguments included) and the traceback formatted here, both
    redacted; ``exc_info`` is then dropped so no later formatter prints the raw traceback.
    """

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redactor = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        redact = self.redactor.redact
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: show what it holds rather than lose it
            message = f"{record.msg!r} % {record.args!r}"
        record.msg, record.args = redact(message), None
        if record.exc_info:
            if not record.exc_text:
                record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip()
            record.exc_info = None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def install(redactor: Redactor, root: logging.Logger | None = None) -> RedactingFilter:
    """Put a redacting filter on every handler of the root logger (every record an SDK logs
    reaches them) and keep the :data:`QUIET_LOGGERS` quiet."""
    root = root or logging.getLogger()
    guard = RedactingFilter(redactor)
    for handler in root.handlers:
        for old in [f for f in handler.filters if isinstance(f, RedactingFilter)]:
            handler.removeFilter(old)
        handler.addFilter(guard)
    for name, level in QUIET_LOGGERS.items():
        logger = logging.getLogger(name)
        logger.setLevel(max(logger.level, level))
    return guard
