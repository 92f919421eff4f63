"""``chorus export``: the backers and tiers of a pledge round, for fulfilment."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.reports.export import export_campaign
from tests.conftest import Running, StartApp
from tests.factories import command, member, pledge_config, pledge_text, press


async def backed(running: Running) -> None:
    """alice 25 € Patron, bob 12,50 € custom, carol pledged then withdrew."""
    opening = next(p for p in running.adapter.posts if ":opening:" in p.key)
    await running.adapter.push(press(member("alice"), opening.message.buttons[2].action))
    await running.adapter.push(command(member("bob"), "pledge", "12,50"))
    await running.adapter.push(command(member("carol"), "pledge", "40"))
    await running.adapter.push(command(member("carol"), "withdraw"))


async def test_export_lists_the_backers_with_their_tiers(
    start_app: StartApp, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    running = await start_app(pledge_config())
    await backed(running)
    monkeypatch.setenv("CHORUS_DATABASE_URL", database_url)

    text = await export_campaign(pledge_config(), "tour", "csv", names=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    document = json.loads(await export_campaign(pledge_config(), "tour", "json", 1, names=True))

    assert [(r["user_id"], r["tier"], r["reward"], r["amount"]) for r in rows] == [
        ("alice", "Patron", "A tasting for two", "25.00"),
        ("bob", "", "", "12.50"),
    ]
    assert {r["platform"] for r in rows} == {"console"}
    assert rows[0]["display_name"] == "Alice"
    assert rows[0]["currency"] == "EUR"
    assert document["campaign"] == "tour"
    assert document["round"] == 1
    assert [r["user_id"] for r in document["rows"]] == ["alice", "bob"]
    assert document["rows"][1]["tier"] is None


def test_chorus_export_writes_csv_and_refuses_unknown_campaigns(tmp_path: Path) -> None:
    database = tmp_path / "chorus.db"
    text = pledge_text().replace(
        "[[campaigns]]",
        f'[storage]\ndatabase_url = "sqlite+aiosqlite:///{database}"\n\n[[campaigns]]',
    )
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")

    async def run_a_round() -> None:
        from adapters.memory import MemoryAdapter
        from bot.app import App
        from campaigns import load_config

        adapter = MemoryAdapter("console")
        chorus = App(load_config(config), adapters={"console": adapter}, timers=False)
        await chorus.start()
        try:
            await chorus.postman.deliver_due()  # type: ignore[union-attr]
            await adapter.push(command(member("alice"), "pledge", "30"))
        finally:
            await chorus.stop()

    asyncio.run(run_a_round())
    runner = CliRunner()
    out = tmp_path / "backers.csv"

    done = runner.invoke(app, ["export", "tour", "-c", str(config), "-o", str(out), "--names"])
    unknown = runner.invoke(app, ["export", "nope", "-c", str(config), "--lang", "en"])
    no_round = runner.invoke(app, ["export", "tour", "--round", "9", "-c", str(config)])

    assert done.exit_code == 0, done.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "round,platform,user_id,display_name,tier,reward,amount,currency,pledged_at"
    assert lines[1].startswith("1,console,alice,Alice,,,30.00,EUR,")
    assert unknown.exit_code == 2
    assert "nope" in unknown.stderr
    assert no_round.exit_code == 2
    assert no_round.stderr.strip() == "tour has no round 9 (its rounds so far: 1 to 1)."
