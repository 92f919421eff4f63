"""Member text as Chorus keeps it: without the invisible characters that hide or reorder it.

Everything a member types reaches the core through the neutral events (:mod:`bot.model.events`),
which pass their text through :func:`clean` and names through :func:`clean_name` when they are
made: what Chorus stores and republishes (ideas, entry titles, reasons, display names on cards)
never carries

- C0 and C1 control characters (NUL, escape sequences, backspace…), DEL, and lone UTF-16
  surrogates (which no database or platform accepts); line breaks become ``\\n`` and tabs stay
  in text, while a name is one line;
- bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which make
  ``gpj.exe`` read as ``exe.jpg`` or turn a name around;
- zero-width spaces, word joiners and byte-order marks (U+200B, U+2060, U+FEFF), which split
  words so look-alikes and filters miss them.

Zero-width joiners and non-joiners (U+200D, U+200C) stay: emoji sequences (👩‍🍳) and Persian
or Indic spelling need them. Left-to-right and right-to-left marks stay for right-to-left text.
"""

from __future__ import annotations

import re

_LINE_BREAK = re.compile("\r\n?|[\u2028\u2029]")
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2060\u2066-\u2069\ufeff\ud800-\udfff]"
)
_NAME_BREAK = re.compile(r"\s*[\n\t]\s*")


def clean(text: str) -> str:
    """``text`` without control, bidi-override and zero-width characters (newlines and tabs
    kept, every line break spelt ``\\n``)."""
    if text.isprintable():  # most text: nothing in Unicode's control or format categories
        return text
    return _INVISIBLE.sub("", _LINE_BREAK.sub("\n", text))


def clean_name(name: str) -> str:
    """A display name or file name: :func:`clean`, on one line (breaks and tabs become one
    space)."""
    if name.isprintable():
        return name.strip()
    return _NAME_BREAK.sub(" ", clean(name)).strip()


def shortened(text: str, limit: int) -> str:
    """``text`` on at most ``limit`` characters: whole, or cut after its last whole word that
    fits, with an ellipsis (a title made from a long text entry)."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not text[len(cut)].isspace() and " " in cut.strip():  # a word cut short: drop it
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-") + "…"
