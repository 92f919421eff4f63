"""Charts posted in chat: titles and labels drawn as typed, shares and voters shown, long
texts wrapped, a height cap for 25 options, the brand's colour, a pledge's progress picture."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image as Picture

from bot.engine.i18n import Catalogs
from bot.model.errors import ConfigError
from campaigns import parse_config
from campaigns.shared.chart import MAX_HEIGHT, bar_chart, chart_height, progress_chart
from campaigns.shared.chart_style import wrap
from tests.factories import poll_text

PNG = b"\x89PNG\r\n\x1a\n"
BRAND = "#1f77b4"
EN, FR = Catalogs().translator("en"), Catalogs().translator("fr")


async def test_math_like_option_labels_are_drawn_as_plain_text(tmp_path: Path) -> None:
    t = Catalogs().translator("en")
    labels = ["$x^{$", "Cones at $3 ^_^ or $4?", r"\frac{1}{2} $\alpha$"]

    image = await bar_chart(
        tmp_path / "chart.png", "$}$ flavours", labels, [3, 2, 1], t, voters=6, accent=BRAND
    )

    assert image is not None
    assert Path(image.path).read_bytes().startswith(PNG)
    assert "$x^{$" in image.alt


async def test_chart_says_shares_and_voters(tmp_path: Path) -> None:
    t = Catalogs().translator("fr")

    image = await bar_chart(
        tmp_path / "c.png", "Parfums", ["Vanille", "Citron"], [3, 1], t, voters=4, accent=BRAND
    )

    assert image is not None
    assert "Vanille 3 (75,0\u00a0%)" in image.alt
    assert image.alt.endswith("4 votants")


async def test_chart_that_cannot_be_written_is_left_out(tmp_path: Path) -> None:
    (tmp_path / "charts").write_text("not a folder")
    t = Catalogs().translator("en")

    image = await bar_chart(
        tmp_path / "charts" / "chart.png", "Flavours", ["A"], [1], t, voters=1, accent=BRAND
    )

    assert image is None


def test_long_labels_are_wrapped_and_cut() -> None:
    label = "Chocolat noir intense aux éclats de noisettes du Piémont torréfiées au feu de bois"

    wrapped = wrap(label)

    lines = wrapped.split("\n")
    assert len(lines) == 3 and all(len(line) <= 26 for line in lines)
    assert wrapped.endswith("…")
    assert wrap("Vanille") == "Vanille"


async def test_twenty_five_options_stay_within_the_height_cap(tmp_path: Path) -> None:
    t = Catalogs().translator("en")
    labels = [f"Option number {n} with a rather long name indeed" for n in range(25)]

    image = await bar_chart(
        tmp_path / "c.png", "T" * 150, labels, list(range(25)), t, voters=300, accent=BRAND
    )

    assert image is not None
    with Picture.open(image.path) as picture:
        assert picture.height <= MAX_HEIGHT * 110 + 1
    assert chart_height(3) < chart_height(10) < chart_height(25) == MAX_HEIGHT


async def test_bars_are_drawn_in_the_brand_colour(tmp_path: Path) -> None:
    t = Catalogs().translator("en")

    image = await bar_chart(
        tmp_path / "c.png", "T", ["A", "B"], [3, 1], t, voters=4, accent="#ff00ff"
    )

    assert image is not None
    with Picture.open(image.path) as picture:
        colours = {colour for _, colour in picture.convert("RGB").getcolors(1_000_000) or []}
    assert (255, 0, 255) in colours, "the loser's bar is in the brand's colour"
    assert (46, 139, 87) in colours, "the winner's bar is green"


async def test_pledge_progress_picture(tmp_path: Path) -> None:
    caption = "34.0% of the goal — €680 of €2,000"
    image = await progress_chart(tmp_path / "p.png", "Oven", 0.34, caption, BRAND, EN)

    assert image is not None
    assert Path(image.path).read_bytes().startswith(PNG)
    assert image.alt == "Oven: 34.0% of the goal — €680 of €2,000"
    french = await progress_chart(tmp_path / "f.png", "Four", 0.34, "34,0 %", BRAND, FR)
    assert french is not None and french.alt == "Four\u00a0: 34,0 %"


@pytest.mark.parametrize("colour", ["red", "#12345", "#12345g", "1f77b4"])
def test_accent_color_must_be_a_hex_colour(colour: str) -> None:
    text = poll_text().replace(
        'timezone = "Europe/Paris"', f'timezone = "Europe/Paris"\naccent_color = "{colour}"'
    )

    with pytest.raises(ConfigError) as raised:
        parse_config(text)

    (problem,) = raised.value.problems
    assert problem.code == "accent_color"
    for lang, words in (("en", "is not a colour"), ("fr", "n’est pas une couleur")):
        message = Catalogs().text(lang, "config.accent_color", problem.params)
        assert words in message and colour in message


def test_accent_color_is_read_from_config() -> None:
    text = poll_text().replace(
        'timezone = "Europe/Paris"', 'timezone = "Europe/Paris"\naccent_color = "#1F77B4"'
    )

    assert parse_config(text).bot.accent_color == "#1f77b4"


async def test_the_alt_text_lists_the_bars_as_the_language_does(tmp_path: Path) -> None:
    labels, votes = ["Fraise", "Pistache"], [3, 1]
    english = await bar_chart(
        tmp_path / "en.png", "Flavour", labels, votes, EN, voters=4, accent=BRAND
    )
    french = await bar_chart(
        tmp_path / "fr.png", "Parfum", labels, votes, FR, voters=4, accent=BRAND
    )

    assert english is not None and "Fraise 3 (75.0%); Pistache" in english.alt
    assert french is not None and "Fraise 3 (75,0\u00a0%)\u00a0; Pistache" in french.alt
