"""Amounts typed the way French and English speakers write them, and written back per language."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.model.errors import BadInput
from campaigns.pledge.money import format_minor, format_money, parse_amount, to_minor


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("12", "12"),
        ("12,50", "12.50"),
        ("12.50", "12.50"),
        ("12.50 €", "12.50"),
        ("12,50€", "12.50"),
        ("€12.50", "12.50"),
        ("20 euros", "20"),
        ("20 EUR", "20"),
        ("0,5", "0.5"),
        ("1 000", "1000"),
        ("1\u202f000,50", "1000.50"),
        ("1,000.50", "1000.50"),
        ("1.000,50", "1000.50"),
        ("-5", "-5"),
    ],
)
@pytest.mark.parametrize("locale", ["fr", "en"])
def test_amounts_in_french_and_english_styles(typed: str, amount: str, locale: str) -> None:
    assert parse_amount(typed, "EUR", locale) == Decimal(amount)


@pytest.mark.parametrize(
    ("typed", "locale", "amount"),
    [
        ("1,000", "en", "1000"),  # English groups thousands with a comma…
        ("1.000", "fr", "1000"),  # … French (when not with a space) with a point
        ("1.000", "en", "1"),  # each language's own decimal mark is a decimal mark:
        ("1,234", "fr", None),  # one euro and more decimals than the euro has
        ("1,23", "fr", "1.23"),
        ("12.555", "en", None),
    ],
)
def test_three_digits_after_a_mark_group_thousands_unless_it_is_the_languages_decimal_mark(
    typed: str, locale: str, amount: str | None
) -> None:
    if amount is not None:
        assert parse_amount(typed, "EUR", locale) == Decimal(amount)
        return
    with pytest.raises(BadInput) as caught:
        parse_amount(typed, "EUR", locale)
    assert caught.value.key == "pledge.amount.decimals"


@pytest.mark.parametrize("typed", ["$20", "20 USD", "£3", "¥500", "20 $US"])
def test_another_currency_is_refused_with_ours_named(typed: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_amount(typed, "EUR")

    assert caught.value.key == "pledge.amount.wrong_currency"
    assert caught.value.params == {"currency": "EUR"}


def test_dollars_are_fine_on_a_dollar_campaign() -> None:
    assert parse_amount("$20", "USD") == Decimal(20)


@pytest.mark.parametrize("typed", ["", "lots", "dix euros", "1,00,0", "12..5", "1.2.3,4,5"])
def test_not_a_number(typed: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_amount(typed, "EUR")

    assert caught.value.key == "pledge.amount.not_a_number"


def test_more_decimals_than_the_currency_has() -> None:
    with pytest.raises(BadInput) as caught:
        parse_amount("12,5055", "EUR")

    assert caught.value.key == "pledge.amount.decimals"
    with pytest.raises(BadInput):
        parse_amount("12,5", "JPY")


def test_amounts_are_stored_in_minor_units() -> None:
    assert to_minor(Decimal("12.5"), "EUR") == 1250
    assert to_minor(Decimal(500), "JPY") == 500


@pytest.mark.parametrize(
    ("locale", "units", "text"),
    [
        ("en", 500, "€5"),
        ("fr", 500, "5\u00a0€"),
        ("en", 1250, "€12.50"),
        ("fr", 1250, "12,50\u00a0€"),
        ("fr", 123456, "1\u202f234,56\u00a0€"),
    ],
)
def test_amounts_are_written_the_way_each_language_writes_them(
    locale: str, units: int, text: str
) -> None:
    assert format_minor(units, "EUR", locale) == text


def test_whole_yen_have_no_decimals() -> None:
    assert format_money(Decimal(500), "JPY", "en") == "¥500"
