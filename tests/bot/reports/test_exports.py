"""Exports: a poll's ballots and a campaign's participants per platform, as CSV and JSON,
pseudonymised unless names are asked for; and ``/export`` sent privately in chat."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from adapters.memory import MemoryAdapter
from bot.cli import app
from bot.model.events import Chat
from bot.model.members import Member
from bot.reports.export import export_campaign, inert
from campaigns import parse_config
from campaigns.shared.export_table import Cell
from storage.rounds import audit_log
from tests.conftest import Running, StartApp
from tests.factories import command, member, poll_config, press

CHANNELS = ("console:main", "slack:C0123ABCD")


async def voted(start_app: StartApp) -> Running:
    """alice Vanilla, bob Lemon on the console; U1 Vanilla on Slack; bob banned."""
    console, slack = MemoryAdapter("console"), MemoryAdapter("slack")
    running = await start_app(
        poll_config(channels=CHANNELS), adapters={"console": console, "slack": slack}
    )
    for adapter, who, option in ((console, "alice", 0), (console, "bob", 2), (slack, "U1", 0)):
        opening = next(p for p in adapter.posts if ":opening:" in p.key)
        platform = adapter.platform
        action = opening.message.buttons[option].action
        where = Chat(platform, opening.channel)  # pressed where the opening was posted
        await adapter.push(press(member(who, platform=platform), action, chat=where))
    await console.push(command(member("mod"), "ban", "console:bob", "spam"))
    return running


async def test_poll_ballots_export_as_csv_and_json_pseudonymised(
    start_app: StartApp, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    await voted(start_app)
    monkeypatch.setenv("CHORUS_DATABASE_URL", database_url)
    config = poll_config(channels=CHANNELS)

    rows = list(csv.DictReader(io.StringIO(await export_campaign(config, "flavour", "csv"))))
    document = json.loads(await export_campaign(config, "flavour", "json"))
    again = json.loads(await export_campaign(config, "flavour", "json"))

    assert [(r["platform"], r["choices"], r["counted"]) for r in rows] == [
        ("console", "Vanilla", "yes"),
        ("console", "Lemon", "no"),
        ("slack", "Vanilla", "yes"),
    ]
    assert set(rows[0]) == {"round", "platform", "member", "choices", "voted_at", "counted"}
    assert all(r["member"].startswith("m-") and len(r["member"]) == 18 for r in rows)
    assert len({r["member"] for r in rows}) == 3
    assert [r["member"] for r in document["rows"]] == [r["member"] for r in rows]
    assert document["rows"] == again["rows"], "a member keeps their pseudonym"
    assert (document["campaign"], document["round"], document["pseudonymised"]) == (
        "flavour",
        1,
        "yes",
    )
    text = await export_campaign(config, "flavour", "csv")
    assert "alice" not in text.lower() and "U1" not in text


async def test_names_and_participants_per_platform(
    start_app: StartApp, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    await voted(start_app)
    monkeypatch.setenv("CHORUS_DATABASE_URL", database_url)
    config = poll_config(channels=CHANNELS)

    named = list(
        csv.DictReader(io.StringIO(await export_campaign(config, "flavour", "csv", names=True)))
    )
    people = json.loads(
        await export_campaign(config, "flavour", "json", table="participants", names=True)
    )

    assert [(r["user_id"], r["display_name"]) for r in named] == [
        ("alice", "Alice"),
        ("bob", "Bob"),
        ("U1", "U1"),
    ]
    assert [(r["platform"], r["user_id"], r["records"], r["banned"]) for r in people["rows"]] == [
        ("console", "alice", 1, "no"),
        ("console", "bob", 1, "yes"),
        ("slack", "U1", 1, "no"),
    ]


async def test_export_in_chat_comes_privately_as_a_file(start_app: StartApp) -> None:
    running = await voted(start_app)
    console = running.adapters["console"]

    await console.push(command(member("mod"), "export", "json", "participants"))
    await console.push(command(member("mod"), "export", "names"))
    await console.push(command(member("alice"), "export"))
    await running.postman_delivered()

    (direct,) = [d for d in console.directs if d.user_id == "mod"]
    assert direct.message.file is not None
    assert direct.message.file.name == "flavour-participants.json"
    assert direct.message.file.mime_type == "application/json"
    document = json.loads(Path(direct.message.file.path).read_text(encoding="utf-8"))
    assert [(r["platform"], r["records"]) for r in document["rows"]] == [
        ("console", 1),
        ("console", 1),
        ("slack", 1),
    ]
    assert "alice" not in Path(direct.message.file.path).read_text(encoding="utf-8")
    assert console.replies_to("mod")[-2:] == [
        "The export is on its way to you in a private message.",
        "Only the campaign’s owners (the brand) can do that.",
    ]
    assert console.replies_to("alice")[-1] == "Only the campaign’s moderators can do that."
    exports = [e for e in await audit_log(running.runtime.db, "flavour") if e.action == "export"]
    assert [(e.actor, e.after, e.detail) for e in exports] == [
        ("console:mod", "participants json", "pseudonymised")
    ]


FORMULA_IDEA = '=HYPERLINK("https://evil.example","Claim")'
FORMULA_NAME = "@SUM(1+1)*cmd|' /C calc'!A0"
BOX_TOML = """
[bot]
locale = "en"
timezone = "Europe/Paris"
moderators = ["console:mod"]

