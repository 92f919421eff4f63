"""``chorus report``: a one-page HTML report with its PNG, from a campaign's database."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.engine.i18n import Catalogs
from bot.model.members import Member
from bot.reports.report import make_report
from campaigns import parse_config
from tests.conftest import StartApp
from tests.factories import command, member, poll_config, press

PNG = b"\x89PNG\r\n\x1a\n"


async def test_report_has_figures_chart_and_pseudonyms(start_app: StartApp, tmp_path: Path) -> None:
    running = await start_app(poll_config())
    opening = next(p for p in running.adapter.posts if ":opening:" in p.key)
    for who, option in (("alice", 0), ("bob", 0), ("carol", 1)):
        await running.adapter.push(press(member(who), opening.message.buttons[option].action))
    await running.adapter.push(command(member("mod"), "ban", "console:carol", "spam"))
    t = Catalogs().translator("en")

    report = await make_report(
        running.runtime.db,
        running.runtime.config,
        running.runtime.config.campaigns[0],
        tmp_path / "flavour.html",
        t,
    )

    page = report.html.read_text(encoding="utf-8")
    assert report.png.read_bytes().startswith(PNG)
    assert (report.members, report.records, report.seen) == (2, 2, 1)
    assert "Next flavour — campaign report" in page
    assert page.count("<svg") == 3, "participation, funnel and results, each drawn inline"
    assert "platforms do not tell bots who reads a channel" in page
    assert "Alice" not in page and "m-" in page


def test_chorus_report_demo_writes_html_and_png(tmp_path: Path) -> None:
    config = Path(__file__).resolve().parents[3] / "config.toml"
    out = tmp_path / "demo.html"

    done = CliRunner().invoke(
        app,
        [
            "report",
            "parfum-printemps",
            "--demo",
            "--members",
            "60",
            "-c",
            str(config),
            "-o",
            str(out),
            "--lang",
            "en",
        ],
    )
    unknown = CliRunner().invoke(app, ["report", "nope", "-c", str(config), "--lang", "en"])

    assert done.exit_code == 0, done.output
    assert out.with_suffix(".png").read_bytes().startswith(PNG)
    assert "Members who took part" in out.read_text(encoding="utf-8")
    assert unknown.exit_code == 2
    assert "nope" in unknown.stderr


MATH_CONTEST = """
[bot]
locale = "en"
timezone = "Europe/Paris"

[[campaigns]]
id = "cones"
kind = "contest"
title = "Cones at $3 ^_^ or $4?"
channels = ["console:main"]
duration = "7d"

[campaigns.contest]
entry_type = "text"
moderation = "post"
"""


async def test_report_with_math_like_titles(
    start_app: StartApp, tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    running = await start_app(parse_config(MATH_CONTEST))
    dollars = Member("console", "dollars", "$\\frac{$", "en")
    await running.adapter.push(command(dollars, "submit", "$x^{$"))
    config = tmp_path / "config.toml"
    config.write_text(MATH_CONTEST, encoding="utf-8")
    monkeypatch.setenv("CHORUS_DATABASE_URL", database_url)
    out = tmp_path / "cones.html"

    done = await asyncio.to_thread(
        CliRunner().invoke,
        app,
        ["report", "cones", "--names", "-c", str(config), "-o", str(out), "--lang", "en"],
    )

    assert done.exit_code == 0, done.output
    assert out.with_suffix(".png").read_bytes().startswith(PNG)
    page = out.read_text(encoding="utf-8")
    assert "Cones at $3 ^_^ or $4? — campaign report" in page


async def test_report_is_written_without_its_chart_when_the_chart_cannot_be_drawn(
    start_app: StartApp,
    tmp_path: Path,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    running = await start_app(parse_config(MATH_CONTEST))
    await running.adapter.push(command(member("ana"), "submit", "Cone in the sun"))
    config = tmp_path / "config.toml"
    config.write_text(MATH_CONTEST, encoding="utf-8")
    monkeypatch.setenv("CHORUS_DATABASE_URL", database_url)
    out = tmp_path / "cones.html"
    out.with_suffix(".png").mkdir()  # a directory where the chart should be written

    done = await asyncio.to_thread(
        CliRunner().invoke,
        app,
        ["report", "cones", "-c", str(config), "-o", str(out), "--lang", "en"],
    )

    assert done.exit_code == 0, done.output
    assert "Traceback" not in done.output
    page = out.read_text(encoding="utf-8")
    assert "data:image/png" not in page
    assert Catalogs().translator("en")("report.no_chart") in page
    assert "#1 Cone in the sun" in page, "the figures and results are all there"
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, warnings
    assert warnings[0].exc_info is None and "\n" not in warnings[0].getMessage()


@pytest.mark.parametrize(
    ("campaign", "kind"),
    [("photo-ete", "contest"), ("boite-a-idees", "ideas"), ("tournee-camion", "pledge")],
)
def test_chorus_report_demo_of_another_kind_says_it_simulates_polls(
    tmp_path: Path, campaign: str, kind: str
) -> None:
    config = Path(__file__).resolve().parents[3] / "config.toml"
    out = tmp_path / "report.html"

    done = CliRunner().invoke(
        app, ["report", campaign, "--demo", "-c", str(config), "-o", str(out), "--lang", "en"]
    )

    assert done.exit_code == 2
    assert done.stderr == (
        f"chorus report --demo simulates a week of a poll, and “{campaign}” is a {kind} "
        f"campaign: play it with chorus demo --kind {kind}, or run it (chorus run) and then "
        f"write its report with chorus report {campaign}.\n"
    )
    assert not out.exists()
