"""Message catalogs: fr and en agree, every key the code asks for exists, and the helpers pick
languages, defuse mentions and format numbers the way each language writes them."""

from __future__ import annotations

import re
import string
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.app import every_command
from bot.engine.i18n import LOCALES, Catalogs, defuse, load_catalog, pick_locale

#: Every command this version answers, in menu order.
COMMANDS = every_command()

ROOT = Path(__file__).resolve().parents[3]
SOURCE_DIRS = ("bot", "campaigns", "adapters")
KEY_LITERAL = re.compile(
    r"""(["'])((?:error|poll|round|help|campaigns|state|status|control|check|config|demo|db|pledge|export"""
    r"""|ideas|moderation|fraud|privacy|report)"""
    r"""\.[a-z_.]+)\1"""
)
FILE_SUFFIXES = (".toml", ".db", ".py", ".po", ".json", ".png")
STATES = ("scheduled", "open", "paused", "closed", "announced", "cancelled")
CONTROLS = ("open", "close", "extend", "pause", "resume", "cancel")

CATALOGS = {locale: load_catalog(locale) for locale in LOCALES}
FR, EN = CATALOGS["fr"], CATALOGS["en"]


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def literal_keys() -> dict[str, list[str]]:
    """Every catalog-looking string literal in the source, with where it appears."""
    found: dict[str, list[str]] = {}
    for directory in SOURCE_DIRS:
        for path in sorted((ROOT / directory).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            for match in KEY_LITERAL.finditer(text):
                key = match.group(2)
                if key.endswith(FILE_SUFFIXES):
                    continue
                line = text.count("\n", 0, match.start()) + 1
                found.setdefault(key, []).append(f"{path.relative_to(ROOT)}:{line}")
    return found


def dynamic_keys() -> set[str]:
    """Keys the code builds at run time (f-strings and error codes)."""
    keys = {f"help.{c.name}" for c in COMMANDS}
    keys |= {f"param.{p.name}" for c in COMMANDS for p in c.params}
    keys |= {p.label_key(v) for c in COMMANDS for p in c.params for v in p.choices}
    keys |= {f"state.{state}" for state in STATES}
    keys |= {f"control.{control}.done" for control in CONTROLS}
    models = [*(ROOT / "bot" / "config").glob("*.py"), *(ROOT / "campaigns").glob("*/settings.py")]
    config_source = "\n".join(path.read_text(encoding="utf-8") for path in models)
    codes = re.findall(r'PydanticCustomError\(\s*"([a-z_]+)"', config_source)
    assert len(codes) >= 10, "the config's own error codes were not found"
    keys |= {f"config.{code}" for code in codes}
    return keys


# The catalogs agree


def test_catalogs_are_not_empty() -> None:
    assert len(FR) > 50
    assert len(EN) > 50


def test_fr_and_en_have_exactly_the_same_keys() -> None:
    assert set(FR) - set(EN) == set(), "in fr only"
    assert set(EN) - set(FR) == set(), "in en only"


@pytest.mark.parametrize("key", sorted(EN))
def test_placeholders_match_between_fr_and_en(key: str) -> None:
    assert placeholders(FR.get(key, "")) == placeholders(EN[key])


@pytest.mark.parametrize("locale", LOCALES)
def test_every_entry_formats_with_its_own_placeholders(locale: str) -> None:
    for key, template in CATALOGS[locale].items():
        values = {name: "x" for name in placeholders(template)}
        assert "{" not in template.format(**values), key


# The code's keys exist


def test_literal_keys_are_found_in_the_source() -> None:
    keys = literal_keys()

    assert "poll.vote.recorded" in keys
    assert "error.internal" in keys
    assert len(keys) > 40


@pytest.mark.parametrize("locale", LOCALES)
def test_every_literal_key_in_the_source_exists(locale: str) -> None:
    missing = {key: where for key, where in literal_keys().items() if key not in CATALOGS[locale]}

    assert missing == {}


@pytest.mark.parametrize("locale", LOCALES)
def test_every_dynamic_key_exists(locale: str) -> None:
    assert dynamic_keys() - set(CATALOGS[locale]) == set()


#: Markup that one platform would render: adapters show every text as typed, so a catalog
#: text using it would show its markup characters instead.
MARKUP = re.compile(r"\*\*|__|~~|\|\||`|\]\(|<https?:|<[@#!]")


@pytest.mark.parametrize("locale", LOCALES)
def test_catalog_texts_carry_no_platform_markup(locale: str) -> None:
    texts = load_catalog(locale)
    assert {key: text for key, text in texts.items() if MARKUP.search(text)} == {}


def test_catalogs_class_agrees_with_load_catalog() -> None:
    catalogs = Catalogs()

    assert catalogs.keys("fr") == set(FR)
    assert catalogs.keys("en") == set(EN)


# Texts


def test_text_fills_placeholders_in_each_language() -> None:
    catalogs = Catalogs()

    assert catalogs.text("en", "poll.vote.recorded", {"option": "Lemon"}) == (
        "✅ Your vote for “Lemon” is recorded."
    )
    assert catalogs.text("fr", "poll.vote.recorded", {"option": "Citron"}) == (
        "✅ Votre vote pour «\u00a0Citron\u00a0» est enregistré."
    )


def test_unknown_key_falls_back_to_the_key_itself() -> None:
    assert Catalogs().text("fr", "poll.no_such_key") == "poll.no_such_key"


# pick_locale


@pytest.mark.parametrize(
    ("candidates", "expected"),
    [
        (("fr-FR",), "fr"),
        (("fr_FR.UTF-8",), "fr"),
        (("EN-gb",), "en"),
        ((None, "en"), "en"),
        ((None, "", "fr"), "fr"),
        (("de", "fr"), "fr"),
        (("de",), "en"),
        (("C.UTF-8",), "en"),
        ((), "en"),
        ((None,), "en"),
    ],
)
def test_pick_locale(candidates: tuple[str | None, ...], expected: str) -> None:
    assert pick_locale(*candidates) == expected


# defuse


@pytest.mark.parametrize("mention", ["@everyone", "@here", "@channel"])
def test_defuse_neutralises_mass_mentions(mention: str) -> None:
    text = defuse(f"hello {mention}!")

    assert mention not in text
    assert text.replace("\u200b", "") == f"hello {mention}!"


@pytest.mark.parametrize("ping", ["<@123456789012345678>", "<@&42>", "<!channel>", "<!here>"])
def test_defuse_neutralises_user_and_role_pings(ping: str) -> None:
    text = defuse(ping)

    assert "<@" not in text and "<!" not in text
    assert text.replace("\u200b", "") == ping


def test_defuse_leaves_ordinary_text_alone() -> None:
    assert defuse("Pistache de Sicile, 3 votes — mail@example.com") == (
        "Pistache de Sicile, 3 votes — mail@example.com"
    )


# Numbers and dates


def test_french_percent_uses_a_decimal_comma() -> None:
    text = Catalogs().translator("fr").percent(0.4)

    assert text.startswith("40,0")
    assert text.endswith("%")
    assert "." not in text


def test_english_percent_uses_a_decimal_point() -> None:
    assert Catalogs().translator("en").percent(0.4) == "40.0%"


def test_numbers_group_thousands_per_language() -> None:
    catalogs = Catalogs()

    assert catalogs.translator("en").number(12345) == "12,345"
    assert catalogs.translator("fr").number(12345).replace("\u202f", " ") == "12 345"


def test_datetime_is_shown_in_the_campaign_zone() -> None:
    when = datetime(2026, 11, 9, 9, 0, tzinfo=UTC)

    text = Catalogs().translator("en").datetime(when, ZoneInfo("Europe/Paris"))

    assert text == "Nov 9, 2026, 10:00\u202fAM"


def test_a_datetime_is_written_to_the_minute_as_each_language_writes_it() -> None:
    first = datetime(2027, 6, 1, 8, 0, 42, tzinfo=UTC)
    paris = ZoneInfo("Europe/Paris")

    assert Catalogs().translator("fr").datetime(first, paris) == "1er juin 2027, 10:00"
    assert Catalogs().translator("fr").datetime(first.replace(day=2), paris) == "2 juin 2027, 10:00"
    assert Catalogs().translator("en").datetime(first, paris) == "Jun 1, 2027, 10:00\u202fAM"


def test_a_key_defined_in_two_catalog_files_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    entry = 'msgid "poll.vote.recorded"\nmsgstr "Noted"\n'
    (folder / "chorus.po").write_text(entry, encoding="utf-8")
    (folder / "telegram.po").write_text(entry, encoding="utf-8")

    with pytest.raises(ValueError, match=r"telegram\.po defines 'poll\.vote\.recorded' again"):
        load_catalog("en", tmp_path)
