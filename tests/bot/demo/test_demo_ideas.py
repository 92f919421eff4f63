"""``chorus demo --kind ideas`` runs a simulated idea box end to end."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app

SHIPPED = Path(__file__).resolve().parents[3] / "config.toml"


@pytest.fixture(autouse=True)
def _neutral_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CHORUS_LANG", "LANG", "CHORUS_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)


def test_demo_of_the_idea_box_posts_ideas_tells_followers_and_sums_up() -> None:
    result = CliRunner().invoke(
        app, ["demo", "--kind", "ideas", "--members", "30", "--window", "4", "-c", str(SHIPPED)]
    )

    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "💡 La boîte à idées de la Crèmerie" in out
    assert "🔎 Ces idées ressemblent à la vôtre" in out
    assert "📣 Du nouveau pour" in out or "📣 News about" in out
    simulated = re.search(
        r"membres sur Telegram et Discord\u00a0: 30 · idées postées\u00a0: (\d+)", out
    )
    summed_up = re.search(
        r"Idées : (\d+) · soutiens : (\d+) · membres qui ont participé : (\d+)", out
    )
    assert simulated is not None and summed_up is not None
    assert summed_up.group(1) == simulated.group(1)
    assert int(summed_up.group(3)) == 30  # every simulated member upvoted or posted
    assert out.index("💡 La boîte") < out.index("🏁 La boîte à idées")
    assert "chorus report boite-a-idees écrit son rapport" in out.rstrip().splitlines()[-1]


def test_demo_of_the_idea_box_prints_the_same_for_the_same_seed() -> None:
    def play(seed: str) -> str:
        args = ["demo", "--kind", "ideas", "--members", "40", "--seed", seed, "-c", str(SHIPPED)]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        return result.stdout

    first, again, other = play("7"), play("7"), play("8")

    assert first == again
    assert first != other  # the seed is what decides


def test_demo_without_an_idea_box_says_so(tmp_path: Path) -> None:
    text = SHIPPED.read_text(encoding="utf-8").replace(
        'kind = "ideas"', 'kind = "ideas"\nenabled = false'
    )
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")

    result = CliRunner().invoke(app, ["demo", "--kind", "ideas", "-c", str(path), "--lang", "en"])

    assert result.exit_code == 2
    assert 'No enabled idea box (kind = "ideas") in this config.' in result.stdout
