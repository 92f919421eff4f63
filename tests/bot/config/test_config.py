"""config.toml loading: the shipped file is valid, broken copies point at the field and its line,
local times become UTC across DST changes, and durations parse the way people write them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.config.model import Config
from bot.config.toml_lines import line_of
from bot.model.durations import LONGEST, DurationTooLong, format_duration, parse_duration
from bot.model.errors import ConfigError, ConfigProblem
from campaigns import load_config, parse_config
from tests.factories import poll_config

SHIPPED = Path(__file__).resolve().parents[3] / "config.toml"
TEXT = SHIPPED.read_text(encoding="utf-8")
OPTIONS = (
    'options = ["Fraise-basilic", "Caramel au beurre salé", "Pistache de Sicile", '
    '"Citron meringué", "Chocolat-piment d’Espelette"]'
)


def broken(old: str, new: str) -> str:
    """The shipped config with exactly one occurrence of ``old`` replaced by ``new``."""
    assert TEXT.count(old) == 1, f"{old!r} must occur once in config.toml"
    return TEXT.replace(old, new)


def line_with(text: str, content: str) -> int:
    """The 1-based number of the only line of ``text`` that starts with ``content``."""
    numbers = [
        n for n, line in enumerate(text.splitlines(), start=1) if line.strip().startswith(content)
    ]
    assert len(numbers) == 1, f"{content!r} starts {len(numbers)} lines"
    return numbers[0]


def only_problem(text: str) -> ConfigProblem:
    with pytest.raises(ConfigError) as caught:
        parse_config(text)
    assert len(caught.value.problems) == 1, caught.value.problems
    return caught.value.problems[0]


# The shipped file


def test_shipped_config_parses() -> None:
    config = load_config(SHIPPED)

    assert [c.id for c in config.campaigns] == [
        "parfum-printemps",
        "photo-ete",
        "boite-a-idees",
        "tournee-camion",
    ]
    poll = config.campaign("parfum-printemps")
    assert poll is not None and poll.poll is not None
    assert poll.kind == "poll"
    assert poll.duration == timedelta(days=7)
    assert len(poll.poll.options) == 5
    assert config.bot.locale == "fr"
    assert config.bot.moderators == ["console:camille"]
    assert config.platforms() == {"console"}


def test_load_config_of_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "nope.toml")

    assert "cannot read" in str(caught.value)
    assert "nope.toml" in str(caught.value)


# Broken copies: path, code and line


def test_closes_before_opens_points_at_closes_at_line() -> None:
    text = broken(
        'duration = "7d"', "opens_at = 2026-12-08T10:00:00\ncloses_at = 2026-12-01T10:00:00 #"
    )

    problem = only_problem(text)

    assert problem.path == "campaigns[0].closes_at"
    assert problem.code == "closes_before_opens"
    assert problem.line == line_with(text, "closes_at = 2026-12-01")
    assert "must be after opens_at" in str(problem)
    assert f"(line {problem.line})" in str(problem)


def test_unknown_key_is_extra_forbidden_at_its_line() -> None:
    text = broken('kind = "poll"', 'kind = "poll"\ncolour = "blue"')

    problem = only_problem(text)

    assert problem.path == "campaigns[0].colour"
    assert problem.code == "extra_forbidden"
    assert problem.line == line_with(text, "colour =")


def test_unknown_key_in_a_later_campaign_section_points_at_that_campaign() -> None:
    text = broken("winners = 3", "winners = 3\nwinner = 1")

    problem = only_problem(text)

    assert problem.path == "campaigns[1].contest.winner"
    assert problem.code == "extra_forbidden"
    assert problem.line == line_with(text, "winner = 1")


def test_bad_telegram_channel_id_is_refused_at_channels_line() -> None:
    text = broken('channels = ["console:main"]\n# Add', 'channels = ["telegram:abc"]\n# Add')

    problem = only_problem(text)

    assert problem.path == "campaigns[0].channels[0]"
    assert problem.code == "ref_id"
    assert problem.params is not None and problem.params["value"] == "telegram:abc"
    assert problem.line == line_with(text, 'channels = ["telegram:abc"]')


def test_channel_on_unknown_platform_is_refused() -> None:
    text = broken('channels = ["console:main"]\n# Add', 'channels = ["whatsapp:123"]\n# Add')

    problem = only_problem(text)

    assert problem.path == "campaigns[0].channels[0]"
    assert problem.code == "ref_platform"


def test_duplicate_campaign_ids_are_refused_at_the_second_ones_line() -> None:
    problem = only_problem(broken('id = "photo-ete"', 'id = "parfum-printemps"'))

    assert problem.path == "campaigns[1].id"
    assert problem.line == TEXT.splitlines().index('id = "photo-ete"') + 1
    assert problem.code == "duplicate_campaign"
    assert problem.params is not None and problem.params["id"] == "parfum-printemps"


def test_poll_with_one_option_is_too_short_at_options_line() -> None:
    text = broken(OPTIONS, 'options = ["Fraise-basilic"]')

    problem = only_problem(text)

    assert problem.path == "campaigns[0].poll.options"
    assert problem.code == "too_short"
    assert problem.line == line_with(text, "options =")


def test_max_choices_above_option_count_is_refused_at_its_line() -> None:
    text = broken("max_choices = 1", "max_choices = 6")

    problem = only_problem(text)

    assert problem.path == "campaigns[0].poll.max_choices"
    assert problem.code == "max_choices"
    assert problem.params == {"value": 6, "count": 5}
    assert problem.line == line_with(text, "max_choices =")


def test_unknown_time_zone_is_refused_at_its_line() -> None:
    text = broken('timezone = "Europe/Paris"', 'timezone = "Europe/Pariss"')

    problem = only_problem(text)

    assert problem.path == "bot.timezone"
    assert problem.code == "time_zone"
    assert problem.line == line_with(text, "timezone =")


def test_campaign_without_closes_at_or_duration_points_at_its_table() -> None:
    text = broken('duration = "7d"', "# no duration")

    problem = only_problem(text)

    assert problem.path == "campaigns[0]"
    assert problem.code == "no_close"
    assert problem.line == TEXT.splitlines().index("[[campaigns]]") + 1


def test_campaign_with_both_closes_at_and_duration_is_refused() -> None:
    problem = only_problem(
        broken('duration = "7d"', 'duration = "7d"\ncloses_at = 2026-12-08T20:00:00 #')
    )

    assert problem.path == "campaigns[0]"
    assert problem.code == "close_twice"


def test_unparseable_duration_is_refused_at_its_line() -> None:
    text = broken('duration = "7d"', 'duration = "7 days"')

    problem = only_problem(text)

    assert problem.path == "campaigns[0].duration"
    assert problem.code == "duration"
    assert problem.line == line_with(text, 'duration = "7 days"')


def test_invalid_toml_syntax_reports_its_line() -> None:
    text = broken("max_choices = 1", "max_choices = = 1")

    problem = only_problem(text)

    assert problem.path == ""
    assert "not valid TOML" in problem.message
    assert problem.line == line_with(text, "max_choices =")


def test_every_problem_is_listed_not_only_the_first() -> None:
    text = broken('timezone = "Europe/Paris"', 'timezone = "Mars/Olympus"')
    text = text.replace("max_choices = 1", "max_choices = 9")

    with pytest.raises(ConfigError) as caught:
        parse_config(text)

    assert {p.path for p in caught.value.problems} == {
        "bot.timezone",
        "campaigns[0].poll.max_choices",
    }


def test_line_of_follows_arrays_of_tables() -> None:
    text = '[bot]\nlocale = "fr"\n\n[[campaigns]]\nid = "a"\n\n[[campaigns]]\nid = "b"\n'

    assert line_of(text, ("campaigns", 1, "id")) == 8
    assert line_of(text, ("campaigns", 0, "id")) == 5
    assert line_of(text, ("bot", "locale")) == 2
    assert line_of(text, ("storage", "media_dir")) is None


# Times: local wall clock → UTC


def _window(opens: str, closes: str) -> tuple[datetime, datetime]:
    config = parse_config(f"""
