"""The guard of end-to-end tests: logs go through Chorus's redaction as ``chorus run`` sets it
up, every record is kept, and at the end no configured secret may appear in any of them."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import quote

from bot.engine.redaction import QUIET_LOGGERS, RedactingFilter, Redactor, install

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _Recorder(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__()
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class CapturedLogs:
    """What was logged, formatted as on stderr, and each record."""

    redactor: Redactor
    stream: io.StringIO = field(default_factory=io.StringIO)
    records: list[logging.LogRecord] = field(default_factory=list)

    def level(self, level: int) -> None:
        """Log from ``level`` on (``logging.DEBUG`` shows what the SDKs say)."""
        logging.getLogger().setLevel(level)

    def text(self) -> str:
        """Everything that was written and every part of every record."""
        parts = [self.stream.getvalue()]
        for record in self.records:
            parts += [record.getMessage(), record.exc_text or "", record.stack_info or ""]
        return "\n".join(parts)

    def leaks(self, secrets: Iterable[str]) -> list[str]:
        """The secrets (as written or URL-encoded) found somewhere in the logs."""
        text = self.text()
        return [s for s in secrets if s and (s in text or quote(s, safe="") in text)]


@contextmanager
def redacted_logs(level: int = logging.INFO) -> Iterator[CapturedLogs]:
    """Capture the root logger at ``level`` with the redaction ``chorus run`` installs."""
    root = logging.getLogger()
    captured = CapturedLogs(Redactor())
    written = logging.StreamHandler(captured.stream)
    written.setFormatter(logging.Formatter(FORMAT))
    recorder = _Recorder(captured.records)
    levels = {name: logging.getLogger(name).level for name in ("", *QUIET_LOGGERS)}
    root.addHandler(written)
    root.addHandler(recorder)
    root.setLevel(level)
    install(captured.redactor)
    try:
        yield captured
    finally:
        for handler in (written, recorder):
            root.removeHandler(handler)
        for handler in root.handlers:
            for guard in [f for f in handler.filters if isinstance(f, RedactingFilter)]:
                handler.removeFilter(guard)
        for name, old in levels.items():
            logging.getLogger(name).setLevel(old)
