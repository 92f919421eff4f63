"""The deployment tests' fixtures: replicas on a fresh PostgreSQL database, and the Telegram
emulator they talk to."""

from tests.deploy.replicas import deployment
from tests.telegram.harness import emulator

__all__ = ["deployment", "emulator"]
