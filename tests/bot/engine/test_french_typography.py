"""French typography across the French catalogs: curly apostrophes, and a non-breaking space
(never an ordinary one, which can leave the mark alone at the start of a line) before
``:`` ``;`` ``?`` ``!``, inside guillemets (« texte ») and after "n°"; every counted text has
the plural forms French needs."""

from __future__ import annotations

import re

from bot.engine.i18n import FORMS, load_catalog

FRENCH = load_catalog("fr")
SPACED_MARK = re.compile(r"[ \t][:;?!]")
STRAIGHT_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
LOOSE_GUILLEMET = re.compile(r"«(?!\xa0\S)|(?<!\S\xa0)»")
PLURAL_NOUN_HACK = re.compile(r"\w\((?:e?s|e|x)\)")
#: "n° 12": the number must not start a line alone.
LOOSE_NUMERO = re.compile(r"n°(?!\xa0|$)")


def forms() -> list[tuple[str, str]]:
    return [(key, form) for key, text in FRENCH.items() for form in text.split(FORMS)]


def test_french_catalogs_put_a_non_breaking_space_before_high_punctuation() -> None:
    found = [(key, text) for key, text in forms() if SPACED_MARK.search(text)]
    assert found == []


def test_french_catalogs_put_a_non_breaking_space_inside_guillemets() -> None:
    found = [(key, text) for key, text in forms() if LOOSE_GUILLEMET.search(text)]
    assert found == []


def test_french_catalogs_keep_numero_and_its_number_together() -> None:
    found = [(key, text) for key, text in forms() if LOOSE_NUMERO.search(text)]
    assert found == []


def test_french_catalogs_use_curly_apostrophes() -> None:
    found = [(key, text) for key, text in forms() if STRAIGHT_APOSTROPHE.search(text)]
    assert found == []


def test_no_catalog_writes_plurals_or_genders_in_brackets() -> None:
    for locale in ("fr", "en"):
        texts = load_catalog(locale)
        found = [key for key, text in texts.items() if PLURAL_NOUN_HACK.search(text)]
        assert found == [], locale


def test_french_counted_texts_have_three_forms_as_cldr_says() -> None:
    counted = {key: text.split(FORMS) for key, text in FRENCH.items() if FORMS in text}
    assert counted, "some texts are counted"
    assert all(len(f) == 3 for f in counted.values()), counted
