"""The deployment tests' fixtures: replicas on a fresh PostgreSQL database, and the Telegram
and Slack emulators they talk to."""

from tests.adapters.telegram.harness import emulator
from tests.deploy.replicas import deployment
from tests.deploy.slack_crowd import slack

__all__ = ["deployment", "emulator", "slack"]
