"""A platform Chorus cannot reach at start: which platform, which host, and why (the network
or the token), so that ``chorus run`` says it in one translated line instead of a traceback.

Adapters raise it from their SDK's own errors; the core only reads it.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

from bot.model.errors import ChorusError

Reason = Literal["network", "token"]


class PlatformUnreachable(ChorusError):
    """``platform`` could not be reached at ``host`` (``network``) or refused the token (read
    from the environment variable ``variable``)."""

    def __init__(
        self, platform: str, host: str, reason: Reason, detail: str = "", variable: str = ""
    ) -> None:
        self.platform = platform
        self.host = host
        self.reason = reason
        self.detail = detail
        self.variable = variable
        super().__init__(f"{platform} unreachable at {host} ({reason}): {detail}")


def host_of(url: str) -> str:
    """The host (and port) of an API URL, as an operator would check it."""
    return urlsplit(url).netloc or url
