"""The simulated community every demo draws its members from."""

from __future__ import annotations

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
