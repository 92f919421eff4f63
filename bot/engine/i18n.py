"""Texts members see, in French and English, from gettext catalogs (``bot/locales``).

Each language has one ``.po`` file per part of Chorus (``chorus.po`` for the core, one per
platform or campaign kind, e.g. ``telegram.po``), merged at load time; a message id may appear
in only one of them. Entries are keyed by a stable message id (``poll.vote.recorded``) and use
``{name}`` placeholders. The language is the member's own when the platform tells it, else the
campaign's, else the bot's default. Numbers and percentages are formatted with Babel.

A text can be worded for one platform: an entry with ``msgctxt "discord"`` (the adapter's
platform name) and the same message id is what members read there, in place of the entry
without context (which every other platform reads). The core never branches on platform
names: the translator of an event knows its platform and picks the entry.

Counted texts have real plural forms (``msgid_plural``, one ``msgstr[i]`` per form of the
language's CLDR rule, as gettext's ``ngettext``): "1 voter", "2 voters"; "1 votant",
"2 votants", "1 000 000 de votants". The form is chosen by the ``count`` parameter (a number,
or a whole number as :meth:`Translator.number` formats it), or explicitly with
:meth:`Translator.plural`.
"""

from __future__ import annotations

import gettext
import logging
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time, format_timedelta
from babel.lists import format_list
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

from bot.model.actions import Moment

LOCALES = ("fr", "en")
Instant = datetime  # ``datetime`` is also a method name of Translator
#: Between a platform context and a message id in a catalog's keys (as gettext itself does).
CONTEXT = "\x04"
#: Between the plural forms of one text, as :func:`load_catalog` keeps them.
FORMS = "\x1e"
CATALOG_DIR = Path(__file__).parents[1] / "locales"

log = logging.getLogger(__name__)


