"""How long ``chorus report`` takes once the data is there: reading the records, drawing every
chart (inline SVG and the PNG overview) and writing the page.

A poll campaign of the shipped ``config.toml`` is played by ``--members`` simulated members on
four platforms (``chorus report --demo``); only the report itself is timed, ``--runs`` times.

    .venv/bin/python bench/report.py --members 2000 --runs 3
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bot.demo.demo_report as demo
from bot.engine.i18n import Catalogs
from bot.reports.report import make_report
from campaigns import load_config

CONFIG = Path(__file__).resolve().parents[1] / "config.toml"


async def main(members: int, runs: int) -> None:
    timings: list[float] = []

    async def timed(*args: Any, **kwargs: Any) -> Any:
        for _ in range(runs):
            start = time.perf_counter()
            made = await make_report(*args, **kwargs)
            timings.append(time.perf_counter() - start)
        return made

    demo.make_report = timed  # type: ignore[assignment]
    config = load_config(CONFIG)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "report.html"
        made = await demo.demo_report(
            config, "parfum-printemps", out, Catalogs().translator("en"), members=members, seed=1
        )
        assert made is not None
        size = out.stat().st_size
    print(
        f"report of {made.records} records from {made.members} members: "
        f"median {statistics.median(timings):.2f} s, worst {max(timings):.2f} s "
        f"over {runs} runs; page {size / 1024:.0f} KiB"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(main(args.members, args.runs))
