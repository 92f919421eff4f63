"""The simulated community every demo draws its members from."""

from __future__ import annotations

from datetime import UTC, datetime

#: When simulated time starts in the demos that print the same output for the same seed.
SIMULATED_START = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)

#: First names of simulated members (each gets a number after it).
NAMES = (
    "Camille",
    "Léa",
    "Hugo",
    "Inès",
    "Louis",
    "Chloé",
    "Nathan",
    "Manon",
    "Jules",
    "Emma",
    "Lucas",
    "Sarah",
    "Noah",
    "Jade",
    "Adam",
    "Zoé",
    "Tom",
    "Alice",
    "Théo",
    "Lina",
)
