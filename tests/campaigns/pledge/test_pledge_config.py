"""``[campaigns.pledge]``: what a valid pledge campaign looks like, and each mistake reported
with a stable code that ``chorus check`` translates."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.engine.i18n import Catalogs
from bot.model.errors import ConfigError
from campaigns import parse_config
from tests.factories import AMOUNT_GOAL, pledge_config, pledge_text


def problem_codes(goal: str, extra: str = "") -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_config(pledge_text(goal=goal, extra=extra))
    return [p.code for p in caught.value.problems]


def test_the_factory_config_is_valid() -> None:
    pledge = pledge_config().campaigns[0].pledge

    assert pledge is not None
    assert pledge.goal_amount == Decimal(100)
    assert [t.amount for t in pledge.tiers] == [Decimal(5), Decimal(10), Decimal(25)]
    assert pledge.currency == "EUR"


def test_a_goal_of_backers_needs_no_currency() -> None:
    pledge = pledge_config(goal="goal_backers = 50").campaigns[0].pledge

    assert pledge is not None and pledge.goal_backers == 50 and pledge.currency is None


def test_a_lowercase_currency_is_accepted_as_its_code() -> None:
    pledge = pledge_config(goal='goal_amount = 10\ncurrency = "chf"').campaigns[0].pledge

    assert pledge is not None and pledge.currency == "CHF"


@pytest.mark.parametrize(
    ("goal", "code"),
    [
        ('currency = "EUR"', "pledge_goal"),
        ('goal_backers = 5\ngoal_amount = 10\ncurrency = "EUR"', "pledge_goal"),
        ("goal_amount = 100", "pledge_currency"),
        ('goal_amount = 100\ncurrency = "EUR"\ncustom_amounts = false', "pledge_no_way"),
        ('goal_amount = 100\ncurrency = "EUR"\nmin_amount = 50\nmax_amount = 10', "pledge_bounds"),
        ('goal_amount = 100\ncurrency = "XYZ"', "currency"),
        ('goal_amount = 100.555\ncurrency = "EUR"', "amount_precision"),
        ('goal_amount = 100\ncurrency = "JPY"\nmin_amount = 0.5', "amount_precision"),
        ('goal_amount = -3\ncurrency = "EUR"', "greater_than"),
        ('goal_amount = "lots"\ncurrency = "EUR"', "decimal_parsing"),
        (
            'goal_amount = 100\ncurrency = "EUR"\n'
            'tiers = [{ amount = 5, reward = "a" }, { amount = 5, reward = "b" }]',
            "duplicate_tier",
        ),
        (
            'goal_amount = 100\ncurrency = "EUR"\nstretch_goals = [{ at = 80, text = "x" }]',
            "stretch_order",
        ),
        (
            'goal_amount = 100\ncurrency = "EUR"\n'
            'stretch_goals = [{ at = 300, text = "x" }, { at = 200, text = "y" }]',
            "stretch_order",
        ),
        ('goal_backers = 10\nstretch_goals = [{ at = 12.5, text = "x" }]', "stretch_whole"),
    ],
)
def test_mistakes_are_reported_with_their_code(goal: str, code: str) -> None:
    assert problem_codes(goal) == [code]


def test_a_missing_fulfilment_text_is_reported() -> None:
    text = pledge_text().replace('funded_text = "We will contact you', 'note = "We will', 1)
    with pytest.raises(ConfigError) as caught:
        parse_config(text)

    codes = {(p.path, p.code) for p in caught.value.problems}
    assert ("campaigns[0].pledge.funded_text", "missing") in codes


def test_a_pledge_campaign_needs_its_section() -> None:
    text = pledge_text().split("[campaigns.pledge]")[0]
    with pytest.raises(ConfigError) as caught:
        parse_config(text)

    assert [p.code for p in caught.value.problems] == ["missing_kind_section"]


def test_every_pledge_config_code_is_translated() -> None:
    catalogs = Catalogs()
    codes = [
        "pledge_goal",
        "pledge_currency",
        "pledge_no_way",
        "pledge_bounds",
        "currency",
        "amount_precision",
        "duplicate_tier",
        "stretch_order",
        "stretch_whole",
        "greater_than",
        "decimal_parsing",
        "decimal_type",
    ]
    for locale in ("fr", "en"):
        assert {f"config.{c}" for c in codes} <= catalogs.keys(locale)


def test_chorus_check_explains_a_pledge_mistake_in_french(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        pledge_text(locale="fr", goal=AMOUNT_GOAL.replace('currency = "EUR"\n', "")),
        encoding="utf-8",
    )

    result = CliRunner().invoke(app, ["check", str(config), "--lang", "fr"])

    assert result.exit_code == 2
    assert "campaigns[0].pledge" in result.stderr
    assert "un objectif en montant ou des paliers demandent une devise" in result.stderr


def test_chorus_check_summarises_a_pledge_campaign(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(pledge_text(), encoding="utf-8")

    result = CliRunner().invoke(app, ["check", str(config), "--lang", "en"])

    assert result.exit_code == 0, result.output
    assert "tour — Ice-cream truck tour [pledge]" in result.stdout
    assert "goal €100; tiers: 3; stretch goals: 2" in result.stdout
