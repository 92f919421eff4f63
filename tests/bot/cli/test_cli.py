"""The ``chorus`` command line, driven in-process with Typer's test runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from bot.cli import app
from tests.factories import poll_text

SHIPPED = Path(__file__).resolve().parents[3] / "config.toml"
TEXT = SHIPPED.read_text(encoding="utf-8")
CLOSES_BEFORE_OPENS = TEXT.replace(
    'duration = "7d"', "opens_at = 2026-12-08T10:00:00\ncloses_at = 2026-12-01T10:00:00 #", 1
)
CLOSES_LINE = next(
    n
    for n, line in enumerate(CLOSES_BEFORE_OPENS.splitlines(), start=1)
    if line.startswith("closes_at = 2026-12-01")
)


@pytest.fixture(autouse=True)
def _neutral_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The language and database must come from the command and the file, not the shell."""
    for name in ("CHORUS_LANG", "LANG", "CHORUS_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_check_shipped_config_exits_zero_and_lists_every_campaign() -> None:
    result = invoke("check", str(SHIPPED))

    assert result.exit_code == 0, result.output
    for campaign_id in ("parfum-printemps", "photo-ete", "boite-a-idees", "tournee-camion"):
        assert campaign_id in result.stdout
    assert "4 campagnes" in result.stdout  # the shipped bot speaks French


@pytest.mark.parametrize(
    ("lang", "threshold", "goal"),
    [("fr", "dès 0,75", "objectif 2\u202f000\u00a0€"), ("en", "from 0.75", "goal €2,000")],
)
def test_check_writes_numbers_and_money_as_the_language_does(
    lang: str, threshold: str, goal: str
) -> None:
    result = invoke("check", str(SHIPPED), "--lang", lang)

    assert result.exit_code == 0, result.output
    assert threshold in result.stdout
    assert goal in result.stdout


def test_check_broken_config_exits_2_with_path_and_line_on_stderr(tmp_path: Path) -> None:
    path = write(tmp_path, CLOSES_BEFORE_OPENS)

    result = invoke("check", str(path), "--lang", "en")

    assert result.exit_code == 2
    assert f"campaigns[0].closes_at (line {CLOSES_LINE})" in result.stderr
    assert "must be after opens_at" in result.stderr
    assert result.stdout == ""


def test_check_speaks_french_with_lang_fr(tmp_path: Path) -> None:
    path = write(tmp_path, CLOSES_BEFORE_OPENS)

    result = invoke("check", str(path), "--lang", "fr")

    assert result.exit_code == 2
    assert f"campaigns[0].closes_at (ligne {CLOSES_LINE})" in result.stderr
    assert "doit être après opens_at" in result.stderr
    assert "must be after" not in result.stderr


def test_check_speaks_english_with_lang_en(tmp_path: Path) -> None:
    path = write(tmp_path, CLOSES_BEFORE_OPENS)

    result = invoke("check", str(path), "--lang", "en")

    assert "must be after opens_at" in result.stderr
    assert "doit être" not in result.stderr


def test_check_translates_pydantic_errors_too(tmp_path: Path) -> None:
    text = TEXT.replace('kind = "poll"', 'kind = "poll"\ncolour = "blue"', 1)
    path = write(tmp_path, text)
    line = text.splitlines().index('colour = "blue"') + 1

    result = invoke("check", str(path), "--lang", "en")

    assert result.exit_code == 2
    assert f"campaigns[0].colour (line {line}): unknown setting" in result.stderr


def test_check_lang_falls_back_to_chorus_lang_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHORUS_LANG", "fr_FR.UTF-8")
    path = write(tmp_path, CLOSES_BEFORE_OPENS)

    result = invoke("check", str(path))

    assert "doit être après opens_at" in result.stderr


def test_check_invalid_toml_reports_the_line(tmp_path: Path) -> None:
    text = TEXT.replace("max_choices = 1", "max_choices = = 1", 1)
    path = write(tmp_path, text)
    line = text.splitlines().index("max_choices = = 1") + 1

    result = invoke("check", str(path), "--lang", "en")

    assert result.exit_code == 2
    assert f"(line {line})" in result.stderr
    assert "not valid TOML" in result.stderr


def test_check_missing_file_says_so_and_fails(tmp_path: Path) -> None:
    missing = tmp_path / "absent.toml"

    result = invoke("check", str(missing), "--lang", "en")

    assert result.exit_code == 2
    assert f"cannot read {missing}" in result.stderr
    assert "No such file" in result.stderr


def test_demo_runs_a_whole_round_and_announces_the_voters() -> None:
    result = invoke("demo", "--members", "30", "--window", "1", "--config", str(SHIPPED))

    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "🗳️ Quel parfum pour le printemps\u00a0?" in out
    assert "Membres simulés\u00a0: 30 · " in out
    assert "🏁 Résultats — Quel parfum pour le printemps\u00a0?" in out
    assert "30 votants" in out
    assert out.index("🗳️") < out.index("🏁")
    assert out.rstrip().endswith(
        "Et ensuite\u00a0: chorus report parfum-printemps --demo écrit le rapport qu’une marque "
        "reçoit après une semaine comme celle-ci\u00a0; chorus run ouvre la campagne dans une "
        "console, pour l’essayer vous-même."
    )


def test_demo_kind_pledge_runs_a_whole_pledge_campaign() -> None:
    result = invoke("demo", "--kind", "pledge", "--members", "120", "--config", str(SHIPPED))

    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "💗 La tournée du camion à glaces" in out
    assert "Membres simulés\u00a0: 120 · " in out
    assert "📈 La tournée du camion à glaces : 25,0\u00a0% de l’objectif !" in out
    refusals = ("Cette campagne compte en EUR", "n’est pas un montant", "Les promesses vont de")
    assert any(refusal in out for refusal in refusals)
    assert "── modifié #console:main" in out
    assert "── (message privé à member-" in out and "private message" not in out
    assert out.index("💗") < out.index("📈") < out.index("🎉 Objectif atteint !")
    assert "Messages privés envoyés aux contributeurs\u00a0: " in out
    assert "Merci\u00a0! Nous vous écrirons sous 15 jours" in out
    assert out.splitlines()[-1] == (  # the shipped pledge is disabled: run would not open it
        "Et ensuite\u00a0: «\u00a0tournee-camion\u00a0» est désactivée dans la configuration "
        "(enabled = false)\u00a0; passez-la à true et chorus run l’ouvrira dans une console, "
        "pour l’essayer vous-même\u00a0; une fois qu’elle a tourné, chorus report "
        "tournee-camion écrit son rapport."
    )


def test_demo_of_a_campaign_that_opens_later_says_when_run_opens_it(tmp_path: Path) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    later = tmp_path / "config.toml"
    later.write_text(text.replace("= 2027-", "= 2099-"), encoding="utf-8")

    result = invoke("demo", "--kind", "contest", "--members", "9", "-c", str(later), "--lang", "en")

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith(
        "Next: chorus run opens “photo-ete” in a console chat on Jun 1, 2099, 10:00\u202fAM "
        "(its opens_at)"
    )


def test_demo_kind_pledge_without_a_pledge_campaign_exits_2(tmp_path: Path) -> None:
    config = write(tmp_path, TEXT.split("# 4. Le crowdfunding")[0])

    result = invoke("demo", "--kind", "pledge", "--config", str(config))

    assert result.exit_code == 2
    assert "aucune campagne de soutien" in result.stdout


def test_slack_manifest_prints_the_app_manifest(tmp_path: Path) -> None:
    import json

    config = tmp_path / "config.toml"
    config.write_text(TEXT + '\n[slack]\nmode = "http"\n', encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["slack", "manifest", "-c", str(config), "--lang", "fr", "--request-url", "https://a.b/s"],
    )
    assert result.exit_code == 0, result.output
    manifest = json.loads(result.output)
    assert manifest["features"]["slash_commands"][0]["command"] == "/chorus"
    assert manifest["settings"]["socket_mode_enabled"] is False
    assert manifest["settings"]["event_subscriptions"]["request_url"] == "https://a.b/s"
    assert "commands" in manifest["oauth_config"]["scopes"]["bot"]


def test_slack_manifest_lists_only_the_commands_of_the_kinds_running_on_slack(
    tmp_path: Path,
) -> None:
    import json

    config = tmp_path / "config.toml"
    config.write_text(poll_text(channels=("slack:C0POLL01",)), encoding="utf-8")
    result = CliRunner().invoke(app, ["slack", "manifest", "-c", str(config)])
    assert result.exit_code == 0, result.output
    hint = json.loads(result.output)["features"]["slash_commands"][0]["usage_hint"]
    words = {part.split()[0] for part in hint.split(" | ")}
    assert {"help", "vote", "results", "close", "mydata"} <= words
    assert not words & {"submit", "idea", "pledge", "score", "report"}
