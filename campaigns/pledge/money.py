"""Amounts of money as members type them and as each language writes them.

Amounts are stored as whole minor units (cents) so sums are exact. Members type amounts the
way their language writes them — ``12,50``, ``12.50 €``, ``€12.50``, ``1 000``, ``1,000.50``,
``20 euros`` — and :func:`parse_amount` reads them all. An amount in another currency (``$20``
on a euro campaign) or anything that is not a number raises a :class:`BadInput` whose message
says what to type instead.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from babel import Locale
from babel.numbers import (
    format_currency,
    get_currency_name,
    get_currency_precision,
    get_currency_symbol,
    get_decimal_symbol,
    list_currencies,
)

from bot.model.errors import BadInput

LANGUAGES = ("fr", "en")
_GROUPING = re.compile(r"[\s\u00a0\u202f\u2009']")
_NUMBER = re.compile(r"([+-]?)([0-9.,]+)")
_WORD = re.compile(r"[^\W\d_]+")


def digits(currency: str) -> int:
    """How many decimals the currency has (EUR 2, JPY 0)."""
    return int(get_currency_precision(currency))


def to_minor(amount: Decimal, currency: str) -> int:
    """``12.5`` EUR → ``1250`` cents (amounts finer than the currency allows are rounded)."""
    return int((amount * 10 ** digits(currency)).to_integral_value())


def from_minor(units: int, currency: str) -> Decimal:
    """``1250`` cents → ``Decimal("12.50")``."""
    return Decimal(units).scaleb(-digits(currency))


def format_money(amount: Decimal, currency: str, locale: str) -> str:
    """The amount as the language writes it; whole amounts without decimals (5 €, €5)."""
    if amount == amount.to_integral_value():
        pattern = Locale.parse(locale).currency_formats["standard"].pattern
        whole = re.sub(r"0\.0+", "0", pattern.split(";")[0])
        return str(format_currency(amount, currency, whole, locale=locale, currency_digits=False))
    return str(format_currency(amount, currency, locale=locale))


def format_minor(units: int, currency: str, locale: str) -> str:
    """:func:`format_money` of an amount in minor units."""
    return format_money(from_minor(units, currency), currency, locale)


def _markers(currency: str) -> list[str]:
    """Ways of writing our currency next to an amount, longest first (``euros``, ``EUR``, ``€``)."""
    found = {currency.casefold()}
    for language in LANGUAGES:
        found.add(str(get_currency_symbol(currency, locale=language)).casefold())
        for count in (1, 2):
            found.add(str(get_currency_name(currency, count=count, locale=language)).casefold())
    return sorted(found, key=len, reverse=True)


def _foreign(text: str, currency: str) -> bool:
    """Whether ``text`` (what is left once the number and our currency are taken out) names
    another currency: a currency sign or an ISO code."""
    if any(unicodedata.category(char) == "Sc" for char in text):
        return True
    codes = {code.casefold() for code in list_currencies()} - {currency.casefold()}
    return any(word in codes for word in _WORD.findall(text.casefold()))


def parse_amount(text: str, currency: str, locale: str = "en") -> Decimal:
    """Read an amount typed by a member who writes in ``locale``.

    A single ``,`` or ``.`` is the decimal separator (``12,50`` and ``12.50``), unless it is not
    the language's own decimal mark, exactly three digits follow it and the currency has fewer
    decimals: then it groups thousands (``1,000`` in English, ``1.000`` in French; ``1,000`` in
    French is one euro and more decimals than the euro has). With both, the last one is the
    decimal separator (``1.000,50``).

    Raises:
        BadInput: not a number, another currency, or more decimals than the currency has.
    """
    rest = text.strip().casefold()
    for marker in _markers(currency):
        rest = rest.replace(marker, " ")
    if _foreign(rest, currency):
        raise BadInput("pledge.amount.wrong_currency", currency=currency)
    match = _NUMBER.fullmatch(_GROUPING.sub("", rest))
    if match is None or not any(c.isdigit() for c in match.group(2)):
        raise BadInput("pledge.amount.not_a_number", text=text.strip()[:40])
    sign, body = match.groups()
    number = _plain(body, digits(currency), get_decimal_symbol(locale))
    if number is None:
        raise BadInput("pledge.amount.not_a_number", text=text.strip()[:40])
    try:
        value = Decimal(sign + number)
    except InvalidOperation:
        raise BadInput("pledge.amount.not_a_number", text=text.strip()[:40]) from None
    if value != round(value, digits(currency)):
        raise BadInput("pledge.amount.decimals", currency=currency, digits=digits(currency))
    return value


def _plain(body: str, decimals: int, decimal_mark: str) -> str | None:
    """``1.000,50`` → ``1000.50``; None when the separators make no sense."""
    separators = [c for c in body if c in ".,"]
    if not separators:
        return body
    if len(set(separators)) == 2:
        point = separators[-1]
        if separators.count(point) != 1:
            return None
        whole, fraction = body.rsplit(point, 1)
        grouped = _ungroup(whole, separators[0])
        return None if grouped is None else f"{grouped}.{fraction}"
    mark = separators[0]
    if len(separators) == 1:
        whole, fraction = body.split(mark)
        grouping = mark != decimal_mark and len(fraction) == 3
        if grouping and decimals < 3 and whole not in ("", "0"):
            return whole + fraction
        return f"{whole or '0'}.{fraction}"
    return _ungroup(body, mark)


def _ungroup(text: str, mark: str) -> str | None:
    """``1,000,000`` → ``1000000``; None unless every group after the first has 3 digits."""
    first, *groups = text.split(mark)
    if not first or any(len(group) != 3 for group in groups):
        return None
    return first + "".join(groups)
