"""Uploaded images are checked and re-encoded before anyone sees them."""

from __future__ import annotations

import io
import zlib

import pytest
from PIL import Image

from bot.model.errors import BadInput
from bot.model.images import clean_image
from tests.campaigns.contest.kit import photo

ACCEPTED = ("jpeg", "png", "webp")


def clean(data: bytes, **limits: int) -> object:
    return clean_image(
        data,
        accepted=ACCEPTED,
        max_width=limits.get("width", 4000),
        max_height=limits.get("height", 4000),
    )


def test_metadata_is_stripped_and_pixels_kept() -> None:
    original = photo(3, exif=True)
    assert Image.open(io.BytesIO(original)).getexif(), "the test photo carries EXIF"

    cleaned = clean_image(original, accepted=ACCEPTED, max_width=100, max_height=100)

    reopened = Image.open(io.BytesIO(cleaned.data))
    assert not reopened.getexif()
    assert "exif" not in reopened.info
    assert (cleaned.kind, cleaned.width, cleaned.height) == ("jpeg", 64, 48)


def test_same_picture_with_other_metadata_has_the_same_hash() -> None:
    plain = clean_image(photo(5), accepted=ACCEPTED, max_width=100, max_height=100)
    tagged = clean_image(photo(5, exif=True), accepted=ACCEPTED, max_width=100, max_height=100)
    other = clean_image(photo(6), accepted=ACCEPTED, max_width=100, max_height=100)

    assert plain.sha256 == tagged.sha256
    assert plain.sha256 != other.sha256


def test_transparent_png_stays_png() -> None:
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(out, "PNG")

    cleaned = clean_image(out.getvalue(), accepted=ACCEPTED, max_width=50, max_height=50)

    assert cleaned.kind == "png"
    assert Image.open(io.BytesIO(cleaned.data)).mode == "RGBA"


def test_text_file_is_not_an_image() -> None:
    with pytest.raises(BadInput) as refused:
        clean_image(b"%PDF-1.7 hello", accepted=ACCEPTED, max_width=50, max_height=50)
    assert refused.value.key == "media.not_image"


def test_format_not_accepted_is_refused() -> None:
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "GIF")

    with pytest.raises(BadInput) as refused:
        clean_image(out.getvalue(), accepted=ACCEPTED, max_width=50, max_height=50)
    assert refused.value.key == "media.not_image"


def test_truncated_photo_is_unreadable() -> None:
    data = photo(7, size=(400, 300))

    with pytest.raises(BadInput) as refused:
        clean_image(data[: len(data) // 2], accepted=ACCEPTED, max_width=500, max_height=500)
    assert refused.value.key == "media.unreadable"


def test_too_wide_is_refused_before_decoding() -> None:
    with pytest.raises(BadInput) as refused:
        clean_image(photo(1, size=(300, 20)), accepted=ACCEPTED, max_width=200, max_height=200)
    assert refused.value.key == "media.dimensions"


def _png_bomb(side: int) -> bytes:
    """A tiny PNG whose header claims ``side`` × ``side`` grey pixels, all zero."""
    import struct

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (side + 1) * 64, 9)  # only the start: never decoded anyway
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def test_decompression_bomb_is_refused_without_decoding() -> None:
    bomb = _png_bomb(60_000)  # 3.6 gigapixels claimed by a file of a few kilobytes
    assert len(bomb) < 10_000

    with pytest.raises(BadInput) as refused:
        clean_image(bomb, accepted=ACCEPTED, max_width=20_000, max_height=20_000)
    assert refused.value.key == "media.dimensions"
