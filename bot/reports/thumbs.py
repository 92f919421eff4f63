"""Small pictures of contest entries for the report's tables, as ``data:`` URIs, so the HTML
report stays one file. A picture that cannot be read is left out (the entry's title stays)."""

from __future__ import annotations

import base64
import io
import logging
from pathlib import Path

from bot.reports.figures import Thumb

SIZE = (96, 96)
log = logging.getLogger(__name__)


def thumb(path: Path, alt: str) -> Thumb | None:
    """A JPEG thumbnail of the picture at ``path`` (blocking: run it in a thread)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as picture:
            small = picture.convert("RGB")
            small.thumbnail(SIZE)
            out = io.BytesIO()
            small.save(out, format="JPEG", quality=80)
    except (OSError, UnidentifiedImageError, ValueError) as error:
        log.warning("no thumbnail for %s in the report (%s)", path, error)
        return None
    return Thumb("data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode(), alt)
