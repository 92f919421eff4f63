"""Fixtures for adapter tests: the Telegram emulator and Chorus started on it."""

from tests.adapters.telegram.harness import emulator, start_telegram

__all__ = ["emulator", "start_telegram"]
