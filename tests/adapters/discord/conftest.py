"""The Discord fixtures, from where they live today (the emulator and Chorus running on it)."""

from tests.discord.conftest import emulator, start_discord

__all__ = ["emulator", "start_discord"]
