"""An idea's optional picture: checked, cleaned and kept in the shared media store.

The member attaches an image to ``/idea`` (or the platform's form). It is downloaded within
``image_max_mb``, re-encoded without its metadata (:func:`bot.model.images.clean_image`) and written
to the media store under its content hash before the idea's transaction records it, as
contest photos are.
"""

from __future__ import annotations

import asyncio

from bot.engine.context import Context
from bot.model.errors import BadInput, TooLarge
from bot.model.events import CommandInvoked, Event
from bot.model.images import clean_image
from campaigns.ideas.settings import IdeasSettings
from storage.media import MediaStore, StoredMedia

ACCEPTED = ("jpeg", "png", "webp")
MAX_SIDE = 6000


async def picture_of(event: Event, ctx: Context, settings: IdeasSettings) -> StoredMedia | None:
    """The stored picture attached to the command, or None without one.

    Raises:
        BadInput: too large, not an image we accept, unreadable.
    """
    attachments = event.attachments if isinstance(event, CommandInvoked) else ()
    if not attachments:
        return None
    attachment = attachments[0]
    limit = int(settings.image_max_mb * 1_000_000)
    if attachment.size is not None and attachment.size > limit:
        raise TooLarge(limit)
    if attachment.mime_type and not attachment.mime_type.startswith("image/"):
        raise BadInput("media.not_image", types=", ".join(ACCEPTED).upper())
    adapter = ctx.runtime.adapters.get(event.platform)
    if adapter is None:
        raise BadInput("media.unreadable")
    data = await adapter.download(attachment, limit)
    if len(data) > limit:
        raise TooLarge(limit)
    image = await asyncio.to_thread(
        clean_image, data, accepted=ACCEPTED, max_width=MAX_SIDE, max_height=MAX_SIDE
    )
    return await asyncio.to_thread(
        MediaStore(ctx.runtime.config.media_dir()).keep, image, event.platform, attachment.file_ref
    )
