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
