"""The deployment tests' fixtures: replicas on a fresh PostgreSQL database, and the Telegram
emulator they talk to."""

from tests.adapters.telegram.harness import emulator
from tests.deploy.replicas import deployment

__all__ = ["deployment", "emulator"]