[bot]
timezone = "Europe/Paris"

[[campaigns]]
id = "spring"
kind = "poll"
title = "Spring"
channels = ["console:main"]
opens_at = {opens}
closes_at = {closes}

[campaigns.poll]
options = ["A", "B"]
""")
    return config.campaigns[0].window_utc(config.bot, datetime(2026, 1, 1, tzinfo=UTC))


def test_window_utc_across_spring_dst_change_in_paris() -> None:
    opens, closes = _window("2026-03-28T12:00:00", "2026-03-29T12:00:00")

    assert opens == datetime(2026, 3, 28, 11, 0, tzinfo=UTC)  # CET, UTC+1
    assert closes == datetime(2026, 3, 29, 10, 0, tzinfo=UTC)  # CEST, UTC+2
    assert closes - opens == timedelta(hours=23)


def test_window_utc_across_autumn_dst_change_in_paris() -> None:
    opens, closes = _window("2026-10-24T12:00:00", "2026-10-25T12:00:00")

    assert opens == datetime(2026, 10, 24, 10, 0, tzinfo=UTC)  # CEST, UTC+2
    assert closes == datetime(2026, 10, 25, 11, 0, tzinfo=UTC)  # CET, UTC+1
    assert closes - opens == timedelta(hours=25)


def test_campaign_time_zone_overrides_the_bots() -> None:
    config = parse_config("""
