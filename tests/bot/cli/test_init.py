"""``chorus init`` writes a commented starter config that ``chorus check`` accepts."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.cli.starter import StarterKind, StarterPlatform
from bot.config.readiness import secrets_needed
from campaigns import load_config


@pytest.fixture(autouse=True)
def _neutral_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("CHORUS_LANG", "LANG", "CHORUS_DATABASE_URL", "CHORUS_MEDIA_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("platform", list(StarterPlatform))
@pytest.mark.parametrize("kind", list(StarterKind))
def test_the_starter_config_passes_check(
    kind: StarterKind, platform: StarterPlatform, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = CliRunner().invoke(
        app, ["init", "--kind", kind, "--platform", platform, "--lang", "en"]
    )
    assert written.exit_code == 0, written.output
    assert "Next: chorus check -c config.toml" in written.stdout
    config = load_config(Path("config.toml"))
    for name in secrets_needed(config, platform.value):  # the tokens the comments name
        assert name in Path("config.toml").read_text(encoding="utf-8")
        monkeypatch.setenv(name, "set-by-the-operator")

    checked = CliRunner().invoke(app, ["check"])

    assert checked.exit_code == 0, checked.output
    assert [c.kind for c in config.campaigns] == [kind.value]
    assert {ch.split(":")[0] for ch in config.campaigns[0].channels} == {platform.value}
    assert not Path("chorus.db").exists()


def test_init_never_overwrites_a_config_without_force() -> None:
    Path("config.toml").write_text("# mine\n", encoding="utf-8")

    refused = CliRunner().invoke(app, ["init", "--lang", "fr"])
    assert refused.exit_code == 2
    assert "config.toml existe déjà" in refused.stderr
    assert Path("config.toml").read_text(encoding="utf-8") == "# mine\n"

    forced = CliRunner().invoke(app, ["init", "--force"])
    assert forced.exit_code == 0
    assert "[[campaigns]]" in Path("config.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("target", "lang", "said"),
    [
        (
            "missing/config.toml",
            "en",
            "Cannot write missing/config.toml: its folder does not exist.",
        ),
        ("folder", "fr", "Impossible d’écrire folder\u00a0: c’est un dossier."),
        (
            "file/config.toml",
            "en",
            "Cannot write file/config.toml: a file stands where a folder should be.",
        ),
    ],
)
def test_a_place_that_cannot_be_written_is_one_line(target: str, lang: str, said: str) -> None:
    Path("folder").mkdir()
    Path("file").write_text("", encoding="utf-8")

    done = CliRunner().invoke(app, ["init", "-c", target, "--force", "--lang", lang])

    assert done.exit_code == 2
    assert done.stderr == said + "\n"


def test_what_members_read_is_in_the_configs_language() -> None:
    done = CliRunner().invoke(app, ["init", "--kind", "poll", "--lang", "fr"])

    assert done.exit_code == 0, done.output
    config = load_config(Path("config.toml"))
    [poll] = config.campaigns
    assert config.bot.locale == "fr"
    assert poll.title == "Quel parfum ensuite\u00a0?"
    assert poll.model_dump()["poll"]["options"] == ["Vanille", "Caramel", "Pistache"]
