"""Checking and cleaning images members upload, before anyone else sees them.

A member's file is untrusted bytes: it may not be an image, be truncated, claim one format and
be another, carry private metadata (GPS position, camera serial) or be a decompression bomb (a
few kilobytes that decode to gigabytes of pixels). :func:`clean_image` reads the header first,
refuses what is not an accepted format or is over the allowed dimensions *before* decoding any
pixel, then decodes and re-encodes the pixels alone: the stored copy carries no metadata, and
the same picture sent with different metadata gets the same hash.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError

from bot.model.errors import BadInput

#: Pillow's format names → the names config files use.
FORMATS = {"JPEG": "jpeg", "MPO": "jpeg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
JPEG_QUALITY = 90


@dataclass(frozen=True, slots=True)
class CleanImage:
    """A re-encoded image: PNG when it has transparency, JPEG otherwise."""

    data: bytes
    kind: str
    width: int
    height: int

    @property
    def sha256(self) -> str:
        """The content address of the cleaned file."""
        return hashlib.sha256(self.data).hexdigest()

    @property
    def mime_type(self) -> str:
        return f"image/{self.kind}"

    @property
    def suffix(self) -> str:
        return "jpg" if self.kind == "jpeg" else self.kind


def clean_image(
    data: bytes, *, accepted: Collection[str], max_width: int, max_height: int
) -> CleanImage:
    """Validate ``data`` and return a metadata-free re-encoding of its pixels.

    Raises:
        BadInput: ``media.not_image`` (not an image, or a format not in ``accepted``),
            ``media.dimensions`` (wider or taller than allowed, decompression bombs included),
            ``media.unreadable`` (damaged or truncated).
    """
    types = ", ".join(t.upper() for t in accepted)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except UnidentifiedImageError:
            raise BadInput("media.not_image", types=types) from None
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise BadInput("media.dimensions", width=max_width, height=max_height) from None
        except (OSError, ValueError, SyntaxError):
            raise BadInput("media.unreadable") from None
        with image:
            kind = FORMATS.get(image.format or "")
            if kind is None or kind not in accepted:
                raise BadInput("media.not_image", types=types)
            width, height = image.size
            if width > max_width or height > max_height or width < 1 or height < 1:
                raise BadInput("media.dimensions", width=max_width, height=max_height)
            try:
                image.load()
                pixels = _pixels_only(image)
            except (Image.DecompressionBombWarning, Image.DecompressionBombError):
                raise BadInput("media.dimensions", width=max_width, height=max_height) from None
            except (OSError, ValueError, SyntaxError, EOFError):
                raise BadInput("media.unreadable") from None
    return _encode(pixels)


def _pixels_only(image: Image.Image) -> Image.Image:
    """The first frame, turned upright as its EXIF says, rebuilt from raw pixels (no metadata)."""
    upright = ImageOps.exif_transpose(image) or image
    transparent = upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    )
    converted = upright.convert("RGBA" if transparent else "RGB")
    return Image.frombytes(converted.mode, converted.size, converted.tobytes())


def _encode(pixels: Image.Image) -> CleanImage:
    out = io.BytesIO()
    options: dict[str, Any]
    if pixels.mode == "RGBA":
        kind, options = "png", {"format": "PNG", "optimize": True}
    else:
        kind, options = "jpeg", {"format": "JPEG", "quality": JPEG_QUALITY}
    pixels.save(out, **options)
    return CleanImage(out.getvalue(), kind, pixels.width, pixels.height)
