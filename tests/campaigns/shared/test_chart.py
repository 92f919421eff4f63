"""Result charts draw titles and labels as typed, never as matplotlib math."""

from __future__ import annotations

from pathlib import Path

from bot.engine.i18n import Catalogs
from campaigns.shared.chart import bar_chart

PNG = b"\x89PNG\r\n\x1a\n"


async def test_math_like_option_labels_are_drawn_as_plain_text(tmp_path: Path) -> None:
    t = Catalogs().translator("en")
    labels = ["$x^{$", "Cones at $3 ^_^ or $4?", r"\frac{1}{2} $\alpha$"]

    image = await bar_chart(tmp_path / "chart.png", "$}$ flavours", labels, [3, 2, 1], t)

    assert image is not None
    assert Path(image.path).read_bytes().startswith(PNG)
    assert "$x^{$" in image.alt


async def test_chart_that_cannot_be_written_is_left_out(tmp_path: Path) -> None:
    (tmp_path / "charts").write_text("not a folder")
    t = Catalogs().translator("en")

    image = await bar_chart(tmp_path / "charts" / "chart.png", "Flavours", ["A"], [1], t)

    assert image is None
