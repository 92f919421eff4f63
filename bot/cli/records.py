"""What a campaign leaves behind, for brands and auditors: ``chorus audit``,
``chorus verify-draw``, ``chorus export`` and ``chorus report``."""

from __future__ import annotations

import asyncio
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from bot.cli.apps import DEFAULT_CONFIG, ConfigPath, Json, Lang, app
from bot.cli.invocation import (
    guard,
    load,
    output_path,
    require_records,
    setup_logging,
    translator,
    writing,
)
from bot.model.errors import UserError


class OutputFormat(StrEnum):
    """How ``chorus audit`` prints."""

    text = "text"
    json = "json"


@app.command()
def audit(
    campaign: Annotated[str, typer.Argument(help="Campaign id.")],
    config_file: ConfigPath = DEFAULT_CONFIG,
    output: Annotated[OutputFormat, typer.Option("--format", help="text or json.")] = (
        OutputFormat.text
    ),
    lang: Lang = None,
) -> None:
    """Show a campaign's audit log: every transition and moderator action, oldest first."""
    from bot.moderation.audit_report import show_audit

    config = load(config_file, lang)
    t = translator(lang, config)
    require_records(config, config_file, t, campaign)
    code = guard(lambda: asyncio.run(show_audit(config, campaign, output.value, t)), t)
    raise typer.Exit(code or 0)


@app.command("verify-draw")
def verify_draw(
    campaign: Annotated[str, typer.Argument(help="Campaign id of the giveaway.")],
    round_number: Annotated[
        int | None, typer.Option("--round", help="Round number (default: the latest drawn).")
    ] = None,
    entrants: Annotated[bool, typer.Option("--entrants", help="Print the entrant list.")] = False,
    config_file: ConfigPath = DEFAULT_CONFIG,
    lang: Lang = None,
    as_json: Json = False,
) -> None:
    """Recompute a giveaway's draws from its revealed seed and entrants; exit 1 on mismatch."""
    from campaigns.contest.draw_check import verify_draw as run_check

    config = load(config_file, lang)
    t = translator(lang, config)
    require_records(config, config_file, t, campaign)
    url = config.database_url()
    code = guard(
        lambda: asyncio.run(run_check(url, campaign, round_number, entrants, t, as_json=as_json)),
        t,
    )
    raise typer.Exit(code or 0)


class ExportFormat(StrEnum):
    """What ``chorus export`` writes."""

    csv = "csv"
    json = "json"


class ExportTableName(StrEnum):
    """Which table ``chorus export`` writes."""

    records = "records"
    participants = "participants"


@app.command()
def export(
    campaign: Annotated[str, typer.Argument(help="Campaign id.")],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="csv or json.")] = (
        ExportFormat.csv
    ),
    round_number: Annotated[
        int | None, typer.Option("--round", min=1, help="Round number (default: the latest).")
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", help="Write to this file, or into this folder (default: stdout)."
        ),
    ] = None,
    table: Annotated[
        ExportTableName,
        typer.Option("--table", help="records (ballots, backers…) or participants per platform."),
    ] = ExportTableName.records,
    names: Annotated[
        bool, typer.Option("--names", help="Include members' ids and names (default: pseudonyms).")
    ] = False,
    config_file: ConfigPath = DEFAULT_CONFIG,
    lang: Lang = None,
) -> None:
    """List a campaign's records (a poll's ballots, a pledge's backers…) or its participants
    as CSV or JSON; members are pseudonymised unless --names is given."""
    from bot.reports.export import export_campaign

    config = load(config_file, lang)
    t = translator(lang, config)
    require_records(config, config_file, t, campaign)

    def produce() -> str:
        try:
            return asyncio.run(
                export_campaign(
                    config, campaign, fmt.value, round_number, table=table.value, names=names
                )
            )
        except UserError as error:
            typer.echo(t(error.key, **dict(error.params)), err=True)
            raise typer.Exit(2) from None

    text = str(guard(produce, t))
    if output is None:
        typer.echo(text, nl=False)
    else:
        from storage.privacy.private_files import write_private

        target = output_path(output, f"{campaign}-{table.value}.{fmt.value}")
        writing(lambda: write_private(target, text.encode()), target, t)  # 0600: members' data


@app.command()
def report(
    campaign: Annotated[str, typer.Argument(help="Campaign id.")],
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="HTML file or folder (the PNG is written beside it)."),
    ] = None,
    names: Annotated[
        bool, typer.Option("--names", help="Show members' names (default: pseudonyms).")
    ] = False,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo", help="Simulate a week of this poll first (scratch data; polls only)."
        ),
    ] = False,
    members: Annotated[int, typer.Option(min=1, max=100_000, help="--demo: members.")] = 400,
    seed: Annotated[int, typer.Option(help="--demo: random seed.")] = 1,
    config_file: ConfigPath = DEFAULT_CONFIG,
    lang: Lang = None,
) -> None:
    """Write a one-page HTML report and its PNG: participation over time and per platform,
    funnel, results, top contributors."""
    from bot.demo.demo_report import demo_report
    from bot.reports.report import Report, write_report

    config = load(config_file, lang)
    t = translator(lang, config)
    setup_logging(verbose=False, config=config)  # a chart that cannot be drawn: one warning line
    default = f"{campaign}-report.html"
    out = Path(default) if output is None else output_path(output, default)
    made: Report | None = None

    def produce() -> None:
        nonlocal made
        made = asyncio.run(
            demo_report(config, campaign, out, t, members=members, seed=seed)
            if demo
            else write_report(config, campaign, out, t, names=names)
        )

    known = config.campaign(campaign)
    if demo and known is not None and known.kind != "poll":
        typer.echo(t("report.demo_polls_only", campaign=campaign, kind=known.kind), err=True)
        raise typer.Exit(2)
    if not demo:
        require_records(config, config_file, t, campaign)
    guard(lambda: writing(produce, out, t), t)
    if made is None:
        typer.echo(t("report.no_campaign", campaign=campaign), err=True)
        raise typer.Exit(2)
    if made.png is None:
        typer.echo(t("report.written_without_chart", html=str(made.html)))
    else:
        typer.echo(t("report.written", html=str(made.html), png=str(made.png)))