[bot]
timezone = "Europe/Paris"

[[campaigns]]
id = "tokyo"
kind = "poll"
title = "Tokyo"
timezone = "Asia/Tokyo"
channels = ["console:main"]
opens_at = 2026-07-01T09:00:00
duration = "1d"

[campaigns.poll]
options = ["A", "B"]
""")

    opens, closes = config.campaigns[0].window_utc(config.bot, datetime(2026, 1, 1, tzinfo=UTC))

    assert opens == datetime(2026, 7, 1, 0, 0, tzinfo=UTC)
    assert closes == datetime(2026, 7, 2, 0, 0, tzinfo=UTC)


def test_missing_opens_at_opens_when_started() -> None:
    config = load_config(SHIPPED)
    started = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)

    opens, closes = config.campaigns[0].window_utc(config.bot, started)

    assert opens == started
    assert closes == started + timedelta(days=7)


# Environment


def test_chorus_database_url_overrides_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(SHIPPED)
    monkeypatch.setenv("CHORUS_DATABASE_URL", "postgresql+asyncpg://chorus@db/chorus")

    assert config.database_url() == "postgresql+asyncpg://chorus@db/chorus"


def test_database_url_comes_from_the_file_without_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CHORUS_DATABASE_URL", raising=False)

    assert load_config(SHIPPED).database_url() == "sqlite+aiosqlite:///chorus.db"


def test_default_config_is_valid_and_empty() -> None:
    assert Config().campaigns == []


# Durations


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7d", timedelta(days=7)),
        ("1d 12h", timedelta(days=1, hours=12)),
        ("90m", timedelta(minutes=90)),
        ("36h", timedelta(hours=36)),
        ("45s", timedelta(seconds=45)),
        ("2H", timedelta(hours=2)),
    ],
)
def test_parse_duration_accepts(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "0h", "0d 0m", "abc", "7 days", "7", "-1d", "1.5h"])
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)


@pytest.mark.parametrize("text", ["3651d", "999999999d", "99999999999d", "9" * 400 + "s"])
def test_parse_duration_refuses_more_than_ten_years_whatever_its_size(text: str) -> None:
    with pytest.raises(DurationTooLong, match="at most 3650d"):
        parse_duration(text)


def test_ten_years_is_the_longest_duration() -> None:
    assert parse_duration("3650d") == timedelta(days=3650) == LONGEST


@pytest.mark.parametrize("text", ["7d", "1d 12h", "90m", "1d 2h 3m 4s"])
def test_format_duration_round_trips(text: str) -> None:
    assert parse_duration(format_duration(parse_duration(text))) == parse_duration(text)


def test_duration_is_wall_clock_across_a_dst_change() -> None:
    config = poll_config(extra="")
    campaign = config.campaigns[0].model_copy(
        update={"opens_at": datetime(2026, 10, 19, 10, 0)}  # Monday 10:00 CEST
    )
    opens, closes = campaign.window_utc(config.bot, datetime(2026, 1, 1, tzinfo=UTC))
    assert opens == datetime(2026, 10, 19, 8, 0, tzinfo=UTC)
    assert closes == datetime(2026, 10, 26, 9, 0, tzinfo=UTC)  # Monday 10:00 CET


def test_french_speakers_may_write_a_day_as_j() -> None:
    assert parse_duration("1j 12h") == parse_duration("1d 12h") == timedelta(days=1, hours=12)
