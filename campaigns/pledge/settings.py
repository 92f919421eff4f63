"""``[campaigns.pledge]``: the pledge kind's settings, declared to config validation."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from babel.numbers import get_currency_precision
from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from bot.config.kinds import KindSettings, Section
from bot.config.types import CurrencyCode, Text

Money = Annotated[Decimal, Field(gt=0, le=1_000_000_000, allow_inf_nan=False)]


class PledgeTier(Section):
    """A preset pledge: its amount, what backers of it receive, an optional short name."""

    amount: Money
    reward: Text
    name: Annotated[str, Field(min_length=1, max_length=40)] | None = None


class StretchGoal(Section):
    """A level beyond the goal (an amount, or a number of backers) and what it unlocks."""

    at: Money
    text: Text


class PledgeSettings(Section):
    """``[campaigns.pledge]``: members back a project toward a goal, all-or-nothing.

    The goal is a number of backers (``goal_backers``) or an amount (``goal_amount`` in
    ``currency``). Members pledge a preset tier or, when ``custom_amounts`` is on, any amount
    from ``min_amount`` to ``max_amount``. Chorus records pledges; it never moves money.
    ``accept_private`` lets members pledge from a private chat with the bot (see
    :mod:`bot.engine.access.membership`).
    """

    goal_backers: Annotated[int, Field(ge=1, le=10_000_000)] | None = None
    goal_amount: Money | None = None
    currency: CurrencyCode | None = None
    tiers: Annotated[list[PledgeTier], Field(max_length=10)] = []
    custom_amounts: bool = True
    min_amount: Money = Decimal(1)
    max_amount: Money = Decimal(10_000)
    stretch_goals: Annotated[list[StretchGoal], Field(max_length=10)] = []
    funded_text: Text
    not_funded_text: Annotated[str, Field(max_length=2000)] = ""
    accept_private: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> PledgeSettings:
        if (self.goal_backers is None) == (self.goal_amount is None):
            raise PydanticCustomError(
                "pledge_goal", "give goal_backers or goal_amount (one of them)"
            )
        if self.currency is None and (self.goal_amount is not None or self.tiers):
            raise PydanticCustomError(
                "pledge_currency", 'an amount goal or tiers need a currency, e.g. currency = "EUR"'
            )
        if self.goal_amount is not None and not self.tiers and not self.custom_amounts:
            raise PydanticCustomError(
                "pledge_no_way", "give tiers or allow custom_amounts so members can pledge"
            )
        if self.min_amount > self.max_amount:
            raise PydanticCustomError("pledge_bounds", "min_amount is more than max_amount")
        amounts = [tier.amount for tier in self.tiers]
        if len(set(amounts)) != len(amounts):
            raise PydanticCustomError("duplicate_tier", "two tiers have the same amount")
        if self.currency is not None:
            self._check_precision(self.currency)
        goal = self.goal_amount if self.goal_amount is not None else Decimal(self.goal_backers or 0)
        levels = [stretch.at for stretch in self.stretch_goals]
        if any(b <= a for a, b in zip([goal, *levels], levels, strict=False)):
            raise PydanticCustomError(
                "stretch_order", "stretch goals must be above the goal and in increasing order"
            )
        if self.goal_backers is not None and any(level % 1 for level in levels):
            raise PydanticCustomError("stretch_whole", "stretch goals count backers: whole numbers")
        return self

    def _check_precision(self, currency: str) -> None:
        digits = get_currency_precision(currency)
        amounts = [tier.amount for tier in self.tiers] + [self.min_amount, self.max_amount]
        if self.goal_amount is not None:
            amounts += [self.goal_amount, *(stretch.at for stretch in self.stretch_goals)]
        for amount in amounts:
            if amount != round(amount, digits):
                raise PydanticCustomError(
                    "amount_precision",
                    "{amount} has more decimals than {currency} allows ({digits})",
                    {"amount": str(amount), "currency": currency, "digits": digits},
                )


SETTINGS = KindSettings("pledge", PledgeSettings, required=True)
