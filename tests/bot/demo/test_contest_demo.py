"""``chorus demo --kind contest`` runs a whole photo contest on the console adapter."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from bot.cli import app as cli

SHIPPED = Path(__file__).resolve().parents[3] / "config.toml"


def test_contest_demo_runs_end_to_end() -> None:
    done = CliRunner().invoke(
        cli,
        ["demo", "--kind", "contest", "--members", "30", "--window", "2", "-c", str(SHIPPED)],
        env={"CHORUS_LANG": "en"},
    )

    assert done.exit_code == 0, done.output
    out = done.stdout
    assert "📸 Le concours est ouvert : Votre photo de l’été la plus drôle" in out
    counted = (
        "participations\u00a0: 12 · refusées à l’entrée",
        "entries: 12 · refused at the door",
    )
    assert any(text in out for text in counted)
    assert "🏆 Résultats de «\u00a0Votre photo de l’été la plus drôle\u00a0»" in out
    assert out.count("[image:") >= 4  # the results and three winner cards show photos
    assert "Un an de glaces" in out
    next_steps = out.rstrip().splitlines()[-1]  # in the config's language or CHORUS_LANG's
    assert "chorus run" in next_steps and "chorus report photo-ete" in next_steps