[[campaigns]]
id = "box"
kind = "ideas"
title = "Idea box"
channels = ["console:main"]
duration = "7d"
"""


async def formula_ideas(start_app: StartApp) -> Running:
    """An idea box where a member named like a formula suggested a formula."""
    running = await start_app(parse_config(BOX_TOML))
    mallory = Member("console", "mallory", FORMULA_NAME, "en")
    await running.adapter.push(command(mallory, "idea", FORMULA_IDEA))
    await running.adapter.push(command(member("alice"), "idea", "-1 sugar, +2 mint"))
    return running


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


async def test_cli_csv_export_neutralises_formulas(
    start_app: StartApp, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await formula_ideas(start_app)
    monkeypatch.setenv("CHORUS_DATABASE_URL", database_url)
    config = tmp_path / "config.toml"
    config.write_text(BOX_TOML, encoding="utf-8")
    invoke = CliRunner().invoke
    options = ["-c", str(config), "--names", "--lang", "en"]

    done = await asyncio.to_thread(invoke, app, ["export", "box", "-f", "csv", *options])
    as_json = await asyncio.to_thread(invoke, app, ["export", "box", "-f", "json", *options])

    assert done.exit_code == 0, done.output
    header, *rows = cells(done.stdout)
    first = dict(zip(header, rows[0], strict=True))
    second = dict(zip(header, rows[1], strict=True))
    assert (first["title"], first["display_name"]) == ("'" + FORMULA_IDEA, "'" + FORMULA_NAME)
    assert second["title"] == "'-1 sugar, +2 mint"
    assert (first["idea"], first["upvotes"]) == ("1", "0")
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    document = json.loads(as_json.stdout)
    assert [r["title"] for r in document["rows"]] == [FORMULA_IDEA, "-1 sugar, +2 mint"]
    assert document["rows"][0]["display_name"] == FORMULA_NAME


async def test_chat_csv_export_neutralises_formulas(start_app: StartApp) -> None:
    running = await formula_ideas(start_app)

    await running.adapter.push(command(member("mod"), "export", "csv"))
    await running.postman_delivered()

    (direct,) = [d for d in running.adapter.directs if d.user_id == "mod"]
    assert direct.message.file is not None and direct.message.file.mime_type == "text/csv"
    header, *rows = cells(Path(direct.message.file.path).read_text(encoding="utf-8"))
    texts = [dict(zip(header, row, strict=True))["title"] for row in rows]
    assert texts == ["'" + FORMULA_IDEA, "'-1 sugar, +2 mint"]


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+33 6 12", "'+33 6 12"),
        ("-2", "'-2"),
        ("@here", "'@here"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Mint 2=1", "Mint 2=1"),
        (-3, -3),
        (None, None),
    ],
)
def test_text_that_could_start_a_formula_is_made_inert(cell: Cell, written: Cell) -> None:
    assert inert(cell) == written
