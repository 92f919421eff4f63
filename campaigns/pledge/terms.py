"""A pledge campaign's terms in words, and what a member's ``/pledge`` text asks for.

Tiers, amounts and the custom range are written in the member's language; a typed amount
becomes a tier (when it equals one) or a custom amount within the bounds, in minor units.
"""

from __future__ import annotations

from decimal import Decimal

from bot.engine.i18n import Translator
from bot.model.errors import BadInput
from campaigns.pledge.money import format_money, parse_amount, to_minor
from campaigns.pledge.progress import amount_text
from campaigns.pledge.settings import PledgeSettings
from storage.pledge.pledges import Held


def describe(pledge: PledgeSettings, held: Held, t: Translator) -> str:
    """A pledge in words: ``10 € — Gourmand``, ``12,50 €``, or support without an amount."""
    if held.tier is not None:
        return tier_label(pledge, held.tier, t)
    if pledge.currency is None or held.amount == 0:
        return t("pledge.support")
    return amount_text(pledge, held.amount, t)


def tier_label(pledge: PledgeSettings, index: int, t: Translator) -> str:
    tier = pledge.tiers[index]
    amount = money(pledge, tier.amount, t)
    return amount if tier.name is None else f"{amount} — {tier.name}"


def money(pledge: PledgeSettings, amount: Decimal, t: Translator) -> str:
    assert pledge.currency is not None
    return format_money(amount, pledge.currency, t.locale)


def minor(pledge: PledgeSettings, amount: Decimal) -> int:
    assert pledge.currency is not None
    return to_minor(amount, pledge.currency)


def custom_allowed(pledge: PledgeSettings) -> bool:
    return pledge.currency is not None and pledge.custom_amounts


def choice(pledge: PledgeSettings, text: str, t: Translator) -> tuple[int | None, int]:
    """What ``/pledge <text>`` asks for: ``(tier index or None, amount in minor units)``.

    Raises:
        BadInput: no amount where one is needed, not a number, another currency, not a tier
            when only tiers are allowed, or outside the bounds.
    """
    text = text.strip()
    if pledge.currency is None:
        if text:
            raise BadInput("pledge.amount.backers_only")
        return None, 0
    if not text:
        if pledge.goal_backers is not None:
            return None, 0
        raise BadInput("pledge.usage", choices=choices(pledge, t))
    value = parse_amount(text, pledge.currency, t.locale)
    for index, tier in enumerate(pledge.tiers):
        if tier.amount == value:
            return index, minor(pledge, value)
    if not pledge.custom_amounts:
        raise BadInput("pledge.amount.tiers_only", choices=choices(pledge, t))
    if not pledge.min_amount <= value <= pledge.max_amount:
        raise BadInput(
            "pledge.amount.out_of_bounds",
            minimum=money(pledge, pledge.min_amount, t),
            maximum=money(pledge, pledge.max_amount, t),
        )
    return None, minor(pledge, value)


def choices(pledge: PledgeSettings, t: Translator) -> str:
    """The tiers and custom range, for usage answers."""
    parts = [tier_label(pledge, i, t) for i in range(len(pledge.tiers))]
    if custom_allowed(pledge):
        parts.append(
            t(
                "pledge.range",
                minimum=money(pledge, pledge.min_amount, t),
                maximum=money(pledge, pledge.max_amount, t),
            )
        )
    return " · ".join(parts)