def load_catalog(locale: str, directory: Path = CATALOG_DIR) -> dict[str, str]:
    """Read every ``.po`` file of one language into a dict of message id → text (a text
    worded for one platform under ``platform`` + :data:`CONTEXT` + message id).

    Raises:
        ValueError: when two files define the same message id.
    """
    texts: dict[str, str] = {}
    for path in sorted((directory / locale / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        for message in catalog:
            if not (message.id and message.string):
                continue
            key = str(message.id[0] if isinstance(message.id, tuple) else message.id)
            if message.context:
                key = f"{message.context}{CONTEXT}{key}"
            if key in texts:
                raise ValueError(f"{path.name} defines {key!r} again")
            string = message.string
            texts[key] = FORMS.join(string) if isinstance(string, tuple) else str(string)
    return texts


def plural_rule(locale: str) -> Callable[[int], int]:
    """The index of the plural form for a count in ``locale`` (CLDR's rule, as gettext's)."""
    return gettext.c2py(get_plural(locale).plural_expr)


def _count(params: Mapping[str, object] | None) -> int | None:
    """The number a ``count`` parameter stands for (an int, or digits with separators)."""
    value = (params or {}).get("count")
    if isinstance(value, int):
        return value
    digits = "".join(ch for ch in str(value) if ch.isdigit()) if value is not None else ""
    return int(digits) if digits and str(value).strip()[0].isdigit() else None


def pick_locale(*candidates: str | None) -> str:
    """The first supported language among ``candidates`` (``fr-FR`` → ``fr``); else ``en``."""
    for candidate in candidates:
        if not candidate:
            continue
        short = candidate.replace("_", "-").split("-", 1)[0].lower()
        if short in LOCALES:
            return short
    return "en"


def defuse(text: str) -> str:
    """Neutralise mass mentions and user/role pings in text we echo back."""
    for token in ("@everyone", "@here", "@channel"):
        text = text.replace(token, token.replace("@", "@\u200b"))
    return text.replace("<@", "<\u200b@").replace("<!", "<\u200b!")


class Catalogs:
    """Both catalogs, loaded once; :meth:`text` formats a message in a language."""

    def __init__(self, directory: Path = CATALOG_DIR) -> None:
        self._texts = {locale: load_catalog(locale, directory) for locale in LOCALES}
        self._rules = {locale: plural_rule(locale) for locale in LOCALES}
        self._translators: dict[tuple[str, str | None], Translator] = {}

    def keys(self, locale: str) -> set[str]:
        """Every message id of a catalog (for tests that compare catalogs)."""
        return set(self._texts[locale])

    def text(
        self,
        locale: str,
        key: str,
        params: Mapping[str, object] | None = None,
        platform: str | None = None,
        count: int | None = None,
    ) -> str:
        """The message ``key`` in ``locale`` (as worded for ``platform`` when the catalog has
        such an entry), in its plural form for ``count`` (else the ``count`` parameter), with
        ``params`` filled in.

        A key missing from one catalog falls back to English, then to the key itself, so a
        missing translation never breaks an answer.
        """
        template = None
        first = locale if locale in self._texts else "en"
        found = first
        for found in dict.fromkeys((first, "en")):
            catalog = self._texts[found]
            if platform is not None:
                template = catalog.get(f"{platform}{CONTEXT}{key}")
            template = template or catalog.get(key)
            if template:
                break
        if template is None:
            log.warning("missing catalog entry %r", key)
            return key
        if FORMS in template:
            forms = template.split(FORMS)
            n = count if count is not None else _count(params)
            index = len(forms) - 1 if n is None else self._rules[found](n)
            template = forms[min(index, len(forms) - 1)]
        if not params:
            return template
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):
            log.warning("catalog entry %r does not fit params %r", key, sorted(params))
            return template

    def translator(self, locale: str, platform: str | None = None) -> Translator:
        """A callable bound to one language, and to the platform its texts are read on when
        given (one per pair, made once: every event asks)."""
        translator = self._translators.get((locale, platform))
        if translator is None:
            translator = Translator(self, locale, platform)
            self._translators[(locale, platform)] = translator
        return translator


class Translator:
    """``t("key", name=value)`` in one language, plus number and date formatting."""

    def __init__(self, catalogs: Catalogs, locale: str, platform: str | None = None) -> None:
        self.catalogs = catalogs
        self.locale = locale
        self.platform = platform

    def __call__(self, key: str, **params: object) -> str:
        return self.catalogs.text(self.locale, key, params, self.platform)

    def plural(self, key: str, n: int, **params: object) -> str:
        """``ngettext``: the form of ``key`` for ``n`` ("1 voter", "2 voters"), with ``count``
        filled in as the language writes ``n`` unless given."""
        params.setdefault("count", self.number(n))
        return self.catalogs.text(self.locale, key, params, self.platform, n)

    def number(self, value: float) -> str:
        return str(format_decimal(value, locale=self.locale))

    def numbers(self, **values: float) -> dict[str, str]:
        """Each of ``values`` written as the language writes numbers (for a text of figures)."""
        return {name: self.number(value) for name, value in values.items()}

    def listing(self, parts: Iterable[str]) -> str:
        """Items of a list written on one line, as the language separates them (``a; b`` /
        ``a ; b``): the alt texts of charts."""
        return self("charts.separator").join(parts)

    def conjunction(self, parts: Iterable[str], style: Literal["and", "or"] = "and") -> str:
        """Items joined as a sentence joins them: ``A, B and C`` / ``A, B et C``; with
        ``style="or"``, ``A, B or C`` / ``A, B ou C``."""
        items = list(parts)
        if not items:
            return ""
        if style == "or":
            return str(format_list(items, style="or", locale=self.locale))
        return str(format_list(items, locale=self.locale))

    def percent(self, ratio: float) -> str:
        """A share with one decimal, in the language's own percent style (36.0% / 36,0 %)."""
        pattern = Locale.parse(self.locale).percent_formats[None].pattern
        return str(
            format_percent(ratio, format=pattern.replace("#,##0", "#,##0.0"), locale=self.locale)
        )

    def duration(self, delta: timedelta) -> str:
        """A duration in words, in its largest whole unit ("1 day", "1 heure")."""
        return str(format_timedelta(delta, threshold=1, locale=self.locale))

    def datetime(self, when: datetime, zone: ZoneInfo) -> str:
        """``when`` in ``zone`` to the minute, as the language writes a date and a time
        (``Jun 1, 2027, 10:00 AM``, ``1er juin 2027, 10:00``)."""
        local = when.astimezone(zone)
        language = Locale.parse(self.locale)
        day = str(format_date(local, "medium", locale=language))
        if self.locale == "fr" and local.day == 1 and day.startswith("1 "):
            day = "1er" + day[1:]  # French writes the first of the month as an ordinal
        time = str(format_time(local, "short", locale=language))
        return str(language.datetime_formats["medium"]).format(time, day)

    def moment(self, when: Instant, zone: ZoneInfo) -> Moment:
        """``when`` as a message shows it: :meth:`datetime`'s text in ``zone``, which
        platforms that know each reader's own zone replace (see :class:`Moment`)."""
        return Moment(when, self.datetime(when, zone))
