"""When a member's account was made, for rules that every kind may apply.

Polls record it with each ballot and contests check ``min_account_age`` against it; it lives
here, below the kinds, so that no kind has to import another to know it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.model.events import User

DISCORD_EPOCH_MS = 1_420_070_400_000


def account_created(user: User) -> datetime | None:
    """When the member's account was made: what the adapter said, else what the platform's
    ids tell."""
    if user.created_at is not None:
        return user.created_at
    if user.platform == "discord" and user.id.isdigit():
        milliseconds = (int(user.id) >> 22) + DISCORD_EPOCH_MS
        return datetime.fromtimestamp(milliseconds / 1000, UTC)
    return None
