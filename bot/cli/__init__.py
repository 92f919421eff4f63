"""The ``chorus`` command line (Typer), one module per group of commands.

``app`` and ``main`` are the stable entry points (the console script is ``bot.cli:main``);
importing this package registers every command on them, in the order ``--help`` lists them.
"""

from __future__ import annotations

from bot.cli import run  # noqa: F401  (check, run, demo come first in --help)

# isort: split
from bot.cli import init, reload  # noqa: F401  (then init and reload)

# isort: split
from bot.cli import operator, platforms, records, web  # noqa: F401  (each registers its commands)
from bot.cli.apps import app, main

__all__ = ["app", "main"]
