"""Find the line of a TOML file that a validation error points at.

``tomllib`` keeps no positions, so this reads the text again, tracking table headers
(``[a.b]``, ``[[a]]``) and keys, and returns the line whose path is the longest prefix of the
error's location. It is a best effort that covers the shapes config files are written in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_.\-\"' ]+?)\s*=")

Loc = Sequence[str | int]


def _split_key(raw: str) -> list[str]:
    return [part.strip().strip("\"'") for part in raw.split(".")]


def line_of(text: str, loc: Loc) -> int | None:
    """The 1-based line that best matches ``loc`` (e.g. ``("campaigns", 1, "closes_at")``)."""
    target = tuple(loc)
    counters: dict[tuple[str | int, ...], int] = {}
    header: tuple[str | int, ...] = ()
    best_line: int | None = None
    best_len = 0
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if depth > 0:
            depth += stripped.count("[") - stripped.count("]")
            continue
        match = _HEADER.match(line)
        if match:
            header = _resolve(_split_key(match.group(2)), counters, array=match.group(1) == "[[")
            path: tuple[str | int, ...] = header
        else:
            key = _KEY.match(line)
            if not key or stripped.startswith("#"):
                continue
            path = (*header, *_split_key(key.group(1)))
            value = line.split("=", 1)[1]
            depth = max(0, value.count("[") - value.count("]"))
        size = _prefix_len(path, target)
        if size == len(path) and size > best_len:
            best_line, best_len = number, size
    return best_line


def _resolve(
    names: list[str], counters: dict[tuple[str | int, ...], int], *, array: bool
) -> tuple[str | int, ...]:
    """Turn header names into a path, inserting the current index of arrays of tables."""
    path: tuple[str | int, ...] = ()
    for position, name in enumerate(names):
        path = (*path, name)
        last = position == len(names) - 1
        if last and array:
            counters[path] = counters.get(path, -1) + 1
            path = (*path, counters[path])
        elif path in counters:
            path = (*path, counters[path])
    return path


def _prefix_len(path: tuple[str | int, ...], target: tuple[str | int, ...]) -> int:
    size = 0
    for mine, theirs in zip(path, target, strict=False):
        if mine != theirs:
            break
        size += 1
    return size


#: Deeper than this, an array or inline table is refused: nobody writes a config that way, and
#: ``tomllib`` runs out of stack on thousands of levels.
NESTING_LIMIT = 100
_OPENING = {"[": "]", "{": "}"}


def line_too_deep(text: str, limit: int = NESTING_LIMIT) -> int | None:
    """The 1-based line where brackets outside strings and comments first nest deeper than
    ``limit`` (table headers count, harmlessly: they are one level)."""
    depth = 0
    line = 1
    quote: str | None = None
    comment = False
    escaped = False
    for char in text:
        if char == "\n":
            line += 1
            comment = False
            if quote is not None and len(quote) == 1:
                quote = None  # a basic string never spans lines
            continue
        if comment:
            continue
        if quote is not None:
            if escaped:
                escaped = False
            elif char == "\\" and quote == '"':
                escaped = True
            elif char == quote:
                quote = None
            continue
        if char in "\"'":
            quote = char
        elif char == "#":
            comment = True
        elif char in _OPENING:
            depth += 1
            if depth > limit:
                return line
        elif char in "]}":
            depth = max(depth - 1, 0)
    return None


_BOT_LOCALE = re.compile(
    r"^\s*\[\s*bot\s*\][^\n]*\n(?:(?!\s*\[)[^\n]*\n)*?\s*locale\s*=\s*[\"'](\w+)", re.MULTILINE
)


def bot_locale(text: str) -> str | None:
    """``[bot] locale`` read from the text alone, for speaking the file's language about a
    file that cannot be parsed."""
    found = _BOT_LOCALE.search(text)
    return found.group(1) if found else None
