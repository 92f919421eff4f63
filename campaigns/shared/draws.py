"""Verifiable random draws: commit to a secret seed, reveal it, draw deterministically.

At the opening the bot publishes ``commitment = sha256(seed)`` (``seed`` as 64 hex digits); the
seed itself stays secret, so nobody — the brand included — can aim the draw at someone by
choosing when to enter. At the close it reveals the seed and the hash of the sorted entrant
list. Draw number ``n`` (0, 1, 2…; re-draws continue the numbering) picks among the entrants
not drawn before::

    entrants      = sorted(entrant ids)                       # "platform:user-id"
    entrants_hash = sha256("\\n".join(entrants)).hexdigest()
    pool          = [e for e in entrants if e not in earlier winners]
    n-th winner   = pool[int(sha256(f"{seed}:{entrants_hash}:{n}").hexdigest(), 16) % len(pool)]

Anyone with the revealed seed and the entrant list can recompute every winner
(``chorus verify-draw`` does; ``docs/contests.md`` has the same lines of Python). Changing one
entrant changes the entrant hash and so every draw.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Sequence


def commitment(seed: str) -> str:
    """The public commitment to a seed (64 hex digits)."""
    return hashlib.sha256(seed.encode()).hexdigest()


def entrants_hash(entrants: Iterable[str]) -> str:
    """The hash of the sorted entrant list, one id per line."""
    return hashlib.sha256("\n".join(sorted(entrants)).encode()).hexdigest()


def draw_one(seed: str, entrants: Collection[str], excluded: Collection[str], number: int) -> str:
    """Winner of draw ``number`` among ``entrants`` minus ``excluded``.

    Raises:
        ValueError: nobody is left to draw.
    """
    ordered = sorted(entrants)
    pool = [e for e in ordered if e not in excluded]
    if not pool:
        raise ValueError("no entrant left to draw")
    digest = hashlib.sha256(f"{seed}:{entrants_hash(ordered)}:{number}".encode()).hexdigest()
    return pool[int(digest, 16) % len(pool)]


def draw_many(seed: str, entrants: Collection[str], count: int, start: int = 0) -> list[str]:
    """Draws ``start`` … ``start + count - 1``, each excluding the ones before it."""
    winners: list[str] = []
    for number in range(start, start + min(count, len(set(entrants)))):
        winners.append(draw_one(seed, entrants, winners, number))
    return winners


def replay(seed: str, entrants: Collection[str], drawn: Sequence[str]) -> list[str]:
    """Recompute as many draws as ``drawn`` holds, each excluding every earlier winner."""
    return draw_many(seed, entrants, len(drawn))
