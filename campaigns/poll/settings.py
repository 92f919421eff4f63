"""``[campaigns.poll]``: the poll kind's settings, declared to config validation."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from bot.config.kinds import KindSettings, Section


class PollSettings(Section):
    """``[campaigns.poll]``: a public vote among options.

    ``accept_private`` lets members vote in a private chat with the bot (only members of one
    of the campaign's chats, where the platform tells; see :mod:`bot.engine.access.membership`).
    """

    options: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=80)]], Field(min_length=2, max_length=25)
    ]
    max_choices: Annotated[int, Field(ge=1, le=25)] = 1
    anonymous: bool = True
    results: Literal["live", "hidden"] = "live"
    accept_private: bool = False

    @field_validator("options")
    @classmethod
    def _unique(cls, options: list[str]) -> list[str]:
        seen: set[str] = set()
        for option in options:
            folded = option.strip().casefold()
            if folded in seen:
                raise PydanticCustomError(
                    "duplicate_option", "option '{option}' is listed twice", {"option": option}
                )
            seen.add(folded)
        return options

    @field_validator("max_choices")
    @classmethod
    def _not_more_than_options(cls, value: int, info: ValidationInfo) -> int:
        options = info.data.get("options")
        if options is not None and value > len(options):
            raise PydanticCustomError(
                "max_choices",
                "max_choices ({value}) is more than the {count} options",
                {"value": value, "count": len(options)},
            )
        return value


SETTINGS = KindSettings("poll", PollSettings, required=True)
