"""What config validation needs from a campaign kind, without knowing any kind.

Each kind's package declares its ``[campaigns.<kind>]`` section as a :class:`Section` model
and hands a :class:`KindSettings` to the registry (:mod:`campaigns`); the composition root
passes those to :func:`bot.config.model.parse_config`, which builds the campaign model from
them (:func:`campaign_model`). So ``bot/config`` sits below the kinds and names none of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, create_model


class Section(BaseModel):
    """A table of ``config.toml``: unknown keys are refused, values never change."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class KindSettings:
    """A campaign kind as config validation sees it.

    Attributes:
        name: the kind's config name (``kind = "…"``), also its section's key.
        model: the model of its ``[campaigns.<name>]`` section.
        required: whether a campaign of this kind must have the section (else it is None and
            the kind uses the model's defaults).
        phases: whether its rounds may split into a submissions phase, then voting.
    """

    name: str
    model: type[Section]
    required: bool = False
    phases: bool = False


M = TypeVar("M", bound=BaseModel)


def campaign_model(base: type[M], kinds: Sequence[KindSettings]) -> type[M]:
    """``base`` with ``kind`` restricted to the kinds' names and one optional section per kind,
    so errors keep their place in the file (``campaigns[0].poll.options``)."""
    return _campaign_model(base, tuple(kinds))


@cache
def _campaign_model(base: type[M], kinds: tuple[KindSettings, ...]) -> type[M]:
    names: Any = Literal[tuple(kind.name for kind in kinds)]
    fields: dict[str, Any] = {kind.name: (kind.model | None, None) for kind in kinds}
    model = create_model(
        base.__name__, __base__=base, __module__=base.__module__, kind=(names, ...), **fields
    )
    setattr(model, "kinds", {kind.name: kind for kind in kinds})  # noqa: B010 (a ClassVar of the base)
    return model
