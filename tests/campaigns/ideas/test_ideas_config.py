"""``[campaigns.ideas]``: the shipped example, defaults, and errors ``chorus check`` explains."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.engine.i18n import LOCALES, load_catalog
from bot.model.errors import ConfigError
from campaigns import load_config, parse_config
from campaigns.ideas.settings import IDEA_STATUSES, IdeasSettings
from tests.campaigns.ideas.box import MODERATOR, on_telegram, open_box
from tests.conftest import StartApp
from tests.factories import IDEAS_TOML

SHIPPED = Path(__file__).resolve().parents[3] / "config.toml"


def _problem(settings: str) -> tuple[str, str, int | None]:
    text = IDEAS_TOML.format(locale="en", settings=settings)
    with pytest.raises(ConfigError) as caught:
        parse_config(text)
    (problem,) = caught.value.problems
    return problem.code, problem.path, problem.line


def test_the_shipped_idea_box_is_enabled_with_its_settings() -> None:
    box = load_config(SHIPPED).campaign("boite-a-idees")

    assert box is not None and box.enabled and box.kind == "ideas"
    assert box.ideas is not None
    assert box.ideas.upvotes_per_round == 10
    assert box.ideas.digest_every == timedelta(days=7)
    assert box.ideas.retained == ["planned", "in_progress", "shipped"]


def test_an_idea_box_without_its_section_runs_on_defaults() -> None:
    config = parse_config(
        IDEAS_TOML.format(locale="en", settings="").replace("[campaigns.ideas]\n", "")
    )

    box = config.campaign("box")
    assert box is not None and box.ideas is None
    defaults = IdeasSettings()
    assert (defaults.moderation, defaults.self_upvote, defaults.upvotes_per_round) == (
        "post",
        False,
        None,
    )


@pytest.mark.parametrize(
    ("settings", "code"),
    [
        ("min_length = 50\nmax_length = 40", "ideas_lengths"),
        ('digest_every = "30m"', "ideas_digest_too_often"),
        ('retained = ["shipped", "shipped"]', "ideas_retained_twice"),
        ('retained = ["someday"]', "literal_error"),
        ("similarity_threshold = 1.5", "less_than_equal"),
    ],
)
def test_bad_settings_are_refused_with_a_stable_code(settings: str, code: str) -> None:
    found, path, _ = _problem(settings)

    assert found == code
    assert path.startswith("campaigns[0].ideas")


def test_chorus_check_explains_an_ideas_error_in_french(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        IDEAS_TOML.format(locale="fr", settings="min_length = 50\nmax_length = 40"),
        encoding="utf-8",
    )

    result = CliRunner().invoke(app, ["check", str(path), "--lang", "fr"])

    assert result.exit_code == 2
    assert "min_length (50) dépasse max_length (40)" in result.stderr


def test_chorus_check_summarises_the_idea_box() -> None:
    result = CliRunner().invoke(app, ["check", str(SHIPPED), "--lang", "en"])

    assert result.exit_code == 0, result.output
    assert "similar from 0.75, upvotes per member and round: 10, digest every 7d" in result.stdout


@pytest.mark.parametrize("locale", LOCALES)
def test_every_status_has_a_name_in_each_language(locale: str) -> None:
    catalog = load_catalog(locale)

    names = [catalog.get(f"ideas.status.{status}") for status in IDEA_STATUSES]

    assert all(names)
    assert len(set(names)) == len(IDEA_STATUSES)


async def test_help_lists_the_idea_commands_for_members_and_moderators(
    start_app: StartApp,
) -> None:
    box = await open_box(start_app)

    member_help = await box.say(on_telegram("1"), "help")
    moderator_help = await box.say(MODERATOR, "help")

    listed = {line.split(" ")[0] for line in member_help.splitlines() if line.startswith("/")}
    assert {"/idea", "/ideas", "/contributors"} <= listed
    assert "/setstatus" not in listed
    for name in ("/setstatus", "/merge", "/hide"):
        assert any(line.startswith(name + " ") for line in moderator_help.splitlines())
