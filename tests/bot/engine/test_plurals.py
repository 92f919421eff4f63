"""Counted texts take the plural form the language's CLDR rule gives the number."""

from __future__ import annotations

import pytest

from bot.engine.i18n import Catalogs

CATALOGS = Catalogs()


@pytest.mark.parametrize(
    ("locale", "n", "shown"),
    [
        ("en", 0, "0 voters"),
        ("en", 1, "1 voter"),
        ("en", 2, "2 voters"),
        ("fr", 0, "0 votant"),
        ("fr", 1, "1 votant"),
        ("fr", 2, "2 votants"),
        ("fr", 1_000_000, "1\u202f000\u202f000 de votants"),
    ],
)
def test_voters_are_counted_in_the_right_plural_form(locale: str, n: int, shown: str) -> None:
    t = CATALOGS.translator(locale)
    assert t.plural("poll.results.voters", n) == shown
    assert t("poll.results.voters", count=t.number(n)) == shown  # chosen by the count given


def test_a_counted_text_without_its_count_takes_the_general_form() -> None:
    assert CATALOGS.translator("en")("pledge.backers") == "{count} backers"
